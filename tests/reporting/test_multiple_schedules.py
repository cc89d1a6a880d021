"""A task reported on two schedules ("Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15
tháng 12)"): one slot per schedule and period, each labelled with its period, both due 15/12 without
a clash; the migration that made slots per schedule keeps the slots that exist."""

from datetime import date

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from reporting.models import ReportSlot
from tests.ui.helpers import advance
from workflow.services import perform

MONTHLY_AND_YEARLY = {
    "text": "Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12) báo cáo kết quả.",
    "schedule_kind": "monthly",
    "schedule_day": 15,
    "more_schedules": [{"kind": "yearly", "day": 15, "month": 12}],
}


def started(world, make_plan, start, end, tasks, on):
    plan = make_plan(period_start=start, period_end=end, tasks=[{"lead_unit": world["police"], "supporting_units": [], **t} for t in tasks])
    plan = advance(plan, world, "issued")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: on)
        return perform(plan, "start_reporting", world["users"]["clerk"])


def rows(plan):
    return [
        (s.schedule_kind, s.period_label, s.period_start, s.period_end, s.due_on, s.state)
        for s in ReportSlot.objects.filter(plan=plan).order_by("due_on", "id")
    ]


def test_a_monthly_and_yearly_task_over_a_plan_year_has_exactly_its_slots(world, make_plan):
    plan = started(world, make_plan, date(2024, 1, 1), date(2024, 12, 31), [MONTHLY_AND_YEARLY], on=date(2024, 1, 2))
    month_ends = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    monthly = [
        ("monthly", f"Tháng {m}/2024", date(2024, m, 1), date(2024, m, month_ends[m - 1]), date(2024 + (m == 12), m % 12 + 1, 15), "open")
        for m in range(1, 13)
    ]
    yearly = ("yearly", "Năm 2024", date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 15), "open")
    assert rows(plan) == monthly[:11] + [yearly] + monthly[11:]
    assert len({s.task_id for s in ReportSlot.objects.filter(plan=plan)}) == 1


def test_a_plan_from_mid_year_across_the_year_end_cuts_both_duties_to_it(world, make_plan):
    plan = started(world, make_plan, date(2024, 10, 16), date(2025, 3, 31), [MONTHLY_AND_YEARLY], on=date(2024, 12, 20))
    assert rows(plan) == [
        ("monthly", "Tháng 10/2024", date(2024, 10, 16), date(2024, 10, 31), date(2024, 11, 15), "overdue"),
        ("monthly", "Tháng 11/2024", date(2024, 11, 1), date(2024, 11, 30), date(2024, 12, 15), "overdue"),
        ("yearly", "Năm 2024", date(2024, 10, 16), date(2024, 12, 31), date(2024, 12, 15), "overdue"),
        ("monthly", "Tháng 12/2024", date(2024, 12, 1), date(2024, 12, 31), date(2025, 1, 15), "open"),
        ("monthly", "Tháng 1/2025", date(2025, 1, 1), date(2025, 1, 31), date(2025, 2, 15), "open"),
        ("monthly", "Tháng 2/2025", date(2025, 2, 1), date(2025, 2, 28), date(2025, 3, 15), "open"),
        ("monthly", "Tháng 3/2025", date(2025, 3, 1), date(2025, 3, 31), date(2025, 4, 15), "open"),
        ("yearly", "Năm 2025", date(2025, 1, 1), date(2025, 3, 31), date(2025, 12, 15), "open"),
    ]


def test_one_slot_per_task_schedule_and_due_date(world, make_plan):
    plan = started(world, make_plan, date(2024, 1, 1), date(2024, 12, 31), [MONTHLY_AND_YEARLY], on=date(2024, 1, 2))
    slot = ReportSlot.objects.get(plan=plan, schedule_kind="yearly")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportSlot(plan=plan, task=slot.task, schedule_kind="yearly", due_on=slot.due_on, period_label="Năm 2024").save()


def test_the_migration_gives_existing_slots_their_task_s_schedule(world, make_plan):
    from importlib import import_module

    fill = import_module("reporting.migrations.0009_slots_per_schedule").fill_schedule_kind
    plan = started(
        world,
        make_plan,
        date(2024, 1, 1),
        date(2024, 12, 31),
        [{"text": "Hằng quý", "schedule_kind": "quarterly", "schedule_day": 5}],
        on=date(2024, 1, 2),
    )
    slots = list(ReportSlot.objects.filter(plan=plan).order_by("due_on"))
    for slot in slots:  # as made before the migration: no kind
        ReportSlot.objects.filter(pk=slot.pk).update(schedule_kind="")
    history = ReportSlot.history.count()
    fill(apps, None)
    assert [(s.schedule_kind, s.period_label, s.due_on) for s in ReportSlot.objects.filter(plan=plan).order_by("due_on")] == [
        ("quarterly", f"Quý {q}/2024", due)
        for q, due in zip(("I", "II", "III", "IV"), [date(2024, 4, 5), date(2024, 7, 5), date(2024, 10, 5), date(2025, 1, 5)], strict=True)
    ]
    assert ReportSlot.history.count() == history  # the history is kept as it was


def test_the_reports_tab_and_a_slot_say_which_duty(world, make_plan, login):
    plan = started(world, make_plan, date(2024, 1, 1), date(2024, 12, 31), [MONTHLY_AND_YEARLY], on=date(2024, 1, 2))
    client = login("drafter")
    tab = client.get(f"/plans/{plan.pk}/reports/").content.decode()
    assert tab.count("Báo cáo hằng tháng, trước ngày 15") == 12 and tab.count("Báo cáo hằng năm, trước ngày 15 tháng 12") == 1
    yearly = ReportSlot.objects.get(plan=plan, schedule_kind="yearly")
    page = client.get(f"/plans/slots/{yearly.pk}/").content.decode()
    assert "Báo cáo hằng năm, trước ngày 15 tháng 12" in page and "Năm 2024" in page
    assert "Báo cáo hằng tháng, trước ngày 15" not in page
