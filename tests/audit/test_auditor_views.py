"""The auditor's pages: timeline filters, the plan as of an event, two versions compared, the verify
result and the audit bundle download — read-only, and a 404 outside the user's scope."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from audit.models import AuditEvent
from audit.verify import bundle as verify_bundle
from audit.verify.trail import verify_plan
from plans.services import update_plan
from tests.audit.conftest import tamper

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def event_seqs(page):
    return [int(seq) for seq in re.findall(r'name="a" value="(\d+)"', page)]


def seqs_where(plan, **filters):
    return list(AuditEvent.objects.filter(plan=plan, **filters).order_by("seq").values_list("seq", flat=True))


def test_the_timeline_filters_by_kind_actor_state_and_day(login, world, full_plan):
    client = login("auditor")
    url = f"/plans/{full_plan.pk}/history/"
    signatures = seqs_where(full_plan, kind="signature")
    assert signatures and event_seqs(html(client.get(url, {"kind": "signature"}))) == signatures
    reviewer = world["users"]["reviewer"]
    assert event_seqs(html(client.get(url, {"actor": reviewer.pk}))) == seqs_where(full_plan, actor=reviewer)
    in_review = sorted(set(seqs_where(full_plan, from_state="review")) | set(seqs_where(full_plan, to_state="review")))
    assert event_seqs(html(client.get(url, {"state": "review"}))) == in_review
    assert event_seqs(html(client.get(url, {"date_to": "2000-01-01"}))) == []
    assert len(event_seqs(html(client.get(url, {"date_from": "2000-01-01"})))) == min(20, len(seqs_where(full_plan)))


def test_bad_filter_values_are_shown_and_ignored(login, full_plan):
    page = html(login("auditor").get(f"/plans/{full_plan.pk}/history/", {"kind": "nope", "date_from": "31/31/2025", "actor": "x"}))
    assert "pf-error" in page
    assert event_seqs(page) == seqs_where(full_plan)[:20]  # every event, the first page of them


def test_the_filtered_timeline_costs_the_same_for_5_and_50_events(login, world, make_plan):
    drafter = world["users"]["drafter"]
    quiet, busy = make_plan(subject="Lần 0"), make_plan(subject="Lần 0")
    for i in range(1, 5):
        update_plan(quiet, drafter, {"subject": f"Lần {i}"})
    for i in range(1, 55):
        update_plan(busy, drafter, {"subject": f"Lần {i}"})
    client = login("auditor")
    params = {"kind": "edit", "actor": drafter.pk, "date_from": "2000-01-01", "state": "draft"}

    def queries(plan):
        with CaptureQueriesContext(connection) as captured:
            page = html(client.get(f"/plans/{plan.pk}/history/", params))
        return len(captured), len(event_seqs(page))

    queries(quiet)  # warm-up
    (few, few_events), (many, many_events) = queries(quiet), queries(busy)
    assert (few_events, many_events) == (5, 20)
    assert many == few


def subject_shown(response):
    return re.search(r'<tr><td>Trích yếu</td><td class="pf-value">(.*?)</td>', html(response)).group(1)


def test_the_plan_as_of_an_event_shows_its_content_then(login, world, make_plan):
    plan = make_plan(subject="Trích yếu ban đầu")
    update_plan(plan, world["users"]["drafter"], {"subject": "Trích yếu đã sửa"})
    client = login("auditor")
    assert subject_shown(client.get(f"/plans/{plan.pk}/history/as-of/", {"event": 1})) == "Trích yếu ban đầu"
    assert subject_shown(client.get(f"/plans/{plan.pk}/history/as-of/", {"event": 2})) == "Trích yếu đã sửa"
    assert subject_shown(client.get(f"/plans/{plan.pk}/history/as-of/", {"at": "2999-01-01T00:00"})) == "Trích yếu đã sửa"
    assert "chưa được tạo" in html(client.get(f"/plans/{plan.pk}/history/as-of/", {"at": "2000-01-01T00:00"}))
    assert client.get(f"/plans/{plan.pk}/history/as-of/", {"event": 99}).status_code == 404
    assert client.get(f"/plans/{plan.pk}/history/as-of/", {"event": "abc", "at": "hôm qua"}).status_code == 200


def test_two_versions_side_by_side(login, world, make_plan):
    plan = make_plan(subject="Trích yếu ban đầu")
    update_plan(plan, world["users"]["drafter"], {"subject": "Trích yếu đã sửa", "legal_bases": []})
    page = html(login("auditor").get(f"/plans/{plan.pk}/history/compare/", {"a": 2, "b": 1}))
    row = re.search(r"<tr><td>Trích yếu</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", page)
    assert row and row.groups() == ("Trích yếu ban đầu", "Trích yếu đã sửa")  # older on the left, whatever the order asked
    assert "Căn cứ pháp lý 1" in page  # the part's verbose_name
    same = html(login("auditor").get(f"/plans/{plan.pk}/history/compare/", {"a": 2, "b": 2}))
    assert "giống nhau" in same
    assert login("auditor").get(f"/plans/{plan.pk}/history/compare/", {"a": 1, "b": 7}).status_code == 404
    assert login("auditor").get(f"/plans/{plan.pk}/history/compare/", {"a": "x"}).status_code == 200


def test_the_verify_page_says_ok_or_names_each_problem(login, full_plan):
    """(The stored result and "Kiểm tra lại ngay": tests/audit/test_verify_page.py.)"""
    client = login("auditor")
    assert 'data-verify="ok"' in html(client.get(f"/plans/{full_plan.pk}/verify/"))
    tamper('UPDATE plans_plan SET "subject" = %s WHERE id = %s', ["Trích yếu đã bị sửa", full_plan.pk])
    assert client.post(f"/plans/{full_plan.pk}/verify/").status_code == 302  # the chain did not grow: verify again on demand
    page = html(client.get(f"/plans/{full_plan.pk}/verify/"))
    assert 'data-verify="problems"' in page
    problems = verify_plan(full_plan.pk).problems
    assert problems and all(escape(problem) in page for problem in problems)


def test_the_download_button_gives_a_bundle_the_offline_verifier_accepts(login, full_plan):
    client = login("auditor")
    assert f"/plans/{full_plan.pk}/audit-bundle.json" in html(client.get(f"/plans/{full_plan.pk}/history/"))
    response = client.get(f"/plans/{full_plan.pk}/audit-bundle.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="planflow-audit-plan-{full_plan.pk}.json"'
    assert verify_bundle.verify(json.loads(response.content)).startswith("OK")


def test_the_plan_page_links_to_the_auditor_pages(login, full_plan):
    page = html(login("auditor").get(f"/plans/{full_plan.pk}/"))
    assert f"/plans/{full_plan.pk}/verify/" in page and f"/plans/{full_plan.pk}/history/" in page


@pytest.mark.parametrize("path", ["history/", "history/as-of/?event=1", "history/compare/?a=1&b=2", "verify/", "audit-bundle.json"])
def test_a_plan_outside_the_scope_is_a_404_and_the_pages_are_read_only(login, full_plan, path):
    assert login("xa_drafter").get(f"/plans/{full_plan.pk}/{path}").status_code == 404
    assert login("auditor").get(f"/plans/{full_plan.pk + 1000}/{path}").status_code == 404
    if path != "verify/":  # its POST is "Kiểm tra lại ngay" (tests/audit/test_verify_page.py)
        assert login("auditor").post(f"/plans/{full_plan.pk}/{path}").status_code == 405
    assert login("auditor").put(f"/plans/{full_plan.pk}/{path}").status_code == 405
