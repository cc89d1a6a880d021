"""The same limits on attachments everywhere (issue 13, point 7): the web form and the API refuse
the same things with the same Vietnamese message, before anything is stored.

- at most PLANFLOW_ATTACHMENTS_PER_REPORT (10) files a report;
- a DOCX/XLSX is refused past PLANFLOW_ATTACHMENT_MAX_UNCOMPRESSED_BYTES unpacked or a packing ratio
  over PLANFLOW_ATTACHMENT_MAX_ZIP_RATIO (a zip bomb), or when its contents do not unpack;
- a PDF must parse as a PDF (pyHanko's reader), not merely start with "%PDF-".
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reporting.attachments import check_upload
from reporting.models import Report, ReportAttachment, ReportSlot
from tests.uploads import PDF, docx_bytes, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def slot_of(plan):
    return ReportSlot.objects.filter(plan=plan, task__lead_unit__name="Công an huyện", due_on=date(2025, 5, 15)).get()


def post_api(world, slot, files, **fields):
    client = APIClient()
    client.force_authenticate(world["users"]["reporter"])
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(f"/api/slots/{slot.pk}/reports/", {"progress": 50, **fields, "attachments": uploads}, format="multipart")


def post_form(client, slot, files):
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(f"/plans/slots/{slot.pk}/report/", {"progress": "50", "attachments": uploads})


def zip_bomb(kind, size):
    """An archive of `kind` (docx/xlsx) holding `size` bytes of zeros: a few KB packed."""
    prefix = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
    return zip_bytes({"[Content_Types].xml": b"<Types/>", prefix: b"0" * size})


def refusals(world, login, slot, files):
    """The API's message and whether the web form shows the same one; nothing is stored either way."""
    before = (Report.objects.count(), ReportAttachment.objects.count())
    response = post_api(world, slot, files)
    assert response.status_code == 400, response.content
    messages = response.json()["errors"]["attachments"]
    page = post_form(login("reporter"), slot, files).content.decode()
    assert all(message.replace("“", "&ldquo;") in page or message in page for message in messages), (messages, page[:300])
    assert (Report.objects.count(), ReportAttachment.objects.count()) == before
    return messages


def test_the_api_enforces_the_forms_attachment_count(world, reporting_plan, login, media):
    slot = slot_of(reporting_plan)
    messages = refusals(world, login, slot, [(f"{i}.pdf", PDF) for i in range(11)])
    assert messages == ["Tối đa 10 tệp cho một báo cáo."]
    assert post_api(world, slot, [(f"{i}.pdf", PDF) for i in range(10)]).status_code == 201


def test_the_count_comes_from_settings(world, reporting_plan, settings, media):
    settings.PLANFLOW_ATTACHMENTS_PER_REPORT = 2
    response = post_api(world, slot_of(reporting_plan), [(f"{i}.pdf", PDF) for i in range(3)])
    assert response.json()["errors"]["attachments"] == ["Tối đa 2 tệp cho một báo cáo."]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_zip_bomb_is_refused_by_its_unpacked_size(world, reporting_plan, login, settings, media, kind):
    settings.PLANFLOW_ATTACHMENT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    settings.PLANFLOW_ATTACHMENT_MAX_ZIP_RATIO = 10**6  # the size alone refuses it
    bomb = zip_bomb(kind, 2 * 1024 * 1024)
    assert len(bomb) < 10_000
    [message] = refusals(world, login, slot_of(reporting_plan), [(f"bang.{kind}", bomb)])
    assert message == f"Tệp “bang.{kind}”: giải nén ra quá lớn (tối đa 1 MB) — có thể là tệp nén độc hại."


def test_a_zip_bomb_is_refused_by_its_packing_ratio(world, reporting_plan, login, media):
    bomb = zip_bomb("docx", 512 * 1024)  # within the size limit, ~500 times its packed size
    [message] = refusals(world, login, slot_of(reporting_plan), [("bao-cao.docx", bomb)])
    assert message == "Tệp “bao-cao.docx”: tỷ lệ nén bất thường (hơn 100 lần) — có thể là tệp nén độc hại."


def test_a_docx_whose_contents_do_not_unpack_is_refused(world, reporting_plan, login, media):
    sound = docx_bytes()
    broken = bytearray(sound)
    middle = len(broken) // 2
    broken[middle : middle + 64] = b"\x00" * 64  # inside some member's packed data
    [message] = refusals(world, login, slot_of(reporting_plan), [("bao-cao.docx", bytes(broken))])
    assert message == "Tệp “bao-cao.docx” không đúng định dạng mà tên của nó cho biết."


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n% a small report\n", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", b"%PDF-" + b"0" * 400, PDF[:-40]],
    ids=["a header only", "no cross-reference", "zeros", "truncated"],
)
def test_a_pdf_that_does_not_parse_is_refused(world, reporting_plan, login, media, content):
    [message] = refusals(world, login, slot_of(reporting_plan), [("bao-cao.pdf", content)])
    assert message == "Tệp “bao-cao.pdf” không đúng định dạng mà tên của nó cho biết."


def test_real_files_of_every_kind_are_accepted(world, reporting_plan, media):
    from documents.services import document_pdf

    files = [
        ("mot-trang.pdf", PDF),
        ("ke-hoach.pdf", document_pdf(reporting_plan)[0]),  # WeasyPrint's, as the plan page offers it
        ("bao-cao.docx", docx_bytes()),
        ("so-lieu.xlsx", xlsx_bytes()),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    ]
    response = post_api(world, slot_of(reporting_plan), files)
    assert response.status_code == 201, response.content
    assert len(response.json()["attachments"]) == len(files)


def test_check_upload_reads_a_docx_without_trusting_its_name(media):
    assert check_upload(SimpleUploadedFile("a.docx", docx_bytes()))[1] is None
    assert check_upload(SimpleUploadedFile("a.docx", xlsx_bytes()))[1] is not None  # an XLSX named .docx
