"""Query-count guard for the slots list of the API: the same for a plan with 1 slot and with 36."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from workflow.services import perform

pytestmark = pytest.mark.django_db


def in_reporting(world, make_plan, tasks):
    u = world["users"]
    plan = make_plan(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), tasks=tasks)
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    perform(plan, "issue", u["clerk"])
    return perform(plan, "start_reporting", u["clerk"])


def slot_queries(client, plan):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/plans/{plan.pk}/slots/")
    assert response.status_code == 200
    return len(captured), len(response.json())


def test_slot_list_costs_the_same_for_1_and_36_slots(world, make_plan):
    def task(kind, unit, **schedule):
        return {"text": f"Báo cáo {kind}", "lead_unit": unit, "supporting_units": [], "schedule_kind": kind, **schedule}

    yearly = in_reporting(world, make_plan, [task("yearly", world["police"], schedule_day=15, schedule_month=12)])
    monthly = in_reporting(
        world, make_plan, [task("monthly", unit, schedule_day=15) for unit in (world["police"], world["finance"], world["police"])]
    )
    client = APIClient()
    client.force_authenticate(world["users"]["auditor"])
    slot_queries(client, yearly)  # warm-up
    few, few_slots = slot_queries(client, yearly)
    many, many_slots = slot_queries(client, monthly)
    assert (few_slots, many_slots) == (1, 36)
    assert many == few
