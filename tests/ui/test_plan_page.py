"""The plan page: the document, the side panel and exactly the buttons each role may use."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import plan_data
from tests.tampering import behind_the_back
from tests.ui.helpers import action_buttons, advance

# Which buttons each person sees in each state (docs/API.md "Actions"; the drafter never reviews or signs).
EXPECTED_BUTTONS = {
    "draft": {"drafter": {"submit", "discard"}, "drafter2": set(), "reviewer": set(), "signer": set(), "clerk": set(), "auditor": set()},
    "review": {
        "drafter": {"withdraw"},
        "drafter2": set(),
        "reviewer": {"approve", "return_for_revision"},
        "signer": {"return_for_revision"},
        "clerk": set(),
        "auditor": set(),
    },
    "signing": {
        "drafter": set(),
        "drafter2": set(),
        "reviewer": {"return_for_revision", "sign"},
        "signer": {"return_for_revision", "sign"},
        "clerk": {"issue"},
        "auditor": set(),
    },
    "issued": {
        "drafter": {"start_reporting"},
        "drafter2": set(),
        "reviewer": set(),
        "signer": {"recall"},
        "clerk": {"start_reporting"},
        "auditor": set(),
    },
    "reporting": {
        "drafter": {"close"},
        "drafter2": set(),
        "reviewer": set(),
        "signer": {"close", "recall"},
        "clerk": set(),
        "auditor": set(),
    },
}


@pytest.mark.parametrize("state", list(EXPECTED_BUTTONS))
def test_exactly_the_allowed_buttons_per_role(login, world, make_plan, state):
    plan = advance(make_plan(), world, state)
    for name, expected in EXPECTED_BUTTONS[state].items():
        response = login(name).get(f"/plans/{plan.pk}/")
        assert response.status_code == 200
        assert action_buttons(response.content.decode()) == expected, (state, name)


def test_only_the_drafter_of_a_draft_sees_the_edit_button(login, world, make_plan):
    plan = make_plan()
    assert 'data-action="edit"' in login("drafter").get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-action="edit"' not in login("drafter2").get(f"/plans/{plan.pk}/").content.decode()
    plan = advance(plan, world, "review")
    assert 'data-action="edit"' not in login("drafter").get(f"/plans/{plan.pk}/").content.decode()


def test_a_reviewer_who_approved_no_longer_sees_approve(login, world, make_plan):
    u = world["users"]
    plan = advance(make_plan(reviewers=[u["reviewer"], u["reviewer2"]]), world, "review")
    html = login("reviewer").get(f"/plans/{plan.pk}/").content.decode()
    assert "approve" in action_buttons(html)
    login("reviewer").post(f"/plans/{plan.pk}/actions/approve/", {"comment": ""})
    html = login("reviewer").get(f"/plans/{plan.pk}/").content.decode()
    assert "approve" not in action_buttons(html)
    assert "đã đồng ý" in html and "chưa đồng ý" in html  # reviewer approved, reviewer2 still to


def test_a_draft_reads_like_a_draft_document(login, world, make_plan):
    plan = make_plan()
    html = login("auditor").get(f"/plans/{plan.pk}/").content.decode()
    for text in [
        '<div class="pf-doc__line">ỦY BAN NHÂN DÂN</div><div class="pf-doc__line">HUYỆN IA H&#x27;DRAI</div>',  # each line whole
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "DỰ THẢO",
        "KẾ HOẠCH",
        "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025",
        '<p class="pf-doc__basis">Căn cứ Kế hoạch số 4754/KH-UBND',
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Xóa nhà tạm",  # the target and the task print in the body, where written (no annex repeats them)
        "Chủ trì, phối hợp đôn đốc, kiểm tra.",
        "50.000.000 đồng",
        "5.000.000",
        "Nơi nhận:",
        "- Thường trực Huyện ủy (b/c);",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Tiên Dũng",
    ]:
        assert text in html, text
    assert "Số:" not in html
    assert "TỈNH KON TUM" not in html  # a UBND prints no parent body over its name (seed 003)


def test_an_issued_plan_shows_its_number_date_and_signature(login, world, make_plan):
    plan = advance(make_plan(), world, "issued")
    html = login("auditor").get(f"/plans/{plan.pk}/").content.decode()
    assert "Số: 01/KH-UBND" in html
    assert "DỰ THẢO" not in html
    issued = plan.issued_on
    month = f"{issued.month:02d}" if issued.month < 3 else str(issued.month)
    assert "Ia H&#x27;DRAI" not in html.split("CỘNG HÒA")[1]  # the date line uses the place name, not the header
    assert f"Ia H&#x27;Drai, ngày {issued.day:02d} tháng {month} năm {issued.year}" in html
    assert "(Đã ký)" in html and "Ký chính" in html and "khớp nội dung hiện tại" in html
    assert "50.000.000" in html


def test_text_is_escaped_everywhere(login, world, make_plan):
    plan = make_plan(
        subject="<script>alert('x')</script> & “ngoặc”", sections=[{"heading": "<b>I.</b>", "body": "<img src=x onerror=alert(1)>"}]
    )
    client = login("drafter")
    for url in [
        f"/plans/{plan.pk}/",
        "/plans/",
        f"/plans/{plan.pk}/history/",
        f"/plans/{plan.pk}/edit/",
        f"/plans/{plan.pk}/actions/submit/",
    ]:
        html = client.get(url).content.decode()
        assert "<script>alert(" not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;alert(" in html, url
    detail = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "&lt;b&gt;I.&lt;/b&gt;" in detail and "&amp; “ngoặc”" in detail


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_plan_pages_query_count_does_not_grow_with_the_number_of_parts(login, world, make_plan):
    base = plan_data(world)
    many = {key: base[key] * 12 for key in ("legal_bases", "sections", "targets", "budget_lines", "recipients")}
    many["tasks"] = [dict(base["tasks"][0]) for _ in range(12)]
    small, large = make_plan(), make_plan(**many)
    assert large.tasks.count() == 12
    client = login("drafter")
    for page in ("", "edit/", "history/"):
        assert _page_queries(client, f"/plans/{small.pk}/{page}") == _page_queries(client, f"/plans/{large.pk}/{page}"), page


def test_a_forged_main_signature_is_not_shown_as_signed(login, world, make_plan):
    """The "(Đã ký)" mark needs a signature that verifies, not just a row whose hash matches the content."""
    from approvals.models import Signature
    from tests.conftest import PASSWORD
    from workflow.services import perform

    plan = advance(make_plan(), world, "signing")

    def page():
        return login("auditor").get(f"/plans/{plan.pk}/").content.decode()

    perform(plan, "sign", world["users"]["signer"], kind="main", password=PASSWORD)
    assert "(Đã ký)" in page()
    signature = Signature.objects.get(plan=plan, kind="main")
    behind_the_back("UPDATE approvals_signature SET signature_value = %s WHERE id = %s", [b"\x00" * 64, signature.pk])
    assert "(Đã ký)" not in page()


def test_ky_is_gone_once_the_current_content_is_signed(login, world, make_plan):
    """A signer who signed the current content sees no "Ký" (it could only be refused); a reviewer
    keeps it until they put their initials; the sign page says why when opened directly."""
    from tests.conftest import PASSWORD
    from workflow.services import perform

    u = world["users"]
    plan = advance(make_plan(), world, "signing")
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    assert action_buttons(login("signer").get(f"/plans/{plan.pk}/").content.decode()) == {"return_for_revision"}
    assert action_buttons(login("reviewer").get(f"/plans/{plan.pk}/").content.decode()) == {"return_for_revision", "sign"}
    page = login("reviewer").get(f"/plans/{plan.pk}/actions/sign/").content.decode()
    assert 'value="initial"' in page and 'value="main"' not in page
    perform(plan, "sign", u["reviewer"], kind="initial")
    assert action_buttons(login("reviewer").get(f"/plans/{plan.pk}/").content.decode()) == {"return_for_revision"}
    response = login("signer").get(f"/plans/{plan.pk}/actions/sign/", follow=True)
    assert "Bạn không thể “Ký” với kế hoạch này lúc này." in response.content.decode()
    api = [a["name"] for a in login("signer").get(f"/api/plans/{plan.pk}/actions/").json()]
    assert api == ["return_for_revision"]


def test_numbering_that_repeats_is_a_warning_on_the_page_and_in_the_api_and_prints_as_written(login, world, make_plan):
    plan = make_plan(sections=[{"heading": "I. MỤC ĐÍCH", "body": "1. Một\n1. Hai"}, {"heading": "I. NỘI DUNG", "body": "3. Ba"}])
    html = login("drafter").get(f"/plans/{plan.pk}/").content.decode()
    assert "Số thứ tự “1.” lặp lại." in html and "Số thứ tự “I.” lặp lại." in html
    assert "Số thứ tự “3.” không liền sau “—”." not in html  # a new part restarts its 1., 2. …
    assert login("drafter").get(f"/api/plans/{plan.pk}/").json()["numbering_warnings"] == [
        "Số thứ tự “1.” lặp lại.",
        "Số thứ tự “I.” lặp lại.",
    ]
    assert html.count("1. Một") == 1 and "1. Hai" in html  # never renumbered


def test_the_plan_page_costs_the_same_queries_for_10_and_100_blocks(login, world, make_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def body(n):
        return [{"heading": "I. NỘI DUNG", "body": "\n".join(f"- Dòng {i}." for i in range(n))}]

    small, large = make_plan(sections=body(10)), make_plan(sections=body(100))
    client = login("drafter")
    client.get(f"/plans/{small.pk}/")
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/plans/{plan.pk}/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
