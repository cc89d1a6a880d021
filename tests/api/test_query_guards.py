"""Query-count guards for the API lists test_query_counts.py does not cover: organizations."""

import pytest

from accounts.models import Organization
from tests.api.test_query_counts import queries

pytestmark = pytest.mark.django_db


def test_organization_list_costs_the_same_for_few_and_many_organizations(world, api):
    client = api("drafter")
    queries(client, "/api/organizations/")  # warm-up
    few, body = queries(client, "/api/organizations/")
    before = body["count"] if isinstance(body, dict) else len(body)
    for i in range(45):
        Organization.objects.create(name=f"UBND xã Thêm {i}", code="UBND", place_name=f"Thêm {i}", parent=world["district"])
    many, body = queries(client, "/api/organizations/")
    assert (body["count"] if isinstance(body, dict) else len(body)) == before + 45
    assert many == few
