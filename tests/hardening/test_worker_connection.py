"""The Celery worker keeps its database connection from task to task, as a web process keeps it
from request to request (config/celery.py, CELERY_DB_REUSE_MAX): Celery's Django fixup no longer
closes it around every task, which made each new-task mail open a PostgreSQL connection of its own.
A connection that is older than CONN_MAX_AGE or broken is still closed between tasks."""

import time

import pytest
from celery import signals
from celery.fixups.django import DjangoWorkerFixup
from django.db import connection

from config.celery import app
from workflow.tasks import send_task_created_mail

pytestmark = [
    pytest.mark.postgres(reason="SQLite's in-memory test database is never closed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker_fixup():
    """Celery's Django fixup as a worker installs it (on worker_init), removed again afterwards."""
    fixup = DjangoWorkerFixup(app).install()
    yield fixup
    signals.task_prerun.disconnect(fixup.on_task_prerun)
    signals.task_postrun.disconnect(fixup.on_task_postrun)
    signals.worker_process_init.disconnect(fixup.on_worker_process_init)
    signals.beat_embedded_init.disconnect(fixup.close_database)


def _run_a_task_as_the_worker_does():
    """What the worker sends around a task (the task runs in a worker: its request is not eager)."""
    task = send_task_created_mail
    assert not task.request.is_eager
    signals.task_prerun.send(sender=task, task_id="t", task=task, args=(), kwargs={})
    signals.task_postrun.send(sender=task, task_id="t", task=task, args=(), kwargs={}, retval=0, state="SUCCESS")


def test_the_connection_stays_open_from_task_to_task(worker_fixup):
    connection.ensure_connection()
    opened = connection.connection
    for _ in range(5):
        _run_a_task_as_the_worker_does()
        with connection.cursor() as cursor:  # the task's own query
            cursor.execute("SELECT 1")
    assert connection.connection is opened and not opened.closed


def test_a_connection_older_than_conn_max_age_is_closed_between_tasks(worker_fixup):
    connection.ensure_connection()
    opened = connection.connection
    connection.close_at = time.monotonic() - 1  # its CONN_MAX_AGE is over
    _run_a_task_as_the_worker_does()
    assert opened.closed
    with connection.cursor() as cursor:  # the next task opens a new one
        cursor.execute("SELECT 1")
    assert connection.connection is not opened


def test_celery_closes_it_after_the_configured_number_of_tasks(worker_fixup, settings):
    assert app.conf.get("CELERY_DB_REUSE_MAX") == settings.CELERY_DB_REUSE_MAX >= 100
    worker_fixup.db_reuse_max = 2  # as PLANFLOW_CELERY_DB_REUSE_MAX=2 would make it
    worker_fixup._db_recycles = 0
    connection.ensure_connection()
    opened = connection.connection
    _run_a_task_as_the_worker_does()
    assert connection.connection is opened
    _run_a_task_as_the_worker_does()
    _run_a_task_as_the_worker_does()
    assert opened.closed
