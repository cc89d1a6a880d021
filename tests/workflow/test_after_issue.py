"""Issue 19 through the one door: withdraw, discard, recall, and the successors of Art. 18.

Who may take each action in each state is tests/workflow/test_permission_matrix.py; here are the
rules beyond the table (a decision closes withdraw, a reason is required, slots close on recall,
one successor at a time, the original never changes) and the API and the UI of each.
"""

import pytest
from django.core import mail

from approvals.models import ReviewDecision
from audit.models import AuditEvent
from config.refusals import ConditionsUnmet, InvalidInput, NotPermitted, WrongState
from plans.content import content_hash
from plans.models import Plan
from plans.rules import available_actions
from plans.selectors import with_parts
from plans.succession import create_successor
from reporting.models import ReportSlot
from tests.conftest import PASSWORD
from tests.reporting.conftest import reporting_plan  # noqa: F401 - the fixture
from workflow.flow_sync import open_tasks_of
from workflow.services import perform

pytestmark = pytest.mark.django_db


def issued(world, make_plan, **overrides):
    u = world["users"]
    plan = make_plan(**overrides)
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    return perform(plan, "issue", u["clerk"])


def test_withdraw_returns_the_plan_to_its_drafter_until_a_reviewer_decides(world, make_plan):
    u = world["users"]
    plan = make_plan(reviewers=[u["reviewer"], u["reviewer2"]])
    perform(plan, "submit", u["drafter"])
    plan = perform(plan, "withdraw", u["drafter"], comment="Bổ sung số liệu")
    assert (plan.state, plan.review_round) == ("draft", 2)
    assert [t.flow_task.name for t in open_tasks_of(plan)] == ["revise"]  # the reviewers' tasks are gone
    event = AuditEvent.objects.filter(plan=plan).last()
    assert (event.action, event.from_state, event.to_state, event.comment) == ("withdraw", "review", "draft", "Bổ sung số liệu")

    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])  # one of two decided: the round is no longer the drafter's
    assert "withdraw" not in dict(available_actions(plan, u["drafter"]))
    with pytest.raises(ConditionsUnmet):
        perform(plan, "withdraw", u["drafter"])
    assert Plan.objects.get(pk=plan.pk).state == "review"


def test_discard_needs_a_reason_and_keeps_the_plan_for_the_auditor(world, make_plan, client):
    u = world["users"]
    plan = make_plan()
    with pytest.raises(InvalidInput):
        perform(plan, "discard", u["drafter"])
    plan = perform(plan, "discard", u["drafter"], comment="Soạn nhầm")
    assert Plan.objects.get(pk=plan.pk).state == "discarded"
    client.force_login(u["auditor"])
    body = client.get(f"/api/plans/{plan.pk}/").json()
    assert (body["state"], body["available_actions"]) == ("discarded", [])
    client.force_login(u["drafter"])
    assert client.get(f"/api/plans/{plan.pk}/actions/").json() == []
    assert client.patch(f"/api/plans/{plan.pk}/", {"subject": "Sửa"}, content_type="application/json").status_code == 409


def test_recall_by_the_signer_closes_open_slots(world, reporting_plan):  # noqa: F811
    u = world["users"]
    open_before = ReportSlot.objects.filter(plan=reporting_plan).exclude(state="waived").count()
    assert open_before
    with pytest.raises(InvalidInput):
        perform(reporting_plan, "recall", u["signer"])  # a reason is required
    with pytest.raises(NotPermitted):
        perform(reporting_plan, "recall", u["drafter"], comment="Sai")
    plan = perform(reporting_plan, "recall", u["signer"], comment="Ban hành sai thẩm quyền")
    assert plan.state == "recalled"
    assert set(ReportSlot.objects.filter(plan=plan).values_list("state", flat=True)) == {"waived"}
    event = AuditEvent.objects.filter(plan=plan).last()
    assert (event.action, event.to_state) == ("recall", "recalled")
    assert event.changes == [{"field": "open_report_slots", "old": open_before, "new": 0}]


def test_recall_mail_reaches_the_reporters_of_the_units(world, make_plan, django_capture_on_commit_callbacks):
    u = world["users"]
    u["reporter"].email = "reporter@example.vn"
    u["reporter"].save()
    plan = issued(world, make_plan)
    with django_capture_on_commit_callbacks(execute=True):
        perform(plan, "recall", u["signer"], comment="Ban hành sai thẩm quyền")
    assert [m.to for m in mail.outbox] == [["reporter@example.vn"]]
    assert "Ban hành sai thẩm quyền" in mail.outbox[0].body


