"""The history's rows (audit.web.api.AuditEventSerializer) are written directly, not through DRF's
fields (issue 21): each must be the very JSON the fields would give, for every kind of event."""

import datetime as dt
import json

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from audit.models import AuditEvent
from audit.web.api import AuditEventSerializer

pytestmark = pytest.mark.django_db


def _through_the_fields(event):
    return serializers.ModelSerializer.to_representation(AuditEventSerializer(), event)


def test_each_event_is_what_the_fields_give(full_plan):
    events = list(AuditEvent.objects.filter(plan=full_plan).select_related("actor").order_by("seq"))
    system = AuditEvent.objects.select_related("actor").get(pk=events[-1].pk)
    system.actor, system.at = None, dt.datetime(2025, 3, 1, 23, 30, 5, 123456, tzinfo=dt.UTC)  # read only
    for event in [*events, system]:
        expected = _through_the_fields(event)
        row = AuditEventSerializer(event).data
        assert list(row) == list(expected) == AuditEventSerializer.Meta.fields
        assert JSONRenderer().render(row) == JSONRenderer().render(expected), (event.seq, event.action)
    # what the events were for: each field was compared holding something
    rows = [json.loads(JSONRenderer().render(AuditEventSerializer(event).data)) for event in events]
    assert all(any(row[name] for row in rows) for name in AuditEventSerializer.Meta.fields)
    assert json.loads(JSONRenderer().render(AuditEventSerializer(system).data))["actor"] is None
    assert {row["kind"] for row in rows} >= {"edit", "transition"}


def test_the_api_page_is_what_the_fields_give(full_plan, api):
    response = api("auditor").get(f"/api/plans/{full_plan.pk}/history/")
    assert response.status_code == 200
    events = AuditEvent.objects.filter(plan=full_plan).select_related("actor").order_by("seq")
    expected = [_through_the_fields(event) for event in events[: len(response.json()["results"])]]
    assert response.json()["results"] == json.loads(JSONRenderer().render(expected))
