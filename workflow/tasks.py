"""Celery tasks of the approval desk: the daily digest (beat runs it; see CELERY_BEAT_SCHEDULE in
settings) and the mail about each new task (queued by workflow.notifications)."""

from celery import shared_task

from .notifications import send_recall_mail as send_recall_mail_now
from .notifications import send_task_created_mail as send_task_created_mail_now
from .notifications import send_task_digest as send_task_digest_now


@shared_task(name="workflow.tasks.send_task_digest")
def send_task_digest():
    """The daily digest of waiting tasks; returns the number of mails sent."""
    return send_task_digest_now()


@shared_task(name="workflow.tasks.send_task_created_mail")
def send_task_created_mail(task_pk):
    """The "new task" mail of one approval task (queued when the action that made it commits)."""
    return send_task_created_mail_now(task_pk)


@shared_task(name="workflow.tasks.send_recall_mail")
def send_recall_mail(plan_pk, reason):
    """Tell the recipients and the implementing units that an issued plan was recalled."""
    return send_recall_mail_now(plan_pk, reason)
