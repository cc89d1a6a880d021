"""Issue 16: a plan of 300 blocks (tables, footnotes, 30 targets, 60 tasks with parties and schedules)
costs the plan page and the API's plan detail as many queries as a plan of 30 blocks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.long_body import long_body
from plans.services import create_plan

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def _plan(world, blocks):
    body = long_body(blocks, world["police"], world["finance"])
    return create_plan(world["users"]["drafter"], world["district"], {"subject": f"Kế hoạch {blocks} khối", "body": body})


@pytest.mark.parametrize("page", ["/plans/{}/", "/api/plans/{}/"])
def test_a_300_block_plan_costs_the_queries_of_a_30_block_one(login, world, page):
    short, long = _plan(world, 30), _plan(world, 300)
    assert long.blocks.count() == 300 and long.tasks.count() == 60 and long.targets.count() == 30
    client = login("drafter")
    _queries(client, page.format(short.pk))  # warm-up
    few, _ = _queries(client, page.format(short.pk))
    many, response = _queries(client, page.format(long.pk))
    if page.startswith("/api/"):
        assert len(response.json()["body"]) == 300 and len(response.json()["tasks"]) == 60
    else:
        assert "Nhiệm vụ 10.6" in response.content.decode()
    assert many == few
