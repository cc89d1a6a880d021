"""config.compiled_queries: a query compiled once answers as its queryset does, for every value bound.

perform's fixed reads (the lock, the permissions, the conditions, the open flow tasks) run through
it (issue 21); these tests compare it with the ORM's own answer, on both databases.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import BigIntegerField, Exists, IntegerField, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals.models import ReviewDecision
from approvals.selectors import review_standing
from config.compiled_queries import CompiledQuery, CompiledQuerysets, Param
from plans.conditions import reviewer_links_of
from plans.models import Plan, PlanReviewer
from plans.rules import plan_permissions

pytestmark = pytest.mark.django_db


def _reviewers_with_approval():
    approved = ReviewDecision.objects.filter(plan_id=Param("plan", BigIntegerField()), reviewer_id=OuterRef("user_id"))
    return (
        PlanReviewer.objects.filter(plan_id=Param("plan", BigIntegerField()))
        .select_related("user", "plan__organization")
        .annotate(approved=Exists(approved))
        .order_by("id")
    )


def test_instances_match_the_queryset_for_each_value_bound(world, make_plan):
    users = world["users"]
    first = make_plan(reviewers=[users["reviewer"], users["reviewer2"]])
    second = make_plan(reviewers=[users["reviewer2"]])
    ReviewDecision.objects.create(plan=first, review_round=1, reviewer=users["reviewer2"], decision="approve")
    query = CompiledQuery(_reviewers_with_approval)
    for plan in (first, second, first):  # the second call for `first` reuses the SQL compiled for it
        expected = [
            (link.pk, link.user.username, link.plan.organization.name, link.approved)
            for link in PlanReviewer.objects.filter(plan=plan)
            .select_related("user", "plan__organization")
            .annotate(approved=Exists(ReviewDecision.objects.filter(plan=plan, reviewer_id=OuterRef("user_id"))))
            .order_by("id")
        ]
        with CaptureQueriesContext(connection) as captured:
            links = query.instances(plan=plan.pk)
            answer = [(link.pk, link.user.username, link.plan.organization.name, link.approved) for link in links]
        assert answer == expected
        assert len(captured.captured_queries) == 1  # the related rows came with it, as select_related's do
    assert [(username, approved) for _pk, username, _org, approved in expected] == [("reviewer", False), ("reviewer2", True)]


def test_values_rows_and_one(world, make_plan):
    plan = make_plan()
    rows = CompiledQuery(lambda: Plan.objects.filter(pk=Param("pk", BigIntegerField())).order_by().values_list("subject", "review_round"))
    assert rows.rows(pk=plan.pk) == [(plan.subject, plan.review_round)]
    assert rows.rows(pk=plan.pk + 1000) == []
    one = CompiledQuery(lambda: Plan.objects.select_related("organization").filter(pk=Param("pk", BigIntegerField())))
    assert one.one(pk=plan.pk).organization == world["district"]
    with pytest.raises(Plan.DoesNotExist):
        one.one(pk=plan.pk + 1000)
    with pytest.raises(TypeError):
        one.one(id=plan.pk)  # a value it was not compiled for


def test_refuses_what_it_cannot_reproduce():
    with pytest.raises(TypeError):
        CompiledQuery(lambda: Plan.objects.filter(pk=Param("pk", IntegerField())).prefetch_related("sections")).rows(pk=1)
    with pytest.raises(TypeError):
        CompiledQuery(lambda: Plan.objects.filter(pk=Param("pk", IntegerField())).values("subject")).rows(pk=1)


def test_perform_reads_answer_as_before(world, make_plan):
    """The compiled reads of perform against the ORM's: reviewer links, the review standing, permissions."""
    users = world["users"]
    plan = make_plan(reviewers=[users["reviewer2"], users["reviewer"]])
    assert [link.user for link in reviewer_links_of(plan)] == [
        link.user for link in plan.reviewer_links.select_related("user").order_by("id")
    ]
    assert all(link.plan is plan for link in reviewer_links_of(plan))
    ReviewDecision.objects.create(plan=plan, review_round=plan.review_round, reviewer=users["reviewer2"], decision="approve")
    ReviewDecision.objects.create(plan=plan, review_round=plan.review_round + 1, reviewer=users["reviewer"], decision="approve")
    assert [(user.username, approved) for user, approved in review_standing(plan)] == [("reviewer", False), ("reviewer2", True)]
    assert plan_permissions(users["drafter"], plan) == {"draft_plan"}
    assert plan_permissions(users["reviewer"], plan) == {"review_plan"}
    assert plan_permissions(users["clerk"], plan) == set()
    plan_permissions(users["reviewer"], plan, read_chain_head=True)
    assert plan.chain_head[0] == plan.audit_events.count()


