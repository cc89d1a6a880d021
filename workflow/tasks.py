"""Celery tasks of the approval desk (beat runs them; see CELERY_BEAT_SCHEDULE in settings)."""

from celery import shared_task

from .notifications import send_task_digest as send_task_digest_now


@shared_task(name="workflow.tasks.send_task_digest")
def send_task_digest():
    """The daily digest of waiting tasks; returns the number of mails sent."""
    return send_task_digest_now()
