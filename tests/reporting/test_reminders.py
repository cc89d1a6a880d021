from datetime import date

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


def test_reminders_go_out_once_each(world, make_plan, settings):
    settings.PLANFLOW_REMINDER_DAYS_BEFORE = 3
    plan, year = _future_plan_in_reporting(world, make_plan)
    # three days before 15 February (January's report): one "due soon" reminder to the police reporters
    call_command("send_reminders", today=f"{year}-02-12")
    assert [m.to for m in mail.outbox] == [["congan@example.vn"]]
    assert "15/02" in mail.outbox[0].subject
    call_command("send_reminders", today=f"{year}-02-13")  # same reminder: not again
    assert len(mail.outbox) == 1

    # the day after 15 February passes without a report: an overdue reminder and the drafter's weekly digest
    call_command("send_reminders", today=f"{year}-02-16")
    subjects = [m.subject for m in mail.outbox[1:]]
    assert len(subjects) == 2 and any("Quá hạn" in s for s in subjects) and any("Tuần" in s for s in subjects)
    assert ReportSlot.objects.get(plan=plan, due_on=date(year, 2, 15)).state == "overdue"
    call_command("send_reminders", today=f"{year}-02-16")
    call_command("send_reminders", today=f"{year}-02-17")  # same ISO week: no second digest
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.count() == 3


def test_no_reminder_for_a_slot_already_reported(world, make_plan):
    plan, year = _future_plan_in_reporting(world, make_plan)
    slot = ReportSlot.objects.get(plan=plan, due_on=date(year, 2, 15))
    submit_report(slot, world["users"]["reporter"], progress=50)
    call_command("send_reminders", today=f"{year}-02-16")
    assert mail.outbox == []


def test_celery_task_runs_eagerly_and_uses_the_same_log(world, make_plan):
    plan, year = _future_plan_in_reporting(world, make_plan)
    counts = send_reminders_task.delay(f"{year}-02-13").get()  # eager without REDIS_URL
    assert counts["before_due"] == 1
    again = send_reminders_task.delay(f"{year}-02-14").get()
    assert again["before_due"] == 0
    assert ReminderLog.objects.count() == 1


def test_bad_date_gives_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", today="15/01/2025")