def test_a_successor_is_a_linked_prefilled_draft_and_the_original_never_changes(world, make_plan, login):
    u = world["users"]
    original = issued(world, make_plan)
    before = content_hash(with_parts(Plan.objects).get(pk=original.pk))
    client = login("drafter2")
    response = client.post(f"/api/plans/{original.pk}/successor/", {"relation": "replaces"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["predecessor"], body["succession"], body["subject"]) == ("draft", original.pk, "replaces", original.subject)
    assert body["tasks"][0]["text"] == "Chủ trì, phối hợp đôn đốc, kiểm tra."
    # one on its way at a time
    again = client.post(f"/api/plans/{original.pk}/successor/", {"relation": "corrects"}, content_type="application/json")
    assert again.status_code == 409
    # who may not: a reviewer; another authority's drafter does not even see it; a bad relation is a 400
    assert (
        login("reviewer")
        .post(f"/api/plans/{original.pk}/successor/", {"relation": "corrects"}, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        login("xa_drafter")
        .post(f"/api/plans/{original.pk}/successor/", {"relation": "corrects"}, content_type="application/json")
        .status_code
        == 404
    )
    assert (
        login("drafter").post(f"/api/plans/{original.pk}/successor/", {"relation": "x"}, content_type="application/json").status_code == 400
    )

    successor = Plan.objects.get(pk=body["id"])
    perform(successor, "submit", u["drafter2"])
    perform(successor, "approve", u["reviewer"])
    perform(successor, "sign", u["signer"], kind="main", password=PASSWORD)
    successor = perform(successor, "issue", u["clerk"])
    assert content_hash(with_parts(Plan.objects).get(pk=original.pk)) == before
    page = login("auditor").get(f"/plans/{original.pk}/")
    assert f"đã được thay thế bởi {successor.symbol}" in page.content.decode()
    assert (
        login("drafter").post(f"/api/plans/{original.pk}/successor/", {"relation": "replaces"}, content_type="application/json").status_code
        == 409
    )


def test_a_draft_cannot_be_succeeded(world, make_plan):
    with pytest.raises(WrongState):
        create_successor(make_plan(), world["users"]["drafter"], "corrects")


def test_issuing_a_replacement_closes_the_replaced_plans_open_slots(world, reporting_plan):  # noqa: F811
    u = world["users"]
    successor = create_successor(reporting_plan, u["drafter2"], "replaces")
    perform(successor, "submit", u["drafter2"])
    perform(successor, "approve", u["reviewer"])
    perform(successor, "sign", u["signer"], kind="main", password=PASSWORD)
    perform(successor, "issue", u["clerk"])
    assert set(ReportSlot.objects.filter(plan=reporting_plan).values_list("state", flat=True)) == {"waived"}
    assert Plan.objects.get(pk=reporting_plan.pk).state == "reporting"  # the original's state is its own
    assert AuditEvent.objects.filter(plan=reporting_plan, action="slot_waived").exists()
    assert not ReviewDecision.objects.filter(plan=reporting_plan).exclude(review_round=1).exists()


@pytest.mark.parametrize("action", ["withdraw", "discard"])
def test_the_plan_page_offers_the_action_with_a_confirmation(world, make_plan, login, action):
    u = world["users"]
    plan = make_plan()
    if action == "withdraw":
        perform(plan, "submit", u["drafter"])
    client = login("drafter")
    assert f'data-action="{action}"' in client.get(f"/plans/{plan.pk}/").content.decode()
    confirm = client.get(f"/plans/{plan.pk}/actions/{action}/")
    assert confirm.status_code == 200 and "Xác nhận" in confirm.content.decode()
    assert client.post(f"/plans/{plan.pk}/actions/{action}/", {"comment": "Lý do"}).status_code == 302
    assert Plan.objects.get(pk=plan.pk).state == {"withdraw": "draft", "discard": "discarded"}[action]
    assert f'data-action="{action}"' not in login("reviewer").get(f"/plans/{plan.pk}/").content.decode()


def test_the_issue_page_previews_the_number_and_date(world, make_plan, login):
    from django.utils import timezone

    u = world["users"]
    issued(world, make_plan)  # takes 01
    plan = make_plan()
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    html = login("clerk").get(f"/plans/{plan.pk}/actions/issue/").content.decode()
    assert "<strong>02/KH-UBND</strong>" in html and timezone.localdate().strftime("%d/%m/%Y") in html
    assert Plan.objects.get(pk=plan.pk).number is None  # a preview reserves nothing


def test_search_without_diacritics_finds_nep_nghi(world, make_plan, login):
    """On SQLite and on PostgreSQL alike (the folded column, plans.search)."""
    make_plan(subject="Hộ thay đổi nếp nghĩ, cách làm")
    make_plan(subject="Kế hoạch khác", preamble="Để người dân đổi NẾP NGHĨ")
    make_plan(subject="Nếp sống văn minh")
    client = login("drafter")
    found = {p["subject"] for p in client.get("/api/plans/", {"q": "nep nghi"}).json()["results"]}
    assert found == {"Hộ thay đổi nếp nghĩ, cách làm", "Kế hoạch khác"}
    assert {p["subject"] for p in client.get("/api/plans/", {"q": "nếp nghĩ"}).json()["results"]} == found
    assert "Nếp sống văn minh" in client.get("/plans/", {"q": "NEP SONG"}).content.decode()


def test_the_plan_list_exports_to_xlsx_with_its_filters(world, make_plan, login):
    from io import BytesIO

    from openpyxl import load_workbook

    make_plan(subject="Hộ thay đổi nếp nghĩ")
    make_plan(subject="Kế hoạch khác")
    response = login("drafter").get("/plans/export.xlsx", {"q": "nep nghi"})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][2] == "Trích yếu" and [row[2] for row in rows[1:]] == ["Hộ thay đổi nếp nghĩ"]
    assert login("xa_drafter").get("/plans/export.xlsx").status_code == 200  # their own (none of the district's)


def test_an_admin_registers_a_paper_plan_through_its_confirmation_page(world, make_plan, client, django_user_model):
    from accounts.models import Membership, Role

    admin = django_user_model.objects.create_user("district_admin", password=PASSWORD)
    Membership.objects.create(user=admin, organization=world["district"], role=Role.ADMIN)
    plan = make_plan()
    client.force_login(admin)
    assert 'data-action="register_paper"' in client.get(f"/plans/{plan.pk}/").content.decode()
    form = client.get(f"/plans/{plan.pk}/actions/register_paper/").content.decode()
    assert 'name="number"' in form and 'name="issued_on"' in form
    refused = client.post(f"/plans/{plan.pk}/actions/register_paper/", {"number": "", "issued_on": "05/01/2024"})
    assert refused.status_code == 200 and Plan.objects.get(pk=plan.pk).state == "draft"
    assert client.post(f"/plans/{plan.pk}/actions/register_paper/", {"number": "7", "issued_on": "05/01/2024"}).status_code == 302
    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.state, plan.symbol, plan.issued_on.isoformat(), plan.entered_from_paper) == ("issued", "07/KH-UBND", "2024-01-05", True)
    assert "nhập từ bản giấy" in client.get(f"/plans/{plan.pk}/").content.decode()


