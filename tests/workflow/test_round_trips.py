"""Round trips of an action (issue 21): what perform and the API's answer read go to PostgreSQL
together.

Under load every round trip waits for the database's turn on the CPU and then the worker's, so an
action that reads in one round trip what it read in four answers sooner. perform sends the lock of
the plan with what it reads after it (the permissions with the chain's head, the action's
conditions, the flow's open tasks; plans.audited's `read_after_lock`); the API's answer reads the
plan with its parts and what its available_actions ask (plans.api.plan_response). The answers wait
on the plan (config.compiled_queries.keep_answers) for the one call that asks each.

`RoundTrips` counts statements and round trips as Django runs them: statements sent inside one
psycopg pipeline are one round trip (BEGIN and COMMIT, which psycopg sends itself, are not
counted). On SQLite nothing is pipelined, so there each statement is a round trip of its own.
"""

import pytest
from django.db import connection

from accounts.roles import memberships
from approvals.selectors import ROUND_DECIDED
from config.compiled_queries import drop_answers, keep_answers
from plans.conditions import CONTENT_PRESENT, REVIEWER_LINKS
from plans.rules import PERMISSIONS, PERMISSIONS_AND_HEAD
from tests.api.conftest import advance
from tests.workflow.flow_helpers import fresh
from workflow.flow_sync import OPEN_FLOW_TASKS
from workflow.services import LOCKED_PLAN, perform

pytestmark = pytest.mark.django_db

PIPELINED = connection.vendor == "postgresql"


class RoundTrips:
    """Django's execute wrapper: [[sql, …], …], the statements of each round trip in order."""

    def __init__(self):
        self.trips = []
        self._pipeline = None  # the psycopg pipeline of the last statement (held: its id is not reused)

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):  # the test's transaction
            return execute(sql, params, many, context)
        pipeline = getattr(connection.connection, "_pipeline", None)
        if pipeline is None or pipeline is not self._pipeline:
            self.trips.append([])
        self._pipeline = pipeline
        self.trips[-1].append(sql)
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapped = connection.execute_wrapper(self)
        self._wrapped.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapped.__exit__(*exc)

    @property
    def statements(self):
        return sum(len(trip) for trip in self.trips)


def _names(trip):
    """Which of perform's and the answer's compiled reads each statement of a round trip is (its
    SQL as compiled), or the statement's first word."""
    known = {
        "lock": LOCKED_PLAN,
        "permissions": PERMISSIONS,
        "permissions+head": PERMISSIONS_AND_HEAD,
        "content": CONTENT_PRESENT,
        "reviewers": REVIEWER_LINKS,
        "round decided": ROUND_DECIDED,
        "open flow tasks": OPEN_FLOW_TASKS,
    }
    by_sql = {query._for("default").sql: name for name, query in known.items()}
    return [by_sql.get(sql, sql.split()[0]) for sql in trip]


def test_a_submit_reads_what_it_needs_in_the_lock_s_round_trip(world, make_plan):
    u = world["users"]
    plan = perform(make_plan(), "submit", u["drafter"])  # the flow is running: a later submit completes its revise task
    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung căn cứ.")
    drafter = fresh(u["drafter"])
    memberships(drafter)  # read and kept, as a request's token or visibility check reads them
    with RoundTrips() as counted:
        perform(plan, "submit", drafter)
    first = counted.trips[0]
    if PIPELINED:
        # the lock, the permissions with the chain's head, the content, the reviewers, the open flow tasks
        assert _names(first) == ["lock", "permissions+head", "content", "reviewers", "open flow tasks"]
        assert len(counted.trips) == counted.statements - 4  # 4 round trips fewer than statements
    else:
        assert len(counted.trips) == counted.statements  # SQLite: each statement on its own
    assert counted.statements <= 15  # tests/workflow/test_service_queries.py's bound for a resubmit


def test_a_withdraw_reads_its_condition_with_the_lock(world, make_plan):
    u = world["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    drafter = fresh(u["drafter"])
    memberships(drafter)
    with RoundTrips() as counted:
        perform(plan, "withdraw", drafter)
    if PIPELINED:
        # the lock, the permissions with the head, the round's decision, the open flow tasks
        assert _names(counted.trips[0]) == ["lock", "permissions+head", "round decided", "open flow tasks"]


def test_the_api_answer_reads_its_permissions_with_the_plan(world, make_plan, client):
    """After a submit, the answer's plan, its parts, the drafter's permissions and the round's decision
    (for "withdraw" among available_actions) come in one round trip."""
    from accounts.tokens import token_for_login

    u = world["users"]
    plan = make_plan()
    key = token_for_login(u["drafter"]).key
    with RoundTrips() as counted:
        response = client.post(
            f"/api/plans/{plan.pk}/actions/submit/", {}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
        )
    assert response.status_code == 200, response.content
    assert response.json()["available_actions"] == ["withdraw"]
    answer = counted.trips[-1]
    if PIPELINED:
        assert len(answer) == 13 and _names(answer)[-2:] == ["permissions", "round decided"]  # after the plan and its 10 parts


def test_an_answer_kept_is_taken_once_and_only_for_its_own_values(world, make_plan):
    u = world["users"]
    plan, other = make_plan(), make_plan()
    kept_rows = [("review_plan",)]  # not the drafter's real answer: shows which one was taken
    keep_answers(plan, [(PERMISSIONS, {"user": u["drafter"].pk, "plan": plan.pk})], [kept_rows])
    assert PERMISSIONS.rows(user=u["drafter"].pk, plan=other.pk, kept_on=plan) == [("draft_plan",)]  # another plan: read
    assert PERMISSIONS.rows(user=u["clerk"].pk, plan=plan.pk, kept_on=plan) == []  # another user: read
    assert PERMISSIONS.rows(user=u["drafter"].pk, plan=plan.pk, kept_on=plan) == kept_rows  # taken
    assert PERMISSIONS.rows(user=u["drafter"].pk, plan=plan.pk, kept_on=plan) == [("draft_plan",)]  # once: read again
    keep_answers(plan, [(CONTENT_PRESENT, {"plan": plan.pk})], [[(False, False)]])
    drop_answers(plan)
    assert CONTENT_PRESENT.rows(plan=plan.pk, kept_on=plan) == [(True, True)]


def test_perform_leaves_no_answer_behind_taken_or_refused(world, make_plan):
    """What perform read ahead and did not use (a refused action reads the conditions it never
    reaches) is dropped: the plan it returns, or a later read of it, never takes a stale answer."""
    from config.refusals import NotPermitted

    u = world["users"]
    plan = make_plan()
    reviewer = fresh(u["reviewer"])
    memberships(reviewer)
    with pytest.raises(NotPermitted):
        perform(plan, "submit", reviewer)  # refused: the conditions and reviewers read ahead are not taken
    drafter = fresh(u["drafter"])
    memberships(drafter)
    done = perform(plan, "submit", drafter)
    assert "_compiled_answers_kept" not in done.__dict__
    assert [link.user_id for link in REVIEWER_LINKS.instances(plan=done.pk, kept_on=done)] == [u["reviewer"].pk]


def test_an_answer_reads_no_decision_its_state_does_not_ask(world, make_plan):
    """available_actions_reads sends the done checks' reads only for actions the plan's state allows."""
    from plans.models import Plan
    from plans.rules import available_actions_reads

    u = world["users"]
    plan = advance(make_plan(), world, "signing")
    plan = Plan.objects.get(pk=plan.pk)
    signer = fresh(u["signer"])
    memberships(signer)
    assert [query for query, _values in available_actions_reads(plan, signer)] == [PERMISSIONS]
