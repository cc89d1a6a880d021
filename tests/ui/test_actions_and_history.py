"""Actions through the UI: the whole lifecycle, refusals that change nothing, and the history tab."""

import re

from simple_history.utils import get_history_model_for_model

from approvals.models import Signature
from audit.models import AuditEvent
from plans.models import Plan
from plans.services import update_plan
from tests.conftest import PASSWORD
from tests.ui.helpers import action_buttons, advance


def state_of(plan):
    return Plan.objects.get(pk=plan.pk).state


def unchanged(plan):
    """What a refused action must leave as it was."""
    fresh = Plan.objects.get(pk=plan.pk)
    return (
        fresh.state,
        fresh.review_round,
        fresh.number,
        fresh.updated_at,
        AuditEvent.objects.filter(plan=plan).count(),
        Signature.objects.filter(plan=plan).count(),
        get_history_model_for_model(Plan).objects.filter(id=plan.pk).count(),
    )


def act(client, plan, action, **data):
    """Open the confirmation page, then confirm; returns the page shown afterwards."""
    page = client.get(f"/plans/{plan.pk}/actions/{action}/")
    assert page.status_code == 200, action
    return client.post(f"/plans/{plan.pk}/actions/{action}/", data, follow=True)


def test_draft_to_reporting_through_the_ui(login, world, make_plan):
    plan = make_plan()

    page = act(login("drafter"), plan, "submit", comment="Kính trình thẩm định")
    assert "Đã thực hiện “Trình thẩm định”." in page.content.decode()
    assert state_of(plan) == "review"

    page = act(login("reviewer"), plan, "approve", comment="Đồng ý")
    assert state_of(plan) == "signing"

    page = act(login("signer"), plan, "sign", kind="main", password=PASSWORD)
    assert "Đã thực hiện “Ký”." in page.content.decode()
    assert Signature.objects.get(plan=plan).kind == "main"

    page = act(login("clerk"), plan, "issue")
    html = page.content.decode()
    assert "Đã ban hành kế hoạch, số 01/KH-UBND." in html and "Số: 01/KH-UBND" in html
    assert state_of(plan) == "issued"

    page = act(login("clerk"), plan, "start_reporting")
    assert state_of(plan) == "reporting"
    assert page.request["PATH_INFO"] == f"/plans/{plan.pk}/"

    actions = list(AuditEvent.objects.filter(plan=plan).order_by("seq").values_list("action", "actor__username"))
    assert actions == [
        ("create", "drafter"),
        ("submit", "drafter"),
        ("approve", "reviewer"),
        ("sign_main", "signer"),
        ("issue", "clerk"),
        ("start_reporting", "clerk"),
    ]


def test_return_for_revision_needs_a_reason_and_starts_a_new_round(login, world, make_plan):
    plan = advance(make_plan(), world, "review")
    client = login("reviewer")
    before = unchanged(plan)
    response = client.post(f"/plans/{plan.pk}/actions/return_for_revision/", {"comment": "  "})
    assert response.status_code == 200 and "Cần ghi nội dung này." in response.content.decode()
    assert unchanged(plan) == before
    act(client, plan, "return_for_revision", comment="Bổ sung kinh phí")
    fresh = Plan.objects.get(pk=plan.pk)
    assert (fresh.state, fresh.review_round) == ("draft", 2)


def test_a_wrong_password_does_not_sign(login, world, make_plan):
    plan = advance(make_plan(), world, "signing")
    before = unchanged(plan)
    response = login("signer").post(f"/plans/{plan.pk}/actions/sign/", {"kind": "main", "password": "sai"})
    assert response.status_code == 200
    assert "Mật khẩu xác nhận chữ ký không đúng." in response.content.decode()
    assert unchanged(plan) == before


def test_the_sign_page_offers_only_the_kind_this_person_may_sign(login, world, make_plan):
    plan = advance(make_plan(), world, "signing")
    signer_page = login("signer").get(f"/plans/{plan.pk}/actions/sign/").content.decode()
    assert 'value="main"' in signer_page and 'value="initial"' not in signer_page and 'type="password"' in signer_page
    reviewer_page = login("reviewer").get(f"/plans/{plan.pk}/actions/sign/").content.decode()
    assert 'value="initial"' in reviewer_page and 'value="main"' not in reviewer_page and 'type="password"' not in reviewer_page
    before = unchanged(plan)
    response = login("reviewer").post(f"/plans/{plan.pk}/actions/sign/", {"kind": "main", "password": PASSWORD})
    assert response.status_code == 200 and "Hãy chọn" in response.content.decode()
    assert unchanged(plan) == before


def test_irreversible_actions_say_so(login, world, make_plan):
    plan = advance(make_plan(), world, "signing")
    assert "không thể hoàn tác" in login("clerk").get(f"/plans/{plan.pk}/actions/issue/").content.decode()
    assert "không thể hoàn tác" not in login("reviewer").get(f"/plans/{plan.pk}/actions/return_for_revision/").content.decode()


def test_a_refused_action_shows_a_message_and_changes_nothing(login, world, make_plan):
    plan = advance(make_plan(), world, "signing")
    before = unchanged(plan)
    client = login("reviewer")
    response = client.post(f"/plans/{plan.pk}/actions/issue/", {"comment": ""}, follow=True)
    assert "Bạn không có quyền “Ban hành, cấp số” với kế hoạch này." in response.content.decode()
    assert unchanged(plan) == before
    # Not possible in this state (409 in the API): a message too.
    response = login("drafter").post(f"/plans/{plan.pk}/actions/submit/", {"comment": ""}, follow=True)
    assert "Không thể “Trình thẩm định” khi kế hoạch đang ở trạng thái “Trình ký”." in response.content.decode()
    # A condition unmet: the clerk issues before anyone signed.
    response = login("clerk").post(f"/plans/{plan.pk}/actions/issue/", {}, follow=True)
    assert "Chưa đủ điều kiện" in response.content.decode()
    assert unchanged(plan) == before


