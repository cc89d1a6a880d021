"""Celery task (beat runs it hourly in production; see CELERY_BEAT_SCHEDULE in config/settings.py).
Without Celery, cron runs `manage.py audit_checkpoint` instead."""

from celery import shared_task

from audit.record.checkpoints import write_checkpoint as write_checkpoint_now


@shared_task(name="audit.tasks.write_checkpoint")
def write_checkpoint():
    checkpoint = write_checkpoint_now()
    return {"id": checkpoint.pk, "chains": len(checkpoint.heads)}
