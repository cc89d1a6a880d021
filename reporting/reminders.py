"""Reminders by email: before a due date, the day after it passes, and a weekly digest of what is late.

`send_reminders(today)` is idempotent: each reminder is logged in ReminderLog under a unique key
before it is sent, in the same transaction, so running it twice (cron and Celery beat alike)
never sends one twice, and a failed send is retried on the next run.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from plans.lifecycle import State

from .models import ReminderLog, ReportSlot, SlotState
from .services import mark_overdue_slots

WAITING = [SlotState.OPEN, SlotState.RETURNED, SlotState.OVERDUE]


@dataclass
class ReminderCounts:
    marked_overdue: int = 0
    before_due: int = 0
    overdue: int = 0
    digests: int = 0


def plan_url(plan_id):
    return f"{settings.PLANFLOW_BASE_URL.rstrip('/')}/plans/{plan_id}/"


def _reporters_of(unit_id):
    return list(
        get_user_model()
        .objects.filter(memberships__organization_id=unit_id, memberships__role=Role.REPORTER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _send_once(kind, key, subject, body, recipients):
    """Log then send in one transaction; False when this reminder was already sent."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(kind=kind, key=key, recipients=", ".join(recipients))
            if recipients:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return False
    return True


def _slot_text(slot):
    return _("Nhiệm vụ: %(task)s\nKế hoạch: %(plan)s\nKỳ báo cáo: %(period)s\nHạn báo cáo: %(due)s\nXem: %(url)s") % {
        "task": slot.task.text[:200],
        "period": slot.period_label or "—",
        "plan": slot.plan.subject[:200],
        "due": slot.due_on.strftime("%d/%m/%Y"),
        "url": plan_url(slot.plan_id),
    }


def send_reminders(today=None):
    today = today or timezone.localdate()
    counts = ReminderCounts(marked_overdue=mark_overdue_slots(today))
    slots = ReportSlot.objects.select_related("task", "plan").filter(plan__state=State.REPORTING)
    days_before = settings.PLANFLOW_REMINDER_DAYS_BEFORE

    soon = slots.filter(state__in=[SlotState.OPEN, SlotState.RETURNED], due_on__gte=today, due_on__lte=today + timedelta(days=days_before))
    for slot in soon.iterator():
        subject = _("[planflow] Sắp đến hạn báo cáo ngày %(due)s") % {"due": slot.due_on.strftime("%d/%m/%Y")}
        if _send_once(ReminderLog.Kind.BEFORE_DUE, str(slot.pk), subject, _slot_text(slot), _reporters_of(slot.task.lead_unit_id)):
            counts.before_due += 1

    late = slots.filter(state__in=WAITING, due_on__lt=today)
    for slot in late.iterator():
        subject = _("[planflow] Quá hạn báo cáo ngày %(due)s") % {"due": slot.due_on.strftime("%d/%m/%Y")}
        if _send_once(ReminderLog.Kind.OVERDUE, str(slot.pk), subject, _slot_text(slot), _reporters_of(slot.task.lead_unit_id)):
            counts.overdue += 1

    year, week, _weekday = today.isocalendar()
    late_by_plan = {}
    for slot in late.order_by("plan_id", "due_on"):
        late_by_plan.setdefault(slot.plan, []).append(slot)
    for plan, plan_slots in late_by_plan.items():
        lines = [
            f"- {s.period_label + ', ' if s.period_label else ''}{s.due_on.strftime('%d/%m/%Y')}: {s.task.text[:120]} ({s.task.lead_unit.name if s.task.lead_unit else ''})"
            for s in plan_slots
        ]
        subject = _("[planflow] Tuần %(week)d: %(count)d kỳ báo cáo quá hạn") % {"week": week, "count": len(plan_slots)}
        body = _("Kế hoạch: %(plan)s\n%(lines)s\nXem: %(url)s") % {
            "plan": plan.subject[:200],
            "lines": "\n".join(lines),
            "url": plan_url(plan.pk),
        }
        recipients = [plan.created_by.email] if plan.created_by.email else []
        if _send_once(ReminderLog.Kind.WEEKLY_DIGEST, f"{plan.pk}:{year}-W{week:02d}", subject, body, recipients):
            counts.digests += 1
    return counts
