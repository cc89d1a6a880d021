"""Reminders that follow the periods: before a slot's due date, on it, and once a week while it is
overdue; the plan's drafter gets a weekly digest of what is late. Each reminder also stands in the
person's inbox (workflow.inbox lists the slot); the mail is at most one a day per person, gathering
everything due for them that day.

`send_reminders(today)` is idempotent: each reminder is logged in ReminderLog under a unique key
(the slot, and the ISO week for the weekly ones; the person and the day for the mail) in the same
transaction as the mail, so running it twice (cron and Celery beat alike) never sends one twice,
and a failed send is retried on the next run.
"""

from collections import OrderedDict
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
    on_due: int = 0
    overdue: int = 0
    digests: int = 0
    mails: int = 0


def plan_url(plan_id):
    return f"{settings.PLANFLOW_BASE_URL.rstrip('/')}/plans/{plan_id}/"


def inbox_url():
    return f"{settings.PLANFLOW_BASE_URL.rstrip('/')}/plans/tasks/"


def _reporters_by_unit(unit_ids):
    """{unit id: [(user id, email)]} of the active reporters with an e-mail, in one query."""
    rows = (
        get_user_model()
        .objects.filter(memberships__organization_id__in=unit_ids, memberships__role=Role.REPORTER, is_active=True)
        .exclude(email="")
        .values_list("memberships__organization_id", "pk", "email")
        .distinct()
    )
    result = {}
    for unit_id, user_id, email in rows:
        result.setdefault(unit_id, []).append((user_id, email))
    return result


def _slot_line(slot):
    return _("- %(period)s, hạn %(due)s: %(task)s — %(plan)s\n  %(url)s") % {
        "period": slot.period_label or "—",
        "due": slot.due_on.strftime("%d/%m/%Y"),
        "task": slot.task.text[:160],
        "plan": slot.plan.subject[:160],
        "url": plan_url(slot.plan_id),
    }


def _logged(kind, keys):
    return set(ReminderLog.objects.filter(kind=kind, key__in=keys).values_list("key", flat=True))


def send_reminders(today=None):
    today = today or timezone.localdate()
    counts = ReminderCounts(marked_overdue=mark_overdue_slots(today))
    slots = ReportSlot.objects.select_related("task", "plan", "plan__created_by", "task__lead_unit").filter(plan__state=State.REPORTING)
    days_before = settings.PLANFLOW_REMINDER_DAYS_BEFORE
    year, week, _weekday = today.isocalendar()
    week_key = f"{year}-W{week:02d}"

    # (kind, key, slot, heading) of each reminder due today and not yet sent
    wanted = []
    soon = slots.filter(state__in=[SlotState.OPEN, SlotState.RETURNED], due_on__gt=today, due_on__lte=today + timedelta(days=days_before))
    wanted += [(ReminderLog.Kind.BEFORE_DUE, str(s.pk), s) for s in soon.order_by("due_on", "id")]
    due_today = slots.filter(state__in=[SlotState.OPEN, SlotState.RETURNED], due_on=today)
    wanted += [(ReminderLog.Kind.ON_DUE, str(s.pk), s) for s in due_today.order_by("id")]
    late = list(slots.filter(state__in=WAITING, due_on__lt=today).order_by("plan_id", "due_on", "id"))
    wanted += [(ReminderLog.Kind.OVERDUE, f"{s.pk}:{week_key}", s) for s in late]
    sent = {kind: _logged(kind, [key for k, key, _s in wanted if k == kind]) for kind in {k for k, _key, _s in wanted}}
    wanted = [(kind, key, slot) for kind, key, slot in wanted if key not in sent[kind]]

    headings = {
        ReminderLog.Kind.BEFORE_DUE: _("Sắp đến hạn báo cáo"),
        ReminderLog.Kind.ON_DUE: _("Hôm nay là hạn báo cáo"),
        ReminderLog.Kind.OVERDUE: _("Quá hạn báo cáo"),
    }
    reporters = _reporters_by_unit({slot.task.lead_unit_id for _k, _key, slot in wanted if slot.task.lead_unit_id})
    mail = OrderedDict()  # email -> (user id, {heading: [lines]})
    for kind, _key, slot in wanted:
        for user_id, email in reporters.get(slot.task.lead_unit_id, []):
            mail.setdefault(email, (user_id, OrderedDict()))[1].setdefault(headings[kind], []).append(_slot_line(slot))

    # the drafter's weekly digest of the plan's late slots
    digests = []
    late_by_plan = OrderedDict()
    for slot in late:
        late_by_plan.setdefault(slot.plan, []).append(slot)
    digest_keys = _logged(ReminderLog.Kind.WEEKLY_DIGEST, [f"{plan.pk}:{week_key}" for plan in late_by_plan])
    for plan, plan_slots in late_by_plan.items():
        key = f"{plan.pk}:{week_key}"
        if key in digest_keys:
            continue
        digests.append(key)
        if plan.created_by.email:
            heading = _("Tuần %(week)d: %(count)d kỳ báo cáo quá hạn của kế hoạch") % {"week": week, "count": len(plan_slots)}
            lines = [_slot_line(s) for s in plan_slots]
            mail.setdefault(plan.created_by.email, (plan.created_by_id, OrderedDict()))[1].setdefault(heading, []).extend(lines)

    # one mail a day per person; then every reminder is logged as sent
    already = _logged(ReminderLog.Kind.DAILY_MAIL, [f"{user_id}:{today.isoformat()}" for user_id, _p in mail.values()])
    for email, (user_id, parts) in mail.items():
        key = f"{user_id}:{today.isoformat()}"
        if key in already:
            continue  # they had today's mail: the reminders wait in their inbox
        subject = _("[planflow] %(count)d việc báo cáo cần làm (%(day)s)") % {
            "count": sum(len(lines) for lines in parts.values()),
            "day": today.strftime("%d/%m/%Y"),
        }
        body = "\n\n".join(f"{heading}:\n" + "\n".join(lines) for heading, lines in parts.items())
        body += "\n\n" + _("Việc cần làm: %(url)s") % {"url": inbox_url()}
        try:
            with transaction.atomic():
                ReminderLog.objects.create(kind=ReminderLog.Kind.DAILY_MAIL, key=key, recipients=email)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        except IntegrityError:
            continue
        counts.mails += 1
    for kind, key, _slot in wanted:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(kind=kind, key=key)
        except IntegrityError:
            continue
        counts.before_due += kind == ReminderLog.Kind.BEFORE_DUE
        counts.on_due += kind == ReminderLog.Kind.ON_DUE
        counts.overdue += kind == ReminderLog.Kind.OVERDUE
    for key in digests:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(kind=ReminderLog.Kind.WEEKLY_DIGEST, key=key)
        except IntegrityError:
            continue
        counts.digests += 1
    return counts
