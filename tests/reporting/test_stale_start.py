"""Issue 18 point 4: starting reporting on a plan whose periods are past asks for confirmation and lists
the slots that will open overdue; the clerk may waive them in one step with a reason. A report filed
after its date is `late`, on the slot, the dashboard and the consolidated report."""

from datetime import date

from django.utils import timezone

from audit.models import AuditEvent
from plans.models import Plan
from reporting.models import ReportSlot, SlotDecision
from reporting.services import slots_opening_overdue, submit_report
from tests.ui.helpers import advance

QUARTERLY = [{"text": "Báo cáo hằng quý", "schedule_kind": "quarterly", "schedule_day": 5}]


def stale_plan(world, make_plan):
    """A plan for 2024 (today is later), issued: its four quarters' reports are all past due."""
    plan = make_plan(
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        tasks=[{"lead_unit": world["police"], "supporting_units": [], **task} for task in QUARTERLY],
    )
    return advance(plan, world, "issued")


def test_the_confirmation_lists_the_slots_that_will_open_overdue(login, world, make_plan):
    plan = stale_plan(world, make_plan)
    assert [(p.label, p.due) for _t, p in slots_opening_overdue(plan)] == [
        ("Quý I/2024", date(2024, 4, 5)),
        ("Quý II/2024", date(2024, 7, 5)),
        ("Quý III/2024", date(2024, 10, 5)),
        ("Quý IV/2024", date(2025, 1, 5)),
    ]
    page = login("clerk").get(f"/plans/{plan.pk}/actions/start_reporting/").content.decode()
    assert 'data-opening-overdue="4"' in page and page.count("data-overdue-slot") == 4
    assert "Quý IV/2024 — hạn 05/01/2025" in page
    assert 'name="confirm_overdue"' in page and 'name="waive_overdue"' in page


def test_without_the_confirmation_nothing_starts(login, world, make_plan):
    plan = stale_plan(world, make_plan)
    events = AuditEvent.objects.count()
    response = login("clerk").post(f"/plans/{plan.pk}/actions/start_reporting/", {"comment": ""})
    assert response.status_code == 200 and "Hãy xác nhận đã xem các kỳ báo cáo sẽ quá hạn." in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).state == "issued" and not ReportSlot.objects.filter(plan=plan).exists()
    assert AuditEvent.objects.count() == events


def test_a_waiver_needs_a_reason_and_changes_nothing_without_it(login, world, make_plan):
    plan = stale_plan(world, make_plan)
    response = login("clerk").post(f"/plans/{plan.pk}/actions/start_reporting/", {"confirm_overdue": "on", "waive_overdue": "on"})
    assert response.status_code == 200 and "Cần ghi lý do miễn báo cáo." in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).state == "issued" and not ReportSlot.objects.filter(plan=plan).exists()


def test_confirmed_the_slots_open_overdue(login, world, make_plan):
    plan = stale_plan(world, make_plan)
    response = login("clerk").post(f"/plans/{plan.pk}/actions/start_reporting/", {"confirm_overdue": "on"})
    assert response.status_code == 302
    assert list(ReportSlot.objects.filter(plan=plan).values_list("period_label", "state")) == [
        ("Quý I/2024", "overdue"),
        ("Quý II/2024", "overdue"),
        ("Quý III/2024", "overdue"),
        ("Quý IV/2024", "overdue"),
    ]


def test_the_clerk_waives_them_in_one_step_with_a_reason(login, world, make_plan):
    plan = stale_plan(world, make_plan)
    reason = "Kế hoạch ban hành muộn; các quý đã báo cáo trong báo cáo năm."
    response = login("clerk").post(
        f"/plans/{plan.pk}/actions/start_reporting/", {"confirm_overdue": "on", "waive_overdue": "on", "waive_reason": reason}
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).state == "reporting"
    assert set(ReportSlot.objects.filter(plan=plan).values_list("state", flat=True)) == {"waived"}
    decisions = SlotDecision.objects.filter(slot__plan=plan)
    assert decisions.count() == 4 and set(decisions.values_list("decision", "comment")) == {("waive", reason)}
    assert AuditEvent.objects.filter(plan=plan, action="slot_waived").count() == 1  # one step, one event


def test_a_plan_in_the_future_asks_nothing(login, world, make_plan):
    year = timezone.localdate().year + 1
    plan = advance(make_plan(period_start=date(year, 1, 1), period_end=date(year, 3, 31)), world, "issued")
    page = login("clerk").get(f"/plans/{plan.pk}/actions/start_reporting/").content.decode()
    assert "data-opening-overdue" not in page and 'name="confirm_overdue"' not in page
    assert login("clerk").post(f"/plans/{plan.pk}/actions/start_reporting/", {}).status_code == 302


def test_a_report_after_its_date_is_late_on_the_slot_page_dashboard_and_consolidated_report(login, world, reporting_plan):
    slot = ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"]).order_by("due_on").first()
    report = submit_report(slot, world["users"]["reporter"], progress=30)
    slot.refresh_from_db()
    assert report.late and slot.late  # due 15/02/2025, filed today
    page = login("drafter").get(f"/plans/slots/{slot.pk}/").content.decode()
    assert "data-late" in page and "nộp muộn" in page
    slots = login("auditor").get(f"/api/plans/{reporting_plan.pk}/slots/").json()
    assert [s["late"] for s in slots].count(True) == 1
    from reporting.dashboard import plan_dashboard

    assert plan_dashboard(reporting_plan)["late_reports"] == 1
    from tests.reporting.test_consolidated import docx_text

    text = docx_text(login("drafter").get(f"/plans/{reporting_plan.pk}/consolidated.docx").content)
    assert "Tháng 1/2025 (hạn 15/02/2025) | Đã nộp (nộp muộn) | 30%" in text


def test_a_report_before_its_date_is_not_late(world, make_plan):
    year = timezone.localdate().year + 1
    plan = advance(make_plan(period_start=date(year, 1, 1), period_end=date(year, 3, 31)), world, "reporting")
    slot = ReportSlot.objects.filter(plan=plan).order_by("due_on").first()
    report = submit_report(slot, world["users"]["reporter"], progress=30)
    slot.refresh_from_db()
    assert not report.late and not slot.late
