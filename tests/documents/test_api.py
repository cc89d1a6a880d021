"""GET /api/plans/{id}/document.pdf and .docx (docs/API.md "Documents"), and the buttons on the plan page."""

from documents.models import SignedDocument
from tests.documents.conftest import docx_text, drive, pdf_text, squeeze


def test_anonymous_gets_401_and_another_authority_404(world, make_plan, api):
    plan = make_plan()
    for suffix in ("pdf", "docx"):
        response = api().get(f"/api/plans/{plan.pk}/document.{suffix}")
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
        response = api("xa_drafter").get(f"/api/plans/{plan.pk}/document.{suffix}", HTTP_ACCEPT="application/pdf")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert api("auditor").get(f"/api/plans/999999/document.{suffix}").status_code == 404


def test_a_draft_downloads_as_a_draft_pdf_and_docx(world, make_plan, api, tmp_path):
    plan = make_plan()
    response = api("auditor").get(f"/api/plans/{plan.pk}/document.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="du-thao-ke-hoach-{plan.pk}.pdf"'
    text = squeeze(pdf_text(response.content, tmp_path))
    assert "DỰTHẢO" in text and squeeze("Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm") in text
    assert "Số:" not in text
    response = api("drafter").get(f"/api/plans/{plan.pk}/document.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    text = docx_text(response.content)
    assert "DỰ THẢO" in text and "- Thường trực Huyện ủy (b/c);" in text and "50.000.000" in text


def test_a_signed_plan_serves_the_signer_certified_pdf_while_it_matches(world, make_plan, api, signed_pdfs):
    plan = drive(make_plan(), world, "submit", "approve", "sign")
    document = SignedDocument.objects.get(plan=plan, stage="signed")
    with document.file.open("rb") as handle:
        assert api("clerk").get(f"/api/plans/{plan.pk}/document.pdf").content == handle.read()


def test_an_issued_docx_holds_the_number(world, make_plan, api):
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")
    response = api("auditor").get(f"/api/plans/{plan.pk}/document.docx")
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-01-KH-UBND.docx"'
    text = docx_text(response.content)
    assert "Số: 01/KH-UBND" in text and "DỰ THẢO" not in text and "(Đã ký)" in text


def test_the_plan_page_has_the_download_buttons(login, world, make_plan):
    plan = make_plan()
    html = login("auditor").get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="/api/plans/{plan.pk}/document.pdf"' in html
    assert f'href="/api/plans/{plan.pk}/document.docx"' in html
