from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from reporting.models import ReminderLog, ReportSlot
from reporting.services import submit_report
from reporting.tasks import send_reminders as send_reminders_task
from tests.conftest import PASSWORD
from workflow.services import perform


def _future_plan_in_reporting(world, make_plan):
    u = world["users"]
    year = timezone.localdate().year + 1
    plan = make_plan(period_start=date(year, 1, 1), period_end=date(year, 3, 31))
    for action, user, extra in [
        ("submit", "drafter", {}),
        ("approve", "reviewer", {}),
        ("sign", "signer", {"kind": "main", "password": PASSWORD}),
        ("issue", "clerk", {}),
        ("start_reporting", "clerk", {}),
    ]:
        perform(plan, action, u[user], **extra)
    u["reporter"].email = "congan@example.vn"
    u["reporter"].save()
    u["drafter"].email = "soanthao@example.vn"
    u["drafter"].save()
    return plan, year


def test_reminders_follow_the_periods_before_on_and_weekly_after_the_due_date(world, make_plan, settings):
    settings.PLANFLOW_REMINDER_DAYS_BEFORE = 3
    plan, year = _future_plan_in_reporting(world, make_plan)
    # three days before 15 February (January's report): one "due soon" mail to the police reporters
    call_command("send_reminders", today=f"{year}-02-12")
    assert [m.to for m in mail.outbox] == [["congan@example.vn"]]
    assert "Tháng 1/" in mail.outbox[0].body and "15/02" in mail.outbox[0].body and "Sắp đến hạn" in mail.outbox[0].body
    call_command("send_reminders", today=f"{year}-02-13")  # the same reminder: not again
    assert len(mail.outbox) == 1
    # on the day itself
    call_command("send_reminders", today=f"{year}-02-15")
    assert len(mail.outbox) == 2 and "Hôm nay là hạn báo cáo" in mail.outbox[1].body

    # the day after passes without a report: the slot is overdue; the reporter is reminded, the drafter gets the weekly digest
    call_command("send_reminders", today=f"{year}-02-16")
    assert ReportSlot.objects.get(plan=plan, due_on=date(year, 2, 15)).state == "overdue"
    new = mail.outbox[2:]
    assert sorted(m.to[0] for m in new) == ["congan@example.vn", "soanthao@example.vn"]
    assert all("Quá hạn báo cáo" in m.body or "quá hạn của kế hoạch" in m.body for m in new)
    # the rest of that ISO week: nothing more for this slot; the next week: reminded again
    monday = date(year, 2, 16) - timedelta(days=date(year, 2, 16).weekday())
    call_command("send_reminders", today=(monday + timedelta(days=6)).isoformat())
    assert len(mail.outbox) == 4
    call_command("send_reminders", today=(monday + timedelta(days=7)).isoformat())
    assert len(mail.outbox) == 6


def test_at_most_one_mail_a_day_per_person(world, make_plan, settings):
    """Two tasks' slots both due soon, then due today, for the same reporter: one mail each day."""
    settings.PLANFLOW_REMINDER_DAYS_BEFORE = 3
    u = world["users"]
    year = timezone.localdate().year + 1
    task = {"lead_unit": world["police"], "supporting_units": [], "schedule_kind": "monthly", "schedule_day": 15}
    plan = make_plan(period_start=date(year, 1, 1), period_end=date(year, 1, 31), tasks=[{"text": "Một", **task}, {"text": "Hai", **task}])
    for action, user, extra in [
        ("submit", "drafter", {}),
        ("approve", "reviewer", {}),
        ("sign", "signer", {"kind": "main", "password": PASSWORD}),
        ("issue", "clerk", {}),
        ("start_reporting", "clerk", {}),
    ]:
        perform(plan, action, u[user], **extra)
    u["reporter"].email = "congan@example.vn"
    u["reporter"].save()
    call_command("send_reminders", today=f"{year}-02-12")
    assert len(mail.outbox) == 1 and mail.outbox[0].body.count("hạn 15/02") == 2
    call_command("send_reminders", today=f"{year}-02-12")  # run again the same day: nothing
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_slot_already_reported(world, make_plan):
    plan, year = _future_plan_in_reporting(world, make_plan)
    slot = ReportSlot.objects.get(plan=plan, due_on=date(year, 2, 15))
    submit_report(slot, world["users"]["reporter"], progress=50)
    call_command("send_reminders", today=f"{year}-02-16")
    assert mail.outbox == []


def test_celery_task_runs_eagerly_and_uses_the_same_log(world, make_plan):
    plan, year = _future_plan_in_reporting(world, make_plan)
    counts = send_reminders_task.delay(f"{year}-02-13").get()  # eager without REDIS_URL
    assert counts["before_due"] == 1 and counts["mails"] == 1
    again = send_reminders_task.delay(f"{year}-02-14").get()
    assert again["before_due"] == 0 and again["mails"] == 0
    assert ReminderLog.objects.count() == 2  # the slot's reminder and the person's mail of the day


def test_bad_date_gives_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", today="15/01/2025")
