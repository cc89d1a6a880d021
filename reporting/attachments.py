"""Checking an uploaded attachment by what it contains, not by what its name says."""

import zipfile

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

# extension → (content type, test on the first bytes / the file)
_ZIP = b"PK\x03\x04"


def _zip_has(upload, prefix):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(prefix) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


KINDS = {
    "pdf": ("application/pdf", lambda head, f: head.startswith(b"%PDF-")),
    "png": ("image/png", lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda head, f: head.startswith(_ZIP) and _zip_has(f, "word/"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda head, f: head.startswith(_ZIP) and _zip_has(f, "xl/"),
    ),
}


def max_bytes():
    return getattr(settings, "PLANFLOW_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


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
    if not matches(head, upload):
        return None, _("Tệp “%(name)s” không đúng định dạng mà tên của nó cho biết.") % {"name": name}
    return content_type, None


def download_response(attachment):
    """The stored file of a ReportAttachment, always as a download (never shown inline)."""
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
