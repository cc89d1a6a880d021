"""Celery tasks (beat runs them daily in production; see CELERY_BEAT_SCHEDULE)."""

from datetime import date

from celery import shared_task

from .reminders import send_reminders as send_reminders_now


@shared_task(name="reporting.tasks.send_reminders")
def send_reminders(today=None):
    """`today` (YYYY-MM-DD) is for tests and catch-up runs; beat passes nothing."""
    counts = send_reminders_now(date.fromisoformat(today) if today else None)
    return counts.__dict__
