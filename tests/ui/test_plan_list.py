"""The plan list: only visible plans, filters, pagination, a flat query count."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.services import create_plan
from tests.conftest import plan_data
from tests.ui.helpers import advance


def plan_links(html):
    return set(int(pk) for pk in re.findall(r'href="/plans/(\d+)/"', html))


def commune_plan(world, **overrides):
    data = plan_data(world, signer=None, reviewers=[], tasks=[], **overrides)
    return create_plan(world["users"]["xa_drafter"], world["commune"], data)


def test_the_list_shows_only_plans_the_user_may_see(login, world, make_plan):
    ours = make_plan(subject="Kế hoạch của huyện")
    theirs = commune_plan(world, subject="Kế hoạch của xã")
    html = login("auditor").get("/plans/").content.decode()
    assert plan_links(html) == {ours.pk}
    assert "Kế hoạch của xã" not in html
    html = login("xa_drafter").get("/plans/").content.decode()
    assert plan_links(html) == {theirs.pk}


def test_the_list_paginates_by_20(login, world, make_plan):
    plans = [make_plan(subject=f"Kế hoạch số {i}") for i in range(25)]
    client = login("drafter")
    first = plan_links(client.get("/plans/").content.decode())
    second = plan_links(client.get("/plans/?page=2").content.decode())
    assert len(first) == 20 and len(second) == 5
    assert first | second == {p.pk for p in plans}
    assert client.get("/plans/?page=abc").status_code == 200
    assert client.get("/plans/?page=99").status_code == 200


def test_filters_by_state_organization_and_subject(login, world, make_plan):
    draft = make_plan(subject="Phòng chống thiên tai")
    in_review = advance(make_plan(subject="Xóa nhà tạm"), world, "review")
    client = login("drafter")
    assert plan_links(client.get("/plans/?state=review").content.decode()) == {in_review.pk}
    assert plan_links(client.get("/plans/?state=draft").content.decode()) == {draft.pk}
    assert plan_links(client.get("/plans/", {"q": "thiên tai"}).content.decode()) == {draft.pk}
    assert plan_links(client.get(f"/plans/?organization={world['district'].pk}").content.decode()) == {draft.pk, in_review.pk}
    # An organization the user does not belong to is not a choice: an error, and nothing of it shows.
    commune_plan(world)
    response = client.get(f"/plans/?organization={world['commune'].pk}")
    assert response.status_code == 200
    assert plan_links(response.content.decode()) == {draft.pk, in_review.pk}
    assert client.get("/plans/?state=bogus&organization=abc").status_code == 200


def test_create_button_only_for_drafters(login, world):
    assert "Tạo kế hoạch" in login("drafter").get("/plans/").content.decode()
    assert "Tạo kế hoạch" not in login("reviewer").get("/plans/").content.decode()


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/plans/")
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_the_number_of_plans(login, world, make_plan):
    client = login("drafter")
    for i in range(5):
        make_plan(subject=f"Kế hoạch {i}")
    with_five = _list_queries(client)
    for i in range(25):
        make_plan(subject=f"Kế hoạch thêm {i}")
    with_thirty = _list_queries(client)
    assert with_five == with_thirty
