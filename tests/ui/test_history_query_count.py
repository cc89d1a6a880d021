"""Query-count guard for the history page: the same with 5 events and with 50 (a page of 20)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.services import update_plan

pytestmark = pytest.mark.django_db


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode().count('class="pf-event"')


def test_the_history_page_costs_the_same_for_5_and_50_events(login, world, make_plan):
    drafter = world["users"]["drafter"]
    quiet, busy = make_plan(subject="Lần 0"), make_plan(subject="Lần 0")
    for i in range(1, 5):
        update_plan(quiet, drafter, {"subject": f"Lần {i}"})
    for i in range(1, 50):
        update_plan(busy, drafter, {"subject": f"Lần {i}"})
    client = login("auditor")
    page_queries(client, f"/plans/{quiet.pk}/history/")  # warm-up
    few, few_events = page_queries(client, f"/plans/{quiet.pk}/history/")
    many, many_events = page_queries(client, f"/plans/{busy.pk}/history/")
    assert (few_events, many_events) == (5, 20)
    assert many == few
