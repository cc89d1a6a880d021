"""The verify page keeps its last result (audit.models.VerifyResult, audit.verify.stored): a second
visit shows it without verifying; a new event, a changed chain head or a new checkpoint makes the
next visit verify again; "Kiểm tra lại ngay" verifies in full on demand and finds a row edited in
the database behind the chain's back. Who may see the page may press the button; nobody else
changes anything."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from audit.models import AuditEvent, VerifyResult
from audit.record.checkpoints import write_checkpoint
from audit.verify import stored
from audit.verify.trail import verify_plan
from plans.services import update_plan
from tests.audit.conftest import tamper

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def verifies():
    """Counts the full verifies (audit.verify.stored's call of verify_plan_and_document), still running them."""
    with mock.patch.object(stored, "verify_plan_and_document", wraps=stored.verify_plan_and_document) as spy:
        yield spy


def url(plan):
    return f"/plans/{plan.pk}/verify/"


def shown_seq(page):
    return int(re.search(r"đến sự kiện số (\d+)", page).group(1))


def last_seq(plan):
    return AuditEvent.objects.filter(plan=plan).order_by("-seq").values_list("seq", flat=True).first()


def test_the_second_visit_shows_the_stored_result_without_verifying(login, make_plan, verifies):
    plan = make_plan()
    client = login("auditor")
    first = html(client.get(url(plan)))
    assert verifies.call_count == 1
    assert 'data-verify="ok"' in first and "data-verify-fresh" in first
    with CaptureQueriesContext(connection) as captured:
        second = html(client.get(url(plan)))
    assert verifies.call_count == 1, "the second visit verified again"
    assert 'data-verify="ok"' in second and "data-verify-stored" in second
    assert "Đây là kết quả đã lưu" in second and "Kiểm tra lại ngay" in second
    assert shown_seq(second) == last_seq(plan)
    # nothing of the trail was read: no history table, no walk of the events (the page's own queries were seen)
    assert any("audit_verifyresult" in q["sql"] for q in captured.captured_queries)
    assert not [q["sql"] for q in captured.captured_queries if "historical" in q["sql"] or "ORDER BY plan_id, seq" in q["sql"]]
    assert VerifyResult.objects.filter(plan=plan).count() == 1


def test_a_new_event_makes_the_next_visit_verify_again(login, world, make_plan, verifies):
    plan = make_plan()
    client = login("auditor")
    before = shown_seq(html(client.get(url(plan))))
    update_plan(plan, world["users"]["drafter"], {"subject": "Trích yếu đã sửa"})
    page = html(client.get(url(plan)))
    assert verifies.call_count == 2
    assert "data-verify-fresh" in page and 'data-verify="ok"' in page
    assert shown_seq(page) == last_seq(plan) == before + 1
    html(client.get(url(plan)))
    assert verifies.call_count == 2
    assert VerifyResult.objects.get(plan=plan).head_seq == before + 1


def test_a_head_changed_without_growing_makes_the_next_visit_verify_again_and_find_it(login, make_plan, verifies):
    plan = make_plan()
    client = login("auditor")
    html(client.get(url(plan)))
    tamper('UPDATE audit_auditevent SET "hash" = %s WHERE plan_id = %s AND seq = %s', ["0" * 64, plan.pk, last_seq(plan)])
    page = html(client.get(url(plan)))
    assert verifies.call_count == 2
    assert 'data-verify="problems"' in page


def test_a_new_checkpoint_makes_the_next_visit_verify_again(login, make_plan, verifies):
    plan = make_plan()
    client = login("auditor")
    html(client.get(url(plan)))
    write_checkpoint()
    html(client.get(url(plan)))
    assert verifies.call_count == 2
    assert VerifyResult.objects.get(plan=plan).checkpoint_id is not None


def test_the_button_verifies_again_and_finds_a_row_edited_behind_the_chains_back(login, world, full_plan, verifies):
    client = login("auditor")
    assert 'data-verify="ok"' in html(client.get(url(full_plan)))
    tamper('UPDATE plans_plan SET "subject" = %s WHERE id = %s', ["Trích yếu đã bị sửa", full_plan.pk])
    stale = html(client.get(url(full_plan)))
    assert 'data-verify="ok"' in stale and "data-verify-stored" in stale  # the chain did not grow: the stored result
    assert verifies.call_count == 1
    response = client.post(url(full_plan))
    assert response.status_code == 302 and response["Location"] == url(full_plan)
    assert verifies.call_count == 2
    page = html(client.get(response["Location"]))
    assert verifies.call_count == 2  # the redirect shows what the button stored
    assert "Đã kiểm tra lại toàn bộ lịch sử của kế hoạch." in page
    assert 'data-verify="problems"' in page
    problems = verify_plan(full_plan.pk).problems
    assert problems and all(escape(problem) in page for problem in problems)
    result = VerifyResult.objects.get(plan=full_plan)
    assert (result.ok, result.chain_ok, result.problems, result.checked_by) == (False, False, problems, world["users"]["auditor"])


def test_the_button_finds_a_history_row_edited_in_the_database(login, make_plan):
    plan = make_plan()
    client = login("drafter")
    html(client.get(url(plan)))
    tamper('UPDATE plans_historicalplan SET "subject" = %s WHERE id = %s', ["Sửa lén", plan.pk])
    assert 'data-verify="ok"' in html(client.get(url(plan)))
    assert 'data-verify="problems"' in html(client.get(client.post(url(plan))["Location"]))


def test_the_page_shows_when_the_stored_result_was_made_and_who_asked(login, world, make_plan):
    plan = make_plan()
    client = login("auditor")
    html(client.get(url(plan)))
    made = dt.datetime(2026, 12, 5, 7, 5, tzinfo=dt.UTC)  # 14:05 in Hà Nội
    VerifyResult.objects.filter(plan=plan).update(checked_at=made)
    page = html(login("reviewer").get(url(plan)))
    assert f"Kết quả kiểm tra lúc 14:05 05/12/2026, đến sự kiện số {last_seq(plan)}" in page
    assert f"do {world['users']['auditor'].get_full_name()} yêu cầu" in page
    assert "Đây là kết quả đã lưu" in page


def test_the_api_still_verifies_in_full(login, api, make_plan):
    plan = make_plan()
    html(login("auditor").get(url(plan)))
    tamper('UPDATE plans_plan SET "subject" = %s WHERE id = %s', ["Trích yếu đã bị sửa", plan.pk])
    body = api("auditor").get(f"/api/plans/{plan.pk}/verify/").json()
    assert body["ok"] is False and body["problems"] == verify_plan(plan.pk).problems
    assert set(body) >= {"ok", "chain_ok", "signatures_ok", "problems"}
    assert VerifyResult.objects.get(plan=plan).ok is True  # the API neither reads nor writes the page's result


def test_whoever_may_not_see_the_plan_changes_nothing(client, login, make_plan):
    plan = make_plan()
    assert client.post(url(plan))["Location"].startswith("/accounts/login/")  # anonymous
    assert client.get(url(plan))["Location"].startswith("/accounts/login/")
    outsider = login("xa_drafter")
    assert outsider.get(url(plan)).status_code == 404
    assert outsider.post(url(plan)).status_code == 404
    auditor = login("auditor")
    for address in (f"/plans/{plan.pk + 1000}/verify/", "/plans/99999999999999999999999/verify/"):
        assert auditor.get(address).status_code == 404
        assert auditor.post(address).status_code == 404
    for method in ("put", "patch", "delete"):
        assert getattr(auditor, method)(url(plan)).status_code == 405
    assert not VerifyResult.objects.exists()


def test_the_button_needs_the_csrf_token(world, make_plan):
    plan = make_plan()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["auditor"])
    assert client.post(url(plan)).status_code == 403
    assert not VerifyResult.objects.exists()
    page = html(client.get(url(plan)))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(url(plan), {"csrfmiddlewaretoken": token}).status_code == 302