def test_a_replaced_plans_open_slots_move_to_the_successor(world, reporting_plan):  # noqa: F811
    """Issue 19, item 4: the original's unresolved slots close as moved at the successor's issue, and
    open again on the successor's matching task when it starts reporting (not doubling a period its
    own schedule has; a duty it no longer carries stays closed on the original)."""
    from datetime import date

    from plans.services import update_plan
    from reporting.services import review_slot, submit_report

    u = world["users"]
    january = ReportSlot.objects.get(plan=reporting_plan, due_on=date(2025, 2, 15))
    submit_report(january, u["reporter"], progress=10)
    review_slot(january, u["drafter"], decision="accept")
    successor = create_successor(reporting_plan, u["drafter2"], "replaces")
    monthly = {
        "text": "Báo cáo tháng, sửa lời",
        "lead_unit": world["police"],
        "supporting_units": [],
        "schedule_kind": "monthly",
        "schedule_day": 15,
    }
    successor = update_plan(successor, u["drafter2"], {"period_start": date(2025, 7, 1), "tasks": [monthly]})
    for action, user, kw in (
        ("submit", "drafter2", {}),
        ("approve", "reviewer", {}),
        ("sign", "signer", {"kind": "main", "password": PASSWORD}),
    ):
        perform(successor, action, u[user], **kw)
    perform(successor, "issue", u["clerk"])

    moved = ReportSlot.objects.filter(plan=reporting_plan, moved_to=successor)
    assert moved.count() == 12 and set(moved.values_list("state", flat=True)) == {"waived"}  # 11 months and the year
    assert ReportSlot.objects.get(pk=january.pk).state == "accepted" and ReportSlot.objects.get(pk=january.pk).moved_to is None
    assert not ReportSlot.objects.filter(plan=successor).exists()

    perform(successor, "start_reporting", u["clerk"])
    slots = list(ReportSlot.objects.filter(plan=successor).order_by("due_on"))
    assert [s.period_label for s in slots] == [f"Tháng {m}/2025" for m in range(2, 13)]  # Feb–Jun taken over, Jul–Dec its own
    assert {s.task.text for s in slots} == {"Báo cáo tháng, sửa lời"}
    assert {s.lead_unit_id for s in slots} == {world["police"].pk}  # the inbox's copy of the task's lead unit
    assert [s.due_on for s in slots][:2] == [date(2025, 3, 15), date(2025, 4, 15)]
    assert {s.state for s in slots} == {"overdue"}  # all past by now (2026)
    start = AuditEvent.objects.get(plan=successor, action="start_reporting")
    assert {"field": "report_slots_taken_over", "old": 0, "new": 5} in start.changes
