"""Quiet, useful output (issue 14, point 10): no broker warning without a broker, a form shown again
with its errors is not a WARNING, and the demo accounts have e-mail addresses so the task mails
can be read (development mail goes to files in var/mail/, see config/settings.py)."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from config.logging import build_logging
from workflow.tasks import send_task_created_mail


def warnings_in(caplog):
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.fixture
def planflow_records(caplog):
    """caplog's records also from the "planflow" loggers (they do not propagate to the root)."""
    logger = logging.getLogger("planflow")
    logger.addHandler(caplog.handler)
    try:
        yield caplog
    finally:
        logger.removeHandler(caplog.handler)


@pytest.mark.django_db
def test_a_task_queued_without_a_broker_logs_no_warning(caplog):
    assert not settings.REDIS_URL  # the embedded default: tasks run in-process
    with caplog.at_level(logging.DEBUG):
        assert send_task_created_mail.delay(0).get() == 0  # no such task: nothing to send
    assert warnings_in(caplog) == []


def test_the_development_server_logs_server_errors_only():
    """runserver's own access line (django.server) repeats planflow.request's line for every request;
    only its 5xx lines come through, so a 422 (a form shown again with its errors) is no WARNING."""
    config = build_logging(fmt="text", level="WARNING")
    assert config["loggers"]["django.server"]["level"] == "ERROR"
    assert config["loggers"]["django.request"]["level"] == "ERROR"
    logging.getLogger("django.server").setLevel(config["loggers"]["django.server"]["level"])
    assert not logging.getLogger("django.server").isEnabledFor(logging.WARNING)


@pytest.mark.django_db
def test_a_plan_form_shown_again_is_a_422_for_turbo_and_no_warning(world, planflow_records):
    caplog = planflow_records
    client = Client()
    client.force_login(world["users"]["drafter"])
    with caplog.at_level(logging.DEBUG):
        response = client.post("/plans/new/", {"subject": ""}, HTTP_X_REQUEST_FRAMEWORK="Turbo")
    assert response.status_code == 422  # Turbo renders a form response only with a 4xx status
    assert "Trích yếu không được để trống." in response.content.decode()
    assert warnings_in(caplog) == []
    [line] = [r for r in caplog.records if r.name == "planflow.request"]
    assert line.levelno == logging.INFO and line.status == 422


DEVELOPMENT_MAIL_SCRIPT = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.conf import settings
from django.core.mail import send_mail
send_mail("[planflow] Việc mới", "Nội dung", "planflow@localhost", ["reviewer@demo.planflow.example"])
print(settings.EMAIL_BACKEND)
"""


def test_development_mail_goes_to_files_in_the_mail_directory(tmp_path):
    """`make run` (DJANGO_DEBUG=1, not the tests): each mail is a file in var/mail/ (here a temporary one)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"PLANFLOW_TESTING", "EMAIL_BACKEND", "DATABASE_URL"}}
    env.update(DJANGO_DEBUG="1", SECRET_KEY="development-only", PLANFLOW_MAIL_DIR=str(tmp_path / "mail"))
    result = subprocess.run(
        [sys.executable, "-c", DEVELOPMENT_MAIL_SCRIPT], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.filebased.EmailBackend"
    [mail_file] = (tmp_path / "mail").iterdir()
    assert "reviewer@demo.planflow.example" in mail_file.read_text()
    assert "No hostname" not in result.stderr and "WARNING" not in result.stderr
