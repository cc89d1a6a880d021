"""Every file planflow cannot import is a 400 that says why and creates nothing (issue 17, point 4):
through the API, and the same reasons on the upload page."""

import io
import zipfile

import pytest

from planimport.models import PendingImport
from tests.planimport import files
from tests.planimport.conftest import upload

pytestmark = pytest.mark.django_db


def encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(files.pdf_of(["KẾ HOẠCH", "Thực hiện nhiệm vụ năm 2025"]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ole_file(*streams):
    """An OLE compound file's signature and header, with the names of its streams (UTF-16): the
    container Word keeps an encrypted DOCX in (its EncryptionInfo stream), or an old .doc."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + b"".join(name.encode("utf-16-le") + b"\x00" * 16 for name in streams) + b"\x00" * 1024


def docm():
    document = files.docx_of(["KẾ HOẠCH", "Thực hiện nhiệm vụ"])
    return files.rezip(document, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})


def docm_by_content_type():
    document = files.docx_of(["KẾ HOẠCH", "Thực hiện nhiệm vụ"])
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return files.rezip(document, {"[Content_Types].xml": types})


def zip_bomb():
    """A DOCX whose document.xml unpacks to 60 MB of zeros from about 60 KB."""
    document = files.docx_of(["KẾ HOẠCH", "Thực hiện nhiệm vụ"])
    return files.rezip(document, {"word/media/padding.bin": b"\x00" * (60 * 1024 * 1024)})


def corrupt_docx():
    document = files.docx_of(["KẾ HOẠCH", "Thực hiện nhiệm vụ"])
    return document[:200] + b"\xff" * 300 + document[500:]


BAD_FILES = {
    "empty": (lambda: b"", "rỗng"),
    "corrupt DOCX": (corrupt_docx, "hỏng"),
    "not a ZIP at all after its signature": (lambda: b"PK\x03\x04" + b"\x00garbage" * 50, "hỏng"),
    "corrupt PDF": (lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntrailer <<>>\n%%EOF", "hỏng"),
    "encrypted PDF": (encrypted_pdf, "mật khẩu"),
    "encrypted DOCX (OLE)": (lambda: ole_file("EncryptionInfo", "EncryptedPackage"), "mật khẩu"),
    "old .doc": (lambda: ole_file("WordDocument", "1Table"), ".doc"),
    "macro-enabled .docm (vbaProject.bin)": (docm, "macro"),
    "macro-enabled .docm (content type)": (docm_by_content_type, "macro"),
    "zip bomb": (zip_bomb, "tệp nén độc hại"),
    "a ZIP that is not a Word document": (
        lambda: files.rezip(files.docx_of(["x"]), {}).replace(b"word/document.xml", b"word/documenX.xml"),
        "không phải văn bản Word",
    ),
    "PNG image": (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "loại tệp"),
    "not UTF-8 (Windows-1258)": (lambda: "KẾ HOẠCH\nThực hiện".encode("cp1258", "replace") + b"\xe0\xe1", "UTF-8"),
    "UTF-16 text": (lambda: "KẾ HOẠCH\nThực hiện".encode("utf-16"), "loại tệp"),
    "text that is not a plan": (lambda: "Báo cáo tình hình\nNội dung báo cáo\nKết luận".encode(), "kế hoạch"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_a_400_that_says_why_and_creates_nothing(world, api, nothing_written, case):
    make, reason = BAD_FILES[case]
    with nothing_written():
        response = api("drafter").post(
            "/api/plans/import/", {"file": upload(make()), "organization": world["district"].pk}, format="multipart"
        )
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    said = " ".join([body["detail"], *(m for messages in body.get("errors", {}).values() for m in messages)])
    assert reason.lower() in said.lower(), body
    assert body["code"] == "invalid"


def test_over_20_mb_is_refused_from_its_size_before_it_is_read(world, api, nothing_written, settings, monkeypatch):
    assert settings.PLANFLOW_IMPORT_MAX_BYTES == 20 * 1024 * 1024
    monkeypatch.setattr("planimport.services.read_upload", lambda data: pytest.fail("the file was read"))
    big = b"KE HOACH\n" + b"x" * (20 * 1024 * 1024)
    with nothing_written():
        response = api("drafter").post(
            "/api/plans/import/", {"file": upload(big), "organization": world["district"].pk}, format="multipart"
        )
    assert response.status_code == 400
    assert "20 MB" in response.json()["detail"]


def test_a_zip_over_the_packing_ratio_is_refused_though_small(world, api, nothing_written, settings):
    settings.PLANFLOW_ATTACHMENT_MAX_ZIP_RATIO = 5
    document = files.rezip(files.docx_of(["KẾ HOẠCH", "Một dòng"]), {"word/media/zeros.bin": b"\x00" * 400_000})
    with nothing_written():
        response = api("drafter").post(
            "/api/plans/import/", {"file": upload(document), "organization": world["district"].pk}, format="multipart"
        )
    assert response.status_code == 400
    assert "tệp nén độc hại" in response.json()["detail"]


def test_the_upload_page_shows_the_reason_and_keeps_nothing(world, client, nothing_written):
    client.force_login(world["users"]["drafter"])
    with nothing_written():
        response = client.post("/plans/import/", {"organization": world["district"].pk, "file": upload(docm(), "ke-hoach.docm")})
    assert response.status_code == 422
    assert "macro" in response.content.decode()
    assert not PendingImport.objects.exists()


def damaged(data, seed):
    """`data` with a few bytes overwritten at places that depend on `seed` (deterministic)."""
    import random

    chance = random.Random(seed)
    out = bytearray(data)
    for _ in range(8):
        start = chance.randrange(len(out))
        out[start : start + 16] = bytes(chance.randrange(256) for _ in range(16))[: len(out) - start]
    return bytes(out)


@pytest.mark.parametrize("seed", range(12))
def test_damaged_files_answer_201_or_400_never_a_server_error(world, api, seed):
    lines = files.seed_lines(2)
    sources = [files.docx_of(lines), files.pdf_of(lines[:40]), files.seed_text(2).encode("utf-8")]
    response = api("drafter").post(
        "/api/plans/import/", {"file": upload(damaged(sources[seed % 3], seed)), "organization": world["district"].pk}, format="multipart"
    )
    assert response.status_code in (201, 400), response.content[:300]
