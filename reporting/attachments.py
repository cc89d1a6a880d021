"""Checking an uploaded attachment by what it contains, not by what its name says.

The web form and the API hand their files to reporting.services.submit_report, which applies the
same limits to both: at most PLANFLOW_ATTACHMENTS_PER_REPORT files, each at most
PLANFLOW_ATTACHMENT_MAX_BYTES and of a kind its content proves:
- PDF: parses as a PDF (pyHanko's reader: cross-reference table, catalog, pages);
- DOCX/XLSX: a ZIP archive with the word/ or xl/ parts, every member unpacking to what its header
  says (CRC), and no zip bomb — at most PLANFLOW_ATTACHMENT_MAX_UNCOMPRESSED_BYTES unpacked and at
  most PLANFLOW_ATTACHMENT_MAX_ZIP_RATIO times the file's own size;
- PNG/JPEG: their signature bytes.
"""

import io
import zipfile

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

from config.request_limits import readable_size

_ZIP = b"PK\x03\x04"
_CHUNK = 1024 * 1024


class NotWhatItSays(Exception):
    """The content is not of the kind the name says."""


class ZipBomb(Exception):
    """The archive unpacks to far more than it weighs."""


def _pdf_parses(upload):
    """True when the file parses as a PDF with a catalog and at least one page."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    upload.seek(0)
    try:
        pages = PdfFileReader(io.BytesIO(upload.read()), strict=False).root["/Pages"]
        return int(pages["/Count"]) >= 1
    except Exception:  # noqa: BLE001 - a parser given hostile bytes may raise anything: it is not a PDF
        return False
    finally:
        upload.seek(0)


def _check_office_archive(upload, prefix):
    """Raise NotWhatItSays or ZipBomb unless `upload` is a sound Office archive with `prefix` parts."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if not any(member.filename.startswith(prefix) for member in members):
                raise NotWhatItSays
            unpacked = sum(member.file_size for member in members)
            if unpacked > max_uncompressed_bytes():
                raise ZipBomb("size")
            if unpacked > max_zip_ratio() * max(upload.size, 1):
                raise ZipBomb("ratio")
            for member in members:  # at most the sizes just checked: zipfile stops there and checks the CRC
                with archive.open(member) as data:
                    while data.read(_CHUNK):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, ValueError, OSError) as error:
        raise NotWhatItSays from error
    finally:
        upload.seek(0)


KINDS = {
    "pdf": ("application/pdf", lambda head, f: head.startswith(b"%PDF-") and _pdf_parses(f)),
    "png": ("image/png", lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda head, f: head.startswith(_ZIP) and _check_office_archive(f, "word/") is None,
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda head, f: head.startswith(_ZIP) and _check_office_archive(f, "xl/") is None,
    ),
}


def max_bytes():
    return settings.PLANFLOW_ATTACHMENT_MAX_BYTES


def max_files():
    return settings.PLANFLOW_ATTACHMENTS_PER_REPORT


def max_uncompressed_bytes():
    return settings.PLANFLOW_ATTACHMENT_MAX_UNCOMPRESSED_BYTES


def max_zip_ratio():
    return settings.PLANFLOW_ATTACHMENT_MAX_ZIP_RATIO


def too_many_files_message():
    return _("Tối đa %(count)d tệp cho một báo cáo.") % {"count": max_files()}


def check_upload(upload):
    """(content_type, None) when the file is acceptable, else (None, a Vietnamese reason)."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        return None, _("Tệp “%(name)s”: chỉ nhận PDF, DOCX, XLSX, PNG, JPEG.") % {"name": name}
    if upload.size > max_bytes():
        return None, _("Tệp “%(name)s” quá lớn (tối đa %(mb)d MB).") % {"name": name, "mb": max_bytes() // (1024 * 1024)}
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, matches = KINDS[extension]
    try:
        acceptable = matches(head, upload)
    except NotWhatItSays:
        acceptable = False
    except ZipBomb as bomb:
        if str(bomb) == "size":
            message = _("Tệp “%(name)s”: giải nén ra quá lớn (tối đa %(size)s) — có thể là tệp nén độc hại.")
            return None, message % {"name": name, "size": readable_size(max_uncompressed_bytes())}
        message = _("Tệp “%(name)s”: tỷ lệ nén bất thường (hơn %(ratio)d lần) — có thể là tệp nén độc hại.")
        return None, message % {"name": name, "ratio": max_zip_ratio()}
    if not acceptable:
        return None, _("Tệp “%(name)s” không đúng định dạng mà tên của nó cho biết.") % {"name": name}
    return content_type, None


def download_response(attachment):
    """The stored file of a ReportAttachment, always as a download (never shown inline)."""
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
