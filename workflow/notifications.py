"""Mail about approval tasks: "you have a new task" when one is created, and a daily digest.

Mail goes through Django's email backend (console in development, EMAIL_BACKEND in settings).
A new-task mail is handed to Celery (`workflow.tasks.send_task_created_mail`) once the action
commits, so an action that rolls back mails nobody and, with a worker (REDIS_URL), the request
never waits for the mail; without REDIS_URL Celery runs it at once, in-process. The task reads
the task again when it runs: one done or cancelled meanwhile is not announced. Each recipient
gets their own message. Links point at the task (`plans:task`), which takes its
owner to the page where the step is done. People without an e-mail address are skipped.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import BigIntegerField, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from config.compiled_queries import CompiledQuery, Param
from plans.models import Plan

from .flow_sync import OPEN, human_tasks
from .inbox import annotate, duties_by_person
from .models import TaskDigestLog

logger = logging.getLogger(__name__)


def task_url(task):
    return settings.PLANFLOW_BASE_URL.rstrip("/") + reverse("plans:task", args=[task.pk])


def clerks_of(organization_ids):
    """{organization id: [active clerks with an e-mail]} — a clerk of a unit counts for its authority."""
    memberships = (
        Membership.objects.filter(role=Role.CLERK, user__is_active=True)
        .filter(Q(organization_id__in=organization_ids) | Q(organization__parent_id__in=organization_ids, organization__kind="unit"))
        .exclude(user__email="")
        .select_related("user", "organization")
    )
    result = defaultdict(dict)
    for membership in memberships:
        org_id = membership.organization.parent_id if membership.organization.is_unit else membership.organization_id
        result[org_id][membership.user_id] = membership.user
    return {org_id: list(users.values()) for org_id, users in result.items()}


def recipients_of(task, plan):
    """The owner of an assigned task; for a queued issue task every clerk of the plan's organization."""
    if task.owner_id:
        owner = task.owner
        return [owner] if owner.is_active and owner.email else []
    return clerks_of({plan.organization_id}).get(plan.organization_id, [])


def notify_task_created(task, plan):
    """Called by the flow when it creates a task: the mail is queued once the action commits."""
    task_pk = task.pk
    transaction.on_commit(lambda: _queue_task_created_mail(task_pk))


def _queue_task_created_mail(task_pk):
    from .tasks import send_task_created_mail as mail_task

    mail_task.delay(task_pk)


# The worker reads these for every task the flow makes: compiled once per process (issue 21;
# building and compiling them was most of the worker's time for a mail).
_TASK_TO_ANNOUNCE = CompiledQuery(lambda: human_tasks().select_related("owner", "process").filter(pk=Param("task", BigIntegerField())))
_PLAN_OF_TASK = CompiledQuery(lambda: Plan.objects.select_related("organization").filter(pk=Param("plan", BigIntegerField())))


def send_task_created_mail(task_pk):
    found = _TASK_TO_ANNOUNCE.instances(task=task_pk)
    task = found[0] if found else None
    if task is None or task.status not in OPEN:
        return 0  # done or gone before the mail went out: nothing to tell
    plan = _PLAN_OF_TASK.one(plan=task.process.artifact_object_id)
    annotate(task)
    people = recipients_of(task, plan)
    if not people:
        logger.info("task %s: nobody with an e-mail address to notify", task_pk)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[planflow] Việc mới: %(step)s — %(subject)s") % {"step": task.step, "subject": _short(plan.subject)}
        mails = [
            _mail(
                subject,
                "workflow/email/task_created.txt",
                {"person": person, "task": task, "plan": plan, "url": task_url(task), "queued": task.owner_id is None},
                person,
            )
            for person in people
        ]
    return get_connection().send_messages(mails) or 0


