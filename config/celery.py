"""Celery for production (Redis broker). Without REDIS_URL tasks run eagerly in-process and
cron runs the management commands instead (`send_reminders`).

The worker keeps its database connection from task to task, as a web process keeps it from request
to request (CONN_MAX_AGE, with the health check before reuse). Celery's Django fixup would otherwise
close it around every task, so each new-task mail opened a PostgreSQL connection of its own (a
backend fork, about a third of the worker's time for that mail; bench/NOTES.md). It still closes
it after CELERY_DB_REUSE_MAX tasks (settings)."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("planflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _task_as_a_request(task=None, **kwargs):
    """Before and after a worker's task, what Django does before and after a request: close the
    connection if it is broken or older than CONN_MAX_AGE, and check it before it is used again.
    An eager task runs inside a request, which does this itself."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()
