"""The "Done when" of issue 6: the seed plan with monthly and yearly duties, started in reporting,
has the right slots with the right due dates; and plans over 2024–2025 get theirs right at month
ends and in leap years (29/2/2024 but 28/2/2025)."""

import io
from datetime import date

from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from plans.models import Plan
from reporting.models import ReportSlot
from tests.ui.helpers import advance
from workflow.services import perform

SUBJECT_003 = (
    "Triển khai thực hiện Kế hoạch số 3244/KH-UBND ngày 12/9/2024 của Ủy ban nhân dân tỉnh về thực hiện "
    "Nghị quyết số 24/2024/NQ-HĐND ngày 28 tháng 6 năm 2024 của Hội đồng nhân dân tỉnh Kon Tum"
)
COMMUNES = "Ủy ban nhân dân các xã"


def slots_by_task(plan):
    """{task text: [(due_on, state)]} in due-date order."""
    result = {}
    for slot in ReportSlot.objects.filter(plan=plan).select_related("task").order_by("task__position", "due_on"):
        result.setdefault(slot.task.text, []).append((slot.due_on, slot.state))
    return result


def expected_state(due_on, started_on):
    """A slot already past its date when reporting started is created overdue."""
    return "overdue" if due_on < started_on else "open"


def test_the_demo_seed_003_has_its_monthly_and_yearly_slots(db, settings, client):
    settings.PLANFLOW_DEMO_PASSWORD = "mat-khau-trinh-dien"
    call_command("loaddemo", stdout=io.StringIO())
    plan = Plan.objects.get(subject=SUBJECT_003)
    assert (plan.state, plan.symbol, plan.period_start, plan.period_end) == (
        "reporting",
        "01/KH-UBND",
        date(2024, 10, 1),
        date(2025, 12, 31),
    )

    slots = list(ReportSlot.objects.filter(plan=plan).select_related("task", "task__lead_unit").order_by("due_on", "id"))
    monthly = [s.due_on for s in slots if s.schedule_kind == "monthly"]
    yearly = [s.due_on for s in slots if s.schedule_kind == "yearly"]
    # each month's report is due on the 15th of the month after: October 2024's on 15/11/2024, the
    # plan's last month's on 15/01/2026; the year's report before 15 December of the year
    assert monthly == [date(2024, 11, 15), date(2024, 12, 15)] + [date(2025, month, 15) for month in range(1, 13)] + [date(2026, 1, 15)]
    assert [s.period_label for s in slots if s.schedule_kind == "monthly"][:3] == ["Tháng 10/2024", "Tháng 11/2024", "Tháng 12/2024"]
    # "Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12)": one task, both duties
    assert len({s.task_id for s in slots}) == 1
    assert yearly == [date(2024, 12, 15), date(2025, 12, 15)]
    assert [(s.period_label, s.period_start) for s in slots if s.schedule_kind == "yearly"] == [
        ("Năm 2024", date(2024, 10, 1)),  # the plan began in October: the period is cut to it
        ("Năm 2025", date(2025, 1, 1)),
    ]
    # both due on 15/12: the month's and the year's, one slot of each
    assert [(s.schedule_kind, s.period_label) for s in slots if s.due_on == date(2024, 12, 15)] == [
        ("monthly", "Tháng 11/2024"),
        ("yearly", "Năm 2024"),
    ]
    assert len(slots) == 15 + 2  # the other tasks have no reporting schedule
    assert {s.task.lead_unit.name for s in slots} == {COMMUNES}
    assert all("hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12)" in s.task.text for s in slots)

    started = AuditEvent.objects.get(plan=plan, action="start_reporting").at
    started_on = timezone.localtime(started).date()
    assert [s.state for s in slots] == [expected_state(s.due_on, started_on) for s in slots]

    # The demo's reporter of the communes sees them, and may file on them, through the API and the UI.
    client.login(username="xa_reporter", password="mat-khau-trinh-dien")
    listed = client.get(f"/api/plans/{plan.pk}/slots/").json()
    assert [item["due_on"] for item in listed] == [s.due_on.isoformat() for s in slots]
    tab = client.get(f"/plans/{plan.pk}/reports/").content.decode()
    assert tab.count('data-action="report"') == len(slots) and "Trang 1" not in tab


def plan_2024_2025(make_plan, world, tasks):
    return make_plan(
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[{"lead_unit": world["police"], "supporting_units": [], **task} for task in tasks],
    )


