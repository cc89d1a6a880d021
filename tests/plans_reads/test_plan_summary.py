"""The plan list's rows (plans.serializers.PlanSummarySerializer) are written directly, not through
DRF's fields (issue 21): they must be the very JSON the fields would give, for a plan in every state."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from plans.lifecycle import State
from plans.models import Plan
from plans.serializers import PlanSummarySerializer

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
