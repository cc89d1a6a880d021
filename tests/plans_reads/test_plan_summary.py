"""The plan list's rows (plans.serializers.PlanSummarySerializer) and the whole plan (PlanSerializer) are
written directly, not through DRF's fields (issue 21): they must be the very JSON the fields would give,
for a plan in every state."""

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
from plans.serializers import PlanContentInputSerializer, PlanSerializer, PlanSummarySerializer

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


def _whole(plan, user, through_the_fields=False):
    """The whole plan as the API writes it for `user`, or as DRF's ModelSerializer makes it from the
    serializer's declared and model fields (its method fields included)."""
    request = Request(RequestFactory().get(f"/api/plans/{plan.pk}/"))
    request.user = user
    serializer = PlanSerializer(plan, context={"request": request})
    data = serializers.ModelSerializer.to_representation(serializer, plan) if through_the_fields else serializer.data
    return JSONRenderer().render(data)


def _whole_variants(plan):
    """The plan read with its parts, and as it reads in each later state: issued ones numbered, one
    with a period, a predecessor it replaces and entered from paper."""
    yield plan_with_parts(plan.pk)
    for number, state in enumerate(State.values, start=1):
        variant = plan_with_parts(plan.pk)
        variant.__dict__["state"] = state  # the state field is protected: only a read is wanted here
        if state not in (State.DRAFT, State.REVIEW, State.SIGNING):
            variant.number, variant.issued_on, variant.symbol_suffix = number, dt.date(2025, 1, number), "UBND"
        yield variant
    variant = plan_with_parts(plan.pk)
    variant.period_start, variant.period_end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    variant.predecessor_id, variant.succession, variant.entered_from_paper = plan.pk, "replaces", True
    variant.created_at = dt.datetime(2025, 3, 1, 23, 30, 5, 123456, tzinfo=dt.UTC)
    yield variant


def test_the_whole_plan_is_what_the_fields_give(world, make_plan):
    """PlanSerializer writes the plan directly: the very JSON of DRF's fields, key for key, for a plan
    of sections, targets and tasks and for one written as a body of blocks, in every state, for people
    who may do different things with it."""
    from plans.services import update_plan

    people = [world["users"][name] for name in ("drafter", "reviewer", "signer", "auditor")]
    legacy = make_plan(
        recipients=[{"name": "Công an huyện", "purpose": "t/h", "organization": world["police"]}, {"name": "VT", "purpose": ""}]
    )
    blocks = make_plan()
    body = [
        {"kind": "heading", "label": "I.", "text": "MỤC ĐÍCH", "level": 1},
        {"kind": "paragraph", "text": "Tạo khí thế thi đua."},
        {"kind": "table", "header_rows": 1, "rows": [["Xã", "Số hộ"], ["Ia Tơi", "12"]]},
        {
            "kind": "target",
            "label": "-",
            "text": "Tỷ lệ hộ nghèo giảm",
            "measure": {"comparator": "between", "value": "2,5", "value_max": "3", "unit": "%"},
        },
        {
            "kind": "task",
            "label": "1.",
            "text": "Tuyên truyền.",
            "lead": {"unit": world["police"].pk},
            "supporting": [{"name": "Các xã"}],
            "timing": {"kind": "quarter", "year": 2025, "quarter": 2},
            "schedules": [{"kind": "monthly", "day": 20}, {"kind": "yearly", "day": 15, "month": 12}],
        },
        {
            "kind": "task",
            "label": "2.",
            "text": "Kiểm tra.",
            "lead": {"name": "Chủ tịch UBND xã"},
            "timing": {"kind": "between", "from": "2025-01-01", "to": "2025-06-30"},
        },
    ]
    content = PlanContentInputSerializer(data={"body": body})
    content.is_valid(raise_exception=True)
    update_plan(blocks, world["users"]["drafter"], dict(content.validated_data))
    checked = 0
    for plan in (legacy, blocks):
        for variant in _whole_variants(plan):
            for user in people:
                expected = _whole(variant, user, through_the_fields=True)
                assert _whole(variant, user) == expected, (variant.state, user.username)
                checked += 1
    whole = json.loads(expected)
    assert list(whole) == PlanSerializer.Meta.fields
    # what the variants were for: every part carries something, so no field was compared empty
    assert all(
        whole[name]
        for name in ("legal_bases", "body", "targets", "tasks", "budget_lines", "recipients", "reviewers", "period_start", "predecessor")
    )
    assert json.loads(_whole(plan_with_parts(legacy.pk), people[0]))["sections"] and whole["symbol"] is None
    assert checked == 2 * (len(State.values) + 2) * len(people)