MONTH_ENDS_2024 = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]  # 2024 is a leap year
MONTH_ENDS_2025 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def test_plan_slots_for_2024_and_2025_at_month_ends_and_in_leap_years(world, make_plan, monkeypatch):
    plan = plan_2024_2025(
        make_plan,
        world,
        [
            {"text": "Hằng tháng, ngày 31", "schedule_kind": "monthly", "schedule_day": 31},
            {"text": "Hằng quý, ngày 31", "schedule_kind": "quarterly", "schedule_day": 31},
            {"text": "Hằng năm, ngày 29/2", "schedule_kind": "yearly", "schedule_day": 29, "schedule_month": 2},
            {"text": "Hằng tháng, trước ngày 15", "schedule_kind": "monthly", "schedule_day": 15},
            {"text": "Hằng năm, trước 15/12", "schedule_kind": "yearly", "schedule_day": 15, "schedule_month": 12},
            {"text": "Một lần, 25/10/2025", "schedule_kind": "once", "schedule_date": date(2025, 10, 25)},
            {"text": "Một lần, sau kỳ", "schedule_kind": "once", "schedule_date": date(2026, 1, 10)},
            {"text": "Không định kỳ", "schedule_kind": ""},
        ],
    )
    plan = advance(plan, world, "issued")
    with monkeypatch.context() as patch:  # reporting starts on 1 March 2024
        patch.setattr(timezone, "localdate", lambda *args: date(2024, 3, 1))
        perform(plan, "start_reporting", world["users"]["clerk"])
    started_on = date(2024, 3, 1)

    due = {text: [d for d, _state in rows] for text, rows in slots_by_task(plan).items()}
    # each month's report is due on day 31 of the month after, at that month's end
    month_ends = [date(2024, m, d) for m, d in enumerate(MONTH_ENDS_2024, start=1)] + [
        date(2025, m, d) for m, d in enumerate(MONTH_ENDS_2025, start=1)
    ]
    assert due["Hằng tháng, ngày 31"] == month_ends[1:] + [date(2026, 1, 31)]
    assert date(2024, 2, 29) in due["Hằng tháng, ngày 31"] and date(2025, 2, 28) in due["Hằng tháng, ngày 31"]
    assert due["Hằng quý, ngày 31"] == [
        date(2024, 4, 30),
        date(2024, 7, 31),
        date(2024, 10, 31),
        date(2025, 1, 31),
        date(2025, 4, 30),
        date(2025, 7, 31),
        date(2025, 10, 31),
        date(2026, 1, 31),
    ]
    assert due["Hằng năm, ngày 29/2"] == [date(2025, 2, 28), date(2026, 2, 28)]  # the year's report, in the year after
    assert due["Hằng tháng, trước ngày 15"] == (
        [date(2024, m, 15) for m in range(2, 13)] + [date(2025, m, 15) for m in range(1, 13)] + [date(2026, 1, 15)]
    )
    assert due["Hằng năm, trước 15/12"] == [date(2024, 12, 15), date(2025, 12, 15)]
    assert due["Một lần, 25/10/2025"] == [date(2025, 10, 25)]
    assert due["Một lần, sau kỳ"] == [date(2026, 1, 10)]  # a final report after the plan ends
    assert "Không định kỳ" not in due
    assert ReportSlot.objects.filter(plan=plan).count() == 24 + 8 + 2 + 24 + 2 + 1 + 1

    for rows in slots_by_task(plan).values():
        assert [state for _d, state in rows] == [expected_state(d, started_on) for d, _state in rows]
    overdue = sorted(ReportSlot.objects.filter(plan=plan, state="overdue").values_list("due_on", flat=True))
    assert overdue == [date(2024, 2, 15), date(2024, 2, 29)]  # January's reports


def test_a_plan_whose_period_has_passed_gets_every_slot_overdue_at_once(world, make_plan, monkeypatch):
    plan = advance(
        plan_2024_2025(make_plan, world, [{"text": "Hằng quý, ngày 15", "schedule_kind": "quarterly", "schedule_day": 15}]), world, "issued"
    )
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: date(2026, 2, 1))
        perform(plan, "start_reporting", world["users"]["clerk"])
    rows = slots_by_task(plan)["Hằng quý, ngày 15"]
    # Q1/2024 … Q4/2025, the last one due in January 2026
    assert [d for d, _s in rows] == [date(2024, m, 15) for m in (4, 7, 10)] + [date(2025, m, 15) for m in (1, 4, 7, 10)] + [
        date(2026, 1, 15)
    ]
    assert {state for _d, state in rows} == {"overdue"}


def test_a_plan_without_a_period_gets_only_its_dated_slots(world, make_plan):
    plan = make_plan(
        tasks=[
            {"text": "Hằng tháng", "lead_unit": world["police"], "supporting_units": [], "schedule_kind": "monthly", "schedule_day": 15},
            {
                "text": "Một lần",
                "lead_unit": world["police"],
                "supporting_units": [],
                "schedule_kind": "once",
                "schedule_date": date(2025, 10, 25),
            },
        ]
    )
    plan = advance(plan, world, "reporting")
    assert {text: [d for d, _s in rows] for text, rows in slots_by_task(plan).items()} == {"Một lần": [date(2025, 10, 25)]}


def test_once_at_the_end_of_a_tasks_timing(world, make_plan):
    """A task block done "trong quý III năm 2025" reports once, at 30/09/2025; one "trước ngày 15/6/2025"
    on that day; an ongoing one ("thường xuyên") has no such date and no slot."""
    from plans.models import Block

    plan = make_plan(
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            {"text": f"Nhiệm vụ {n}", "lead_unit": world["police"], "supporting_units": [], "schedule_kind": "timing_end"}
            for n in (1, 2, 3)
        ],
    )
    timings = [
        {"timing_kind": "quarter", "timing_year": 2025, "timing_part": 3},
        {"timing_kind": "by", "timing_to": date(2025, 6, 15)},
        {"timing_kind": "ongoing"},
    ]
    for task, timing in zip(plan.tasks.order_by("position"), timings, strict=True):
        block = Block.objects.filter(task=task).first() or Block(
            plan=plan, kind="task", task=task, text=task.text, position=100 + task.position
        )
        for field, value in timing.items():
            setattr(block, field, value)
        block.save()
    plan = advance(plan, world, "reporting")
    rows = list(ReportSlot.objects.filter(plan=plan).order_by("due_on").values_list("task__text", "due_on", "period_label"))
    assert rows == [
        ("Nhiệm vụ 2", date(2025, 6, 15), "01/01/2025 – 15/06/2025"),
        ("Nhiệm vụ 1", date(2025, 9, 30), "01/01/2025 – 30/09/2025"),
    ]
