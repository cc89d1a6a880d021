"""Celery for production (Redis broker). Without REDIS_URL tasks run eagerly in-process and
cron runs the management commands instead (`send_reminders`)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("planflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