def test_one_row_a_plan_however_often_it_is_checked(login, make_plan):
    plan, other = make_plan(), make_plan()
    client = login("auditor")
    for _ in range(2):
        html(client.get(url(plan)))
        client.post(url(plan))
        client.post(url(other))
    assert VerifyResult.objects.filter(plan=plan).count() == 1
    assert VerifyResult.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_page_verifies_in_its_own_snapshot(world, make_plan, client):
    """Requests are not wrapped in a transaction: the key and the verify share one snapshot, the row is written after it."""
    plan = make_plan()
    client.force_login(world["users"]["auditor"])
    assert "data-verify-fresh" in html(client.get(url(plan)))
    assert "data-verify-stored" in html(client.get(url(plan)))
    assert client.post(url(plan)).status_code == 302
    assert VerifyResult.objects.get(plan=plan).head_seq == last_seq(plan)


def test_the_page_in_english(login, make_plan):
    plan = make_plan()
    client = login("auditor")
    client.post("/i18n/setlang/", {"language": "en", "next": url(plan)})
    html(client.get(url(plan)))
    page = html(client.get(url(plan)))
    assert "This is the stored result" in page and "Check again now" in page
    assert re.search(r"Checked at \d\d:\d\d \d\d/\d\d/\d{4}, up to event 1", page)