def test_the_memberships_and_the_token_read_as_the_orm_reads_them(world):
    from rest_framework.authtoken.models import Token

    from accounts.models import Membership, TokenUse
    from accounts.roles import MEMBERSHIPS, MEMBERSHIPS_OF_TOKEN
    from accounts.tokens import TOKEN_WITH_USER, last_use, token_for_login

    for user in world["users"].values():
        expected = [(m.pk, m.role, m.organization.name) for m in Membership.objects.filter(user=user).select_related("organization")]
        assert [(m.pk, m.role, m.organization.name) for m in MEMBERSHIPS.instances(user=user.pk)] == expected
        assert expected
    token = token_for_login(world["users"]["reporter"])  # new: no use recorded yet
    with CaptureQueriesContext(connection) as captured:
        found = TOKEN_WITH_USER.one(key=token.key)
        assert (found.user.username, last_use(found)) == ("reporter", token.created)
    used = timezone.now() - timedelta(hours=1)
    TokenUse.objects.create(token=token, last_used=used)
    with CaptureQueriesContext(connection) as captured_used:
        assert last_use(TOKEN_WITH_USER.one(key=token.key)) == used
    assert len(captured.captured_queries) == len(captured_used.captured_queries) == 1  # the use came with the token
    with pytest.raises(Token.DoesNotExist):
        TOKEN_WITH_USER.one(key="no-such-key")
    # the memberships read with the token, by its key (accounts.tokens), are the user's own
    for user in world["users"].values():
        key = token_for_login(user).key
        assert [m.pk for m in MEMBERSHIPS_OF_TOKEN.instances(key=key)] == [m.pk for m in MEMBERSHIPS.instances(user=user.pk)]
    assert MEMBERSHIPS_OF_TOKEN.instances(key="no-such-key") == []


def test_an_api_request_reads_the_memberships_with_the_token(world, client):
    """IdleExpiringTokenAuthentication reads the token and the user's memberships together; the
    view's questions about roles then read nothing more."""
    from accounts.roles import memberships_cached
    from accounts.tokens import IdleExpiringTokenAuthentication, token_for_login

    reporter = world["users"]["reporter"]
    key = token_for_login(reporter).key
    with CaptureQueriesContext(connection) as captured:
        user, token = IdleExpiringTokenAuthentication().authenticate_credentials(key)
    assert (user, token.key) == (reporter, key) and memberships_cached(user)
    assert [(m.role, m.organization_id) for m in user._planflow_memberships] == [("reporter", world["police"].pk)]
    assert len(captured.captured_queries) == 2  # the token, the memberships (one round trip on PostgreSQL)
    response = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["username"] == "reporter"


def test_kept_querysets_are_built_once_per_key_and_bounded(world, make_plan):
    """CompiledQuerysets (the plan list's pages, config.api_pages): a key's queryset is built on its
    first use only, its SQL answers later calls, the keys used last are kept, and a queryset that can
    match nothing answers an empty list."""
    plans = [make_plan() for _ in range(3)]
    kept = CompiledQuerysets(size=2)
    built = []

    def build(pk):
        built.append(pk)
        return Plan.objects.filter(pk=pk).select_related("organization")

    for pk in (plans[0].pk, plans[1].pk, plans[0].pk, plans[1].pk):
        (plan,) = kept.instances(("plan", pk), lambda pk=pk: build(pk))
        assert plan.pk == pk and plan.organization == world["district"]
    assert built == [plans[0].pk, plans[1].pk]
    kept.instances(("plan", plans[2].pk), lambda: build(plans[2].pk))  # a third key: the least recently used goes
    assert len(kept) == 2
    kept.instances(("plan", plans[0].pk), lambda: build(plans[0].pk))
    assert built == [plans[0].pk, plans[1].pk, plans[2].pk, plans[0].pk]
    with CaptureQueriesContext(connection) as captured:
        assert kept.instances(("none",), lambda: Plan.objects.none()) == []
        assert kept.instances(("empty in",), lambda: Plan.objects.filter(pk__in=[])) == []
    assert not captured.captured_queries
