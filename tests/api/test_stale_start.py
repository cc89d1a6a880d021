"""start_reporting over the API asks for the stale-plan confirmation the UI asks for (issue 18,
item 4): without `confirm_overdue` a 400 listing the slots, changing nothing; with it, the slots open
overdue; `waive_overdue` with a reason waives them in the same step."""

from datetime import date

import pytest

from plans.models import Plan
from reporting.models import ReportSlot, SlotDecision
from tests.api.conftest import advance

pytestmark = pytest.mark.django_db


def quarterly(world, make_plan, start, end):
    task = {"text": "Báo cáo quý", "lead_unit": world["police"], "supporting_units": [], "schedule_kind": "quarterly", "schedule_day": 5}
    return advance(make_plan(period_start=start, period_end=end, tasks=[task]), world, "issued")


def start(api, plan, expect, **body):
    response = api("clerk").post(f"/api/plans/{plan.pk}/actions/start_reporting/", body, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def test_a_stale_plan_is_refused_without_the_confirmation_and_changes_nothing(world, make_plan, api, unchanged):
    plan = quarterly(world, make_plan, date(2024, 1, 1), date(2024, 12, 31))
    with unchanged():
        answer = start(api, plan, 400)
        assert start(api, plan, 400, confirm_overdue=False)["code"] == "overdue_unconfirmed"
    assert answer["code"] == "overdue_unconfirmed" and "confirm_overdue" in answer["detail"]
    assert answer["reasons"] == [
        "Quý I/2024 (hạn 05/04/2024) — Báo cáo quý",
        "Quý II/2024 (hạn 05/07/2024) — Báo cáo quý",
        "Quý III/2024 (hạn 05/10/2024) — Báo cáo quý",
        "Quý IV/2024 (hạn 05/01/2025) — Báo cáo quý",
    ]
    assert Plan.objects.get(pk=plan.pk).state == "issued" and not ReportSlot.objects.filter(plan=plan).exists()
    assert start(api, plan, 200, confirm_overdue=True)["state"] == "reporting"
    assert list(ReportSlot.objects.filter(plan=plan).values_list("state", flat=True)) == ["overdue"] * 4


def test_waive_overdue_waives_them_in_the_same_step_and_needs_a_reason(world, make_plan, api, unchanged):
    plan = quarterly(world, make_plan, date(2024, 1, 1), date(2024, 12, 31))
    with unchanged():
        assert start(api, plan, 400, waive_overdue=True)["errors"] == {"comment": ["Cần ghi lý do miễn báo cáo."]}
    assert start(api, plan, 200, waive_overdue=True, comment="Kế hoạch nhập muộn")["state"] == "reporting"
    assert list(ReportSlot.objects.filter(plan=plan).values_list("state", flat=True)) == ["waived"] * 4
    assert set(SlotDecision.objects.filter(slot__plan=plan).values_list("decision", "comment")) == {("waive", "Kế hoạch nhập muộn")}


def test_a_plan_with_no_past_period_starts_without_confirmation(world, make_plan, api):
    year = date.today().year + 1
    plan = quarterly(world, make_plan, date(year, 1, 1), date(year, 12, 31))
    assert start(api, plan, 200)["state"] == "reporting"
    assert set(ReportSlot.objects.filter(plan=plan).values_list("state", flat=True)) == {"open"}


def test_someone_who_may_not_start_gets_the_403_not_the_list(world, make_plan, api):
    plan = quarterly(world, make_plan, date(2024, 1, 1), date(2024, 12, 31))
    response = api("reviewer").post(f"/api/plans/{plan.pk}/actions/start_reporting/", {}, format="json")
    assert response.status_code == 403 and "reasons" not in response.json()
