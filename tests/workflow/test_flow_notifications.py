"""Mail about approval tasks: whoever gets a task is told once, after the action commits; the clerks
all hear about the queued issue task; the daily digest lists what waits, with links to the tasks."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from config.refusals import Refusal
from tests.conftest import PASSWORD
from tests.workflow.flow_helpers import desk_fixture  # noqa: F401 (the `desk` fixture)
from workflow.flow_sync import human_tasks
from workflow.services import perform

pytestmark = pytest.mark.django_db


def sent(outbox):
    """[(recipient, subject)] of the mails, sorted."""
    return sorted((message.to[0], message.subject) for message in outbox)


def recipients(outbox):
    return sorted(message.to[0] for message in outbox)


def task_links(message):
    return re.findall(r"http://testserver/plans/tasks/(\d+)/", message.body)


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PLANFLOW_BASE_URL = "http://testserver"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_each_person_who_gets_a_task_is_mailed_once_with_a_link_to_it(desk, make_plan, django_capture_on_commit_callbacks):
    u = desk["users"]
    plan = make_plan(reviewers=[u["reviewer"], u["reviewer2"]])

    with django_capture_on_commit_callbacks(execute=True):
        plan = perform(plan, "submit", u["drafter"])
    assert recipients(mail.outbox) == ["reviewer2@example.test", "reviewer@example.test"]
    for message in mail.outbox:
        assert message.subject.startswith("[planflow] Việc mới: Thẩm định")
        (link,) = task_links(message)
        task = human_tasks().get(pk=link)
        assert task.owner.email == message.to[0] and task.flow_task.name == "review"
        assert plan.subject in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan = perform(plan, "approve", u["reviewer"])
    assert mail.outbox == []  # the round waits for reviewer2: nobody has a new task

    with django_capture_on_commit_callbacks(execute=True):
        plan = perform(plan, "approve", u["reviewer2"])
    assert recipients(mail.outbox) == ["signer@example.test"]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan = perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    # The queued issue task: every clerk of the organization, one mail each.
    assert recipients(mail.outbox) == ["clerk2@example.test", "clerk@example.test"]
    assert all("hàng chờ" in message.body for message in mail.outbox)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform(plan, "issue", u["clerk"])
    assert mail.outbox == []  # the flow ended


def test_a_return_mails_the_drafter(desk, make_plan, django_capture_on_commit_callbacks):
    u = desk["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    with django_capture_on_commit_callbacks(execute=True):
        perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung căn cứ.")
    assert sent(mail.outbox) == [("drafter@example.test", "[planflow] Việc mới: Sửa và trình lại — " + plan.subject[:79] + "…")]


def test_a_refused_action_mails_nobody(desk, make_plan, django_capture_on_commit_callbacks):
    u = desk["users"]
    plan = make_plan(signer=None)  # cannot be submitted
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refusal):
        perform(plan, "submit", u["drafter"])
    assert mail.outbox == []


def test_people_without_an_address_are_skipped(desk, make_plan, django_capture_on_commit_callbacks):
    u = desk["users"]
    u["reviewer"].email = ""
    u["reviewer"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        perform(make_plan(), "submit", u["drafter"])
    assert mail.outbox == []


def test_the_daily_digest_lists_what_waits_for_each_person(desk, make_plan, capsys):
    u = desk["users"]
    first = perform(make_plan(reviewers=[u["reviewer"], u["reviewer2"]]), "submit", u["drafter"])
    second = perform(make_plan(subject="Kế hoạch thứ hai"), "submit", u["drafter"])
    third = perform(make_plan(subject="Kế hoạch thứ ba"), "submit", u["drafter"])
    third = perform(third, "approve", u["reviewer"])
    perform(third, "sign", u["signer"], kind="main", password=PASSWORD)
    mail.outbox.clear()

    call_command("send_task_digest")

    assert "Đã gửi 4 thư" in capsys.readouterr().out
    by_person = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_person) == ["clerk2@example.test", "clerk@example.test", "reviewer2@example.test", "reviewer@example.test"]
    assert by_person["reviewer@example.test"].subject == "[planflow] 2 việc đang chờ bạn xử lý"
    body = by_person["reviewer@example.test"].body
    assert first.subject in body and second.subject in body and third.subject not in body
    assert by_person["reviewer2@example.test"].subject == "[planflow] 1 việc đang chờ bạn xử lý"
    links = {int(pk) for pk in task_links(by_person["reviewer@example.test"])}
    assert links == set(human_tasks().filter(owner=u["reviewer"], status="ASSIGNED").values_list("pk", flat=True))
    assert "hàng chờ văn thư" in by_person["clerk@example.test"].body


def test_the_digest_task_is_scheduled_daily_and_sends(desk, make_plan, settings):
    from workflow.tasks import send_task_digest

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["workflow.tasks.send_task_digest"] == 24 * 60 * 60
    perform(make_plan(), "submit", desk["users"]["drafter"])
    mail.outbox.clear()
    assert send_task_digest.apply().get() == 1
    assert recipients(mail.outbox) == ["reviewer@example.test"]


def test_the_digest_goes_once_a_day_to_each_person(desk, make_plan):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    from workflow.notifications import send_task_digest

    u = desk["users"]
    perform(make_plan(), "submit", u["drafter"])
    mail.outbox.clear()
    assert send_task_digest() == 1
    assert send_task_digest() == 0, "a second run the same day must not mail the reviewer again"

    perform(make_plan(subject="Kế hoạch thứ hai", reviewers=[u["reviewer2"]]), "submit", u["drafter"])
    mail.outbox.clear()
    assert send_task_digest() == 1
    assert recipients(mail.outbox) == ["reviewer2@example.test"], "someone not yet told today still gets theirs"

    mail.outbox.clear()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("workflow.notifications.timezone.localdate", return_value=tomorrow):
        assert send_task_digest() == 2
    assert recipients(mail.outbox) == ["reviewer2@example.test", "reviewer@example.test"]


def test_a_failed_digest_send_records_nothing_and_is_sent_next_time(desk, make_plan):
    from unittest import mock

    from workflow.models import TaskDigestLog
    from workflow.notifications import send_task_digest

    perform(make_plan(), "submit", desk["users"]["drafter"])
    mail.outbox.clear()
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("SMTP down")):
        with pytest.raises(OSError):
            send_task_digest()
    assert not TaskDigestLog.objects.exists()
    assert send_task_digest() == 1
