"""The plan list's rows (plans.serializers.PlanSummarySerializer) are written directly, not through
DRF's fields (issue 21): they must be the very JSON the fields would give, for a plan in every state.
The whole plan's fields (PlanSerializer) are worked out once: the same JSON as DRF's each time."""

import datetime as dt
import json

import pytest
from django.test import RequestFactory
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from plans.lifecycle import State
from plans.models import Plan
from plans.selectors import plan_with_parts
from plans.serializers import PlanSerializer, PlanSummarySerializer

pytestmark = pytest.mark.django_db


def _through_the_fields(plan):
    """What DRF's ModelSerializer makes of the plan from the serializer's declared and model fields."""
    return serializers.ModelSerializer.to_representation(PlanSummarySerializer(), plan)


def _variants(plan):
    """The stored draft, and the same plan as it reads in each later state (issued ones numbered)."""
    yield Plan.objects.select_related("organization").get(pk=plan.pk)
    for number, state in enumerate(State.values, start=1):
        variant = Plan.objects.select_related("organization").get(pk=plan.pk)
        variant.__dict__["state"] = state  # the state field is protected: only a read is wanted here
        if state not in (State.DRAFT, State.REVIEW, State.SIGNING):
            variant.number, variant.issued_on, variant.symbol_suffix = number, dt.date(2025, 1, number), "UBND"
        variant.updated_at = timezone.now().replace(microsecond=number * 1000)
        yield variant


def test_each_row_is_what_the_fields_give(make_plan):
    for plan in _variants(make_plan()):
        expected = _through_the_fields(plan)
        row = PlanSummarySerializer(plan).data
        assert list(row) == list(expected) == PlanSummarySerializer.Meta.fields
        assert JSONRenderer().render(row) == JSONRenderer().render(expected), plan.state
    assert expected["symbol"] and expected["issued_on"]  # the last variant is an issued one, numbered


def test_the_time_is_given_in_the_current_time_zone_as_drf_gives_it(make_plan):
    plan = Plan.objects.select_related("organization").get(pk=make_plan().pk)
    plan.updated_at = dt.datetime(2025, 3, 1, 23, 30, 5, 123456, tzinfo=dt.UTC)
    row = json.loads(JSONRenderer().render(PlanSummarySerializer([plan], many=True).data))[0]
    assert row["updated_at"] == _through_the_fields(plan)["updated_at"] == "2025-03-02T06:30:05.123456+07:00"


class _WorkedOutEachTime(PlanSerializer):
    """The whole plan with DRF's own get_fields, worked out from the model for each serializer."""

    def get_fields(self):
        return serializers.ModelSerializer.get_fields(self)


def _whole(serializer_class, plan, user):
    request = Request(RequestFactory().get(f"/api/plans/{plan.pk}/"))
    request.user = user
    return JSONRenderer().render(serializer_class(plan, context={"request": request}).data)


def test_the_whole_plan_reads_the_same_with_its_fields_worked_out_once(world, make_plan):
    """config.api_fields.FieldsWorkedOutOnce: PlanSerializer's fields are copies of the first ones
    worked out; each copy still reads its own request (available_actions differ by person)."""
    plan = plan_with_parts(make_plan().pk)
    drafter, reviewer = world["users"]["drafter"], world["users"]["reviewer"]
    for user in (drafter, reviewer, drafter):
        assert _whole(PlanSerializer, plan, user) == _whole(_WorkedOutEachTime, plan, user)
    assert b'"submit"' in _whole(PlanSerializer, plan, drafter) and b'"submit"' not in _whole(PlanSerializer, plan, reviewer)
    assert "_fields_worked_out" in PlanSerializer.__dict__ and "_fields_worked_out" not in _WorkedOutEachTime.__dict__