def send_task_digest():
    """One mail to each person with open tasks or a non-empty queue: what waits, since when, due when.

    At most one a person a day: each mail is recorded (TaskDigestLog) in the same transaction that
    sends it, so a second run the same day skips those already told, and a failed send records
    nothing and is tried again by the next run. Returns the number of mails sent. Queries stay
    flat: open tasks, their plans, the clerks, today's log.
    """
    tasks = list(human_tasks().filter(status__in=OPEN).select_related("owner", "process").order_by("created", "id"))
    plans = Plan.objects.select_related("organization").in_bulk({task.process.artifact_object_id for task in tasks})
    queued_orgs = {plans[task.process.artifact_object_id].organization_id for task in tasks if task.owner_id is None}
    clerks = clerks_of(queued_orgs) if queued_orgs else {}
    today = timezone.localdate()
    waiting = defaultdict(list)  # user id -> [task]
    people = {}
    for task in tasks:
        task.plan = plans[task.process.artifact_object_id]
        annotate(task, today)
        if task.owner_id:
            owners = [task.owner] if task.owner.is_active and task.owner.email else []
        else:
            owners = clerks.get(task.plan.organization_id, [])
        for person in owners:
            people[person.pk] = person
            waiting[person.pk].append(task)
    # the rest of everyone's inbox: report duties, reports to decide, received plans (workflow.inbox)
    others = defaultdict(list)
    for person, items in duties_by_person(today).items():
        people.setdefault(person.pk, person)
        others[person.pk] = items
        waiting.setdefault(person.pk, [])
    if not waiting:
        return 0
    with transaction.atomic():
        told_today = set(TaskDigestLog.objects.filter(day=today, user_id__in=waiting).values_list("user_id", flat=True))
        mails, logs = [], []
        with translation.override(settings.LANGUAGE_CODE):
            for user_pk, their_tasks in waiting.items():
                if user_pk in told_today:
                    continue
                person = people[user_pk]
                for task in their_tasks:
                    task.url = task_url(task)
                duties = others.get(user_pk, [])
                base = settings.PLANFLOW_BASE_URL.rstrip("/")
                for number, item in enumerate(duties, start=len(their_tasks) + 1):
                    item["url"], item["number"] = base + item["path"], number
                late = sum(1 for task in their_tasks if task.late) + sum(1 for item in duties if item["overdue"])
                total = len(their_tasks) + len(duties)
                subject = _("[planflow] %(count)d việc đang chờ bạn xử lý") % {"count": total}
                context = {
                    "person": person,
                    "tasks": their_tasks,
                    "duties": duties,
                    "total": total,
                    "late": late,
                    "today": today,
                    "inbox_url": _inbox_url(),
                }
                mails.append(_mail(subject, "workflow/email/task_digest.txt", context, person))
                logs.append(TaskDigestLog(user=person, day=today))
        if not mails:
            return 0
        TaskDigestLog.objects.bulk_create(logs)  # not a history-tracked model
        return get_connection().send_messages(mails) or 0


def notify_recalled(plan, reason):
    """A recall is told (once the action commits) to the clerks of the recipient organizations and to
    the reporters of the implementing units."""
    plan_pk = plan.pk
    transaction.on_commit(lambda: _queue_recall_mail(plan_pk, reason))


def _queue_recall_mail(plan_pk, reason):
    from .tasks import send_recall_mail as mail_task

    mail_task.delay(plan_pk, reason)


def people_told_of_recall(plan):
    """Active people with an e-mail: clerks of the organizations among the recipients, reporters of the lead units."""
    recipient_orgs = set(plan.recipients.exclude(organization=None).values_list("organization_id", flat=True))
    people = {user.pk: user for users in clerks_of(recipient_orgs).values() for user in users}
    units = set(plan.tasks.exclude(lead_unit=None).values_list("lead_unit_id", flat=True))
    reporters = Membership.objects.filter(role=Role.REPORTER, organization_id__in=units, user__is_active=True).exclude(user__email="")
    people.update({m.user_id: m.user for m in reporters.select_related("user")})
    return list(people.values())


def send_recall_mail(plan_pk, reason):
    plan = Plan.objects.select_related("organization").get(pk=plan_pk)
    people = people_told_of_recall(plan)
    url = settings.PLANFLOW_BASE_URL.rstrip("/") + reverse("plans:detail", args=[plan.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[planflow] Thu hồi văn bản: %(symbol)s — %(subject)s") % {"symbol": plan.symbol or "", "subject": _short(plan.subject)}
        context = {"plan": plan, "reason": reason, "url": url}
        mails = [_mail(subject, "workflow/email/plan_recalled.txt", {**context, "person": person}, person) for person in people]
    return get_connection().send_messages(mails) or 0 if mails else 0


def _mail(subject, template, context, person):
    body = render_to_string(template, context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email])


def _inbox_url():
    return settings.PLANFLOW_BASE_URL.rstrip("/") + reverse("plans:inbox")


def _short(text, length=80):
    return text if len(text) <= length else text[: length - 1] + "…"