def test_submitting_an_incomplete_plan_lists_what_is_missing(login, world, make_plan):
    plan = make_plan(signer=None, reviewers=[])
    before = unchanged(plan)
    response = login("drafter").post(f"/plans/{plan.pk}/actions/submit/", {}, follow=True)
    html = response.content.decode()
    assert "Chưa chọn người ký." in html and "Chưa chọn người thẩm định." in html
    assert unchanged(plan) == before


def test_the_confirmation_page_of_an_unavailable_action_sends_back_with_a_message(login, world, make_plan):
    plan = make_plan()
    response = login("reviewer").get(f"/plans/{plan.pk}/actions/approve/", follow=True)
    assert "Bạn không thể “Đồng ý, trình ký” với kế hoạch này lúc này." in response.content.decode()
    assert action_buttons(response.content.decode()) == set()


def test_the_history_tab_shows_each_change_with_old_and_new_values(login, world, make_plan):
    u = world["users"]
    plan = make_plan(subject="Trích yếu cũ")
    update_plan(plan, u["drafter"], {"subject": "Trích yếu mới", "reviewers": [u["reviewer2"]]})
    advance(plan, world, "review")
    html = login("auditor").get(f"/plans/{plan.pk}/history/").content.decode()
    assert "Tạo dự thảo" in html and "Chỉnh sửa" in html and "Trình thẩm định" in html
    rows = re.findall(r"<tr><td>Trích yếu</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", html)
    assert rows == [("—", "Trích yếu cũ"), ("Trích yếu cũ", "Trích yếu mới")]  # created, then edited
    assert "Người thẩm định" in html and "Phạm Thẩm Định" in html and "Hoàng Văn Xét" in html  # ids shown as names
    assert "Trần Văn Soạn" in html  # the actor
    assert "Dự thảo → Đang thẩm định" in html


def test_the_history_tab_paginates(login, world, make_plan):
    u = world["users"]
    plan = make_plan(subject="Lần 0")
    for i in range(1, 25):
        update_plan(plan, u["drafter"], {"subject": f"Lần {i}"})
    client = login("drafter")
    first = client.get(f"/plans/{plan.pk}/history/").content.decode().split("<main", 1)[1]
    second = client.get(f"/plans/{plan.pk}/history/?page=2").content.decode().split("<main", 1)[1]
    assert first.count('class="pf-event"') == 20 and second.count('class="pf-event"') == 5
    assert "Lần 24" in second and "Lần 24" not in first.split("</strong></p>", 1)[1]  # (the subject heads each page)


def test_closing_needs_a_summary(login, world, make_plan):
    plan = advance(make_plan(), world, "reporting")
    before = unchanged(plan)
    page = login("drafter").get(f"/plans/{plan.pk}/actions/close/").content.decode()
    assert "Tổng kết khi kết thúc" in page and "không thể hoàn tác" in page
    response = login("drafter").post(f"/plans/{plan.pk}/actions/close/", {"comment": ""})
    assert response.status_code == 200 and "Cần ghi nội dung này." in response.content.decode()
    assert unchanged(plan) == before


def test_history_values_read_as_people_write_them(login, world, make_plan):
    """Có/Không, dd/mm/yyyy, 5.000.000, 77,17, and a part's fields in the document's order — also
    when the database keeps the JSON keys in another order (PostgreSQL's jsonb: "body" before "heading")."""
    from datetime import date
    from decimal import Decimal

    from approvals.comments import add_comment, resolve_comment

    u = world["users"]
    plan = make_plan(
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        targets=[{"text": "Tỷ lệ hộ", "unit": "%", "target_value": Decimal("77.17"), "baseline": None}],
    )
    plan = advance(plan, world, "review")
    comment = add_comment(plan, u["reviewer"], text="Xem lại.")
    resolve_comment(comment, u["drafter"])
    html = login("auditor").get(f"/plans/{plan.pk}/history/").content.decode()
    changes = dict(re.findall(r"<tr><td>(.*?)</td><td[^>]*>.*?</td><td[^>]*>(.*?)</td></tr>", html, re.S))
    assert changes["Thực hiện từ ngày"] == "01/01/2024" and changes["Đến ngày"] == "31/12/2024"
    assert "đơn giá (đồng): 5.000.000; số lượng: 10; thành tiền (đồng): 50.000.000" in changes["Kinh phí"]
    assert "giá trị mục tiêu: 77,17" in changes["Chỉ tiêu"]
    sections = changes["Mục"]
    assert sections.index("tiêu đề: I. MỤC ĐÍCH, YÊU CẦU") < sections.index("nội dung: Tạo khí thế")
    assert changes["Đã giải quyết"] == "Có"
    for raw in ("True", "False", "2024-01-01", "5000000", "77.17"):
        assert f">{raw}<" not in html and f": {raw};" not in html, raw


def test_history_shows_a_part_in_document_order_whatever_order_the_json_keeps():
    from audit.web.labels import ValueNames, change_rows

    changes = [{"field": "sections", "old": None, "new": [{"body": "Nội dung.", "heading": "I. MỤC ĐÍCH"}]}]
    [row] = change_rows(changes, ValueNames(changes))
    assert row["new"] == "1. tiêu đề: I. MỤC ĐÍCH; nội dung: Nội dung."
