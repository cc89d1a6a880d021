"""The outgoing register (issue 19): rows in number order with what happened to each, who may read
it, the XLSX (opened with openpyxl) and the PDF (Appendix IV's columns, read back with pdftotext)."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from register.selectors import COLUMNS
from tests.conftest import PASSWORD
from tests.documents.conftest import pdf_text, squeeze
from workflow.services import perform

pytestmark = pytest.mark.django_db


def issue(world, plan):
    u = world["users"]
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    return perform(plan, "issue", u["clerk"])


@pytest.fixture
def two_issued(world, make_plan):
    first = issue(world, make_plan(subject="Kế hoạch thứ nhất"))
    second = issue(world, make_plan(subject="Kế hoạch thứ hai"))
    make_plan(subject="Một dự thảo chưa có số")
    perform(first, "recall", world["users"]["signer"], comment="Sai thể thức")
    return first, second


def test_the_register_lists_numbered_plans_in_order_with_their_fate(world, two_issued, login):
    first, second = two_issued
    body = login("clerk").get("/api/register/", {"organization": world["district"].pk, "year": first.issue_year}).json()
    rows = body["results"]
    assert body["count"] == 2
    assert [(r["number"], r["symbol"], r["subject"]) for r in rows] == [
        (1, "01/KH-UBND", "Kế hoạch thứ nhất"),
        (2, "02/KH-UBND", "Kế hoạch thứ hai"),
    ]
    assert rows[0]["note"] == "Đã thu hồi" and rows[1]["note"] == ""
    assert rows[1]["signer"] == "KT. Nguyễn Tiên Dũng"
    assert (rows[1]["recipients"], rows[1]["filed_copy"], rows[1]["copies"]) == (["Thường trực Huyện ủy"], "VT", 2)
    assert set(rows[1]) >= {"number", "symbol", "issued_on", "doc_type", "subject", "signer", "recipients", "copies", "sent_on", "note"}


def test_who_may_read_the_register(world, two_issued, login):
    assert login("auditor").get("/api/register/").status_code == 200  # the first body, this year
    assert login("reporter").get("/api/register/").status_code == 403  # a unit keeps no register
    other = login("xa_drafter").get("/api/register/", {"organization": world["district"].pk})
    assert other.status_code == 400 and "organization" in other.json()["errors"]
    assert login("clerk").get("/api/register/", {"year": "abc"}).status_code == 400


def test_the_xlsx_opens_with_openpyxl_and_the_pdf_has_appendix_iv_columns(world, two_issued, login, tmp_path):
    first, _second = two_issued
    client = login("clerk")
    params = {"organization": world["district"].pk, "year": first.issue_year}
    xlsx = client.get("/api/register/export.xlsx", params)
    assert xlsx.status_code == 200
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[2]] == [heading for _field, heading in COLUMNS]
    assert [sheet.cell(row=r, column=1).value for r in (3, 4)] == ["01/KH-UBND", "02/KH-UBND"]

    pdf = client.get("/plans/register/export.pdf", params)  # the page's print link: the same file
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = squeeze(pdf_text(pdf.content, tmp_path))
    for _field, heading in COLUMNS:
        assert squeeze(heading) in text
    assert squeeze("SỔ ĐĂNG KÝ VĂN BẢN ĐI") in text and squeeze("02/KH-UBND") in text and squeeze("Đã thu hồi") in text


def test_the_register_page_shows_rows_and_filters(world, two_issued, login):
    page = login("drafter").get("/plans/register/")
    html = page.content.decode()
    assert page.status_code == 200 and "01/KH-UBND" in html and "Đã thu hồi" in html and 'data-export="pdf"' in html
    assert login("reporter").get("/plans/register/").status_code == 403
    bad = login("drafter").get("/plans/register/", {"year": "x"})
    assert bad.status_code == 200 and "Tham số sổ văn bản đi không hợp lệ." in bad.content.decode()


def test_a_plan_issued_on_paper_keeps_its_number_and_is_marked(world, make_plan, login, django_user_model):
    import datetime

    from accounts.models import Membership, Role
    from audit.verify.trail import verify_plan
    from config.refusals import WrongState
    from plans.models import Plan

    admin = django_user_model.objects.create_user("district_admin", password=PASSWORD)
    Membership.objects.create(user=admin, organization=world["district"], role=Role.ADMIN)
    year = datetime.date.today().year
    body = {"number": 2, "issued_on": f"{year}-01-05", "comment": "Bản giấy lưu tại văn thư"}
    paper = make_plan(subject="Kế hoạch ban hành trên giấy")
    assert login("clerk").post(f"/api/plans/{paper.pk}/actions/register_paper/", body, content_type="application/json").status_code == 403
    client = login("drafter")
    client.force_login(admin)
    response = client.post(f"/api/plans/{paper.pk}/actions/register_paper/", body, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["symbol"]) == ("issued", "02/KH-UBND")
    other = make_plan()
    with pytest.raises(WrongState):  # the number is taken
        perform(other, "register_paper", admin, number=2, issued_on=datetime.date(year, 2, 1))
    assert [issue(world, make_plan()).number for _ in range(2)] == [1, 3]  # issuing skips the paper number
    assert verify_plan(paper.pk).ok
    assert Plan.objects.get(pk=paper.pk).entered_from_paper
    rows = login("clerk").get("/api/register/", {"year": year}).json()["results"]
    assert [(r["number"], r["note"]) for r in rows] == [(1, ""), (2, "Nhập từ bản giấy"), (3, "")]


def test_the_type_is_not_printed_twice_when_the_subject_starts_with_it():
    from datetime import date

    from register.selectors import RegisterRow

    def row(subject):
        return RegisterRow(
            plan_id=1,
            number=1,
            symbol="KH-UBND",
            issued_on=date(2026, 1, 2),
            doc_type="KH",
            subject=subject,
            signer="",
            recipients=[],
            filed_copy="",
            copies=1,
            sent_on=None,
            note="",
        )

    assert row("Kế hoạch triển khai công tác năm 2026").type_and_subject == "Kế hoạch triển khai công tác năm 2026"
    assert row("KẾ HOẠCH triển khai").type_and_subject == "KẾ HOẠCH triển khai"
    assert row("Triển khai công tác năm 2026").type_and_subject == "Kế hoạch Triển khai công tác năm 2026"
