"""Query-count guards of `workflow.services.perform`, one per action (issue 7).

Each action is taken on a plan prepared through the service, by a user loaded afresh (as a request
would load them), and the queries of that one call are counted: the lock, the permission, the
conditions, the writes, the audit event and the approval flow's tasks (inside the test's
transaction: the new-task mails, queued on commit, are not in the count). The bounds are the
counts measured after the transition work of bench/NOTES.md, the same on SQLite and PostgreSQL;
the comments give the counts before it. A change that adds a query to the one door fails here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import advance
from tests.conftest import PASSWORD
from tests.workflow.flow_helpers import fresh
from workflow.services import perform

pytestmark = pytest.mark.django_db

# action: (state the plan is brought to, who acts, extra arguments, most queries allowed)
# Issue 21 (the flow stores only what someone acts on: no `route` task, a join of 3 statements, an
# end of 3, no second plan lock at the start; approve reads the round's approvals once). The counts
# before it are in the comments (issue 7's bounds, then what was measured at the start of issue 21).
# Then −1 on every action but a clerk's: perform reads the chain's head with the permissions (after the
# lock; plans.rules.chain_head_columns); the first submit −3 more: no savepoint around the flow's start
# (workflow.flows.PlanStartActivation) and no look for a process a first submit cannot have.
CASES = {
    "submit": ("draft", "drafter", {}, 16),  # 38 → 31 → 20 → 16: the first submit also starts the flow
    "approve": ("review", "reviewer", {}, 15),  # 43 → 31 → 16 → 15
    "return_for_revision": ("review", "reviewer", {"comment": "Bổ sung căn cứ."}, 14),  # 37 → 28 → 15 → 14
    "return_from_signing": ("signing", "signer", {"comment": "Sửa lại số liệu."}, 11),  # 25 → 18 → 12 → 11
    # sign and issue read the plan's content once (plans.content.read_content_once): it was read three
    # times at issue (the condition's hash, the signature check, the seal) and twice at sign. The
    # signed PDFs are off here (PDF work aside: documents.services.sign_main_pdf/seal_issued_pdf); the
    # keys are made here on first use (see the tests of a later sign and issue below).
    "sign": (
        "signing",
        "signer",
        {"kind": "main", "password": PASSWORD},
        31,
    ),  # 49 → 44 → 37 → 39 (issue 16: the body's blocks and task parties) → 31–32 (the signer's key and the CA made on
    # first use: 7; the task's content type when no test read it before: 1)
    "issue": (
        "signing+signed",
        "clerk",
        {},
        34,
    ),  # 79 → 60 → 50 → 52 (issue 16) → 35 → 34 (the seal's key made on first use: 4; the year's counter made: 2)
    "start_reporting": ("issued", "clerk", {}, 8),  # was 9
}


def prepared(world, make_plan, start):
    plan = make_plan()
    if start == "signing+signed":
        plan = advance(plan, world, "signing")
        return perform(plan, "sign", world["users"]["signer"], kind="main", password=PASSWORD)
    return advance(plan, world, start)


def count_queries(plan, action, user, **data):
    with CaptureQueriesContext(connection) as captured:
        perform(plan, action, user, **data)
    return len(captured.captured_queries)


@pytest.mark.parametrize("case", list(CASES))
def test_each_action_stays_within_its_queries(case, world, make_plan):
    start, who, data, most = CASES[case]
    action = "return_for_revision" if case == "return_from_signing" else case
    plan = prepared(world, make_plan, start)
    queries = count_queries(plan, action, fresh(world["users"][who]), **data)
    assert queries <= most, f"{case}: {queries} queries (at most {most})"


def test_the_second_reviewer_closes_the_round_within_its_queries(world, make_plan):
    """Two reviewers: the first approval records a decision only, the second moves the plan and
    the flow's join; neither reads per reviewer."""
    u = world["users"]
    plan = perform(make_plan(reviewers=[u["reviewer"], u["reviewer2"]]), "submit", u["drafter"])
    first = count_queries(plan, "approve", fresh(u["reviewer"]))
    last = count_queries(plan, "approve", fresh(u["reviewer2"]))
    assert first <= 11, first  # 25 → 18 → 12 → 11
    assert last <= 18, last  # 43 → 32 → 19 → 18


def test_a_later_sign_and_issue_stay_within_their_queries(world, make_plan):
    """Issue 21's bounds, key work aside: once the signer's key, the organization's seal and the
    year's counter exist (after the first plan), sign takes ≤ 24 statements and issue ≤ 30, the
    reads of the key and of its revocation included. The content is read once per action."""
    u = world["users"]
    first = prepared(world, make_plan, "signing+signed")
    perform(first, "issue", u["clerk"])
    plan = prepared(world, make_plan, "signing")
    signed = count_queries(plan, "sign", fresh(u["signer"]), kind="main", password=PASSWORD)
    issued = count_queries(plan, "issue", fresh(u["clerk"]))
    assert signed <= 23, signed  # 24, 31 at the start of this work (the content read twice)
    assert issued <= 28, issued  # 29, 44 at the start of this work (the content read three times)


def test_a_resubmit_stays_within_its_queries(world, make_plan):
    """After a return, the drafter's resubmit completes the revise task and opens the new round's
    review tasks: no `route` task between them."""
    u = world["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung căn cứ.")
    queries = count_queries(plan, "submit", fresh(u["drafter"]))
    assert queries <= 15, queries  # 24 at the start of issue 21, then 16


def test_plan_permissions_answer_as_guardian_does(world, make_plan, django_user_model):
    """plans.rules.plan_permissions (one query) against guardian's own checker: direct grants,
    grants through a group, an inactive user, a superuser."""
    from django.contrib.auth.models import Group
    from guardian.core import ObjectPermissionChecker
    from guardian.shortcuts import assign_perm

    from plans.permissions import PLAN_PERMS
    from plans.rules import plan_permissions

    u = world["users"]
    plan = make_plan()
    group = Group.objects.create(name="Tổ thẩm định")
    member = u["drafter2"]
    member.groups.add(group)
    assign_perm("plans.review_plan", group, plan)
    boss = django_user_model.objects.create_superuser("boss", password=PASSWORD)
    idle = u["reviewer"]
    idle.is_active = False

    def guardian_answer(user):
        checker = ObjectPermissionChecker(user)
        return {perm for perm in PLAN_PERMS if checker.has_perm(f"plans.{perm}", plan)}

    for user in (u["drafter"], u["reviewer2"], u["signer"], u["clerk"], member, boss, idle):
        assert plan_permissions(user, plan) == guardian_answer(fresh(user) if user.is_active else user), user.username
    assert plan_permissions(member, plan) == {"review_plan"}
    # With the chain's head (perform, issue 21): the same answer, and the head of the direct grants' rows.
    from audit.models import AuditEvent

    last = AuditEvent.objects.filter(plan=plan).order_by("-seq").values_list("seq", "hash").first()
    for user in (u["drafter"], u["reviewer2"], u["signer"], u["clerk"], member, boss, idle):
        plan.__dict__.pop("chain_head", None)
        assert plan_permissions(user, plan, read_chain_head=True) == plan_permissions(user, plan), user.username
        if user in (u["drafter"], u["signer"]):  # direct grants: the head came with them
            assert plan.chain_head == last, user.username
        else:  # none (group grant only, none at all, superuser, inactive): append_event reads it
            assert "chain_head" not in plan.__dict__, user.username
    assert plan_permissions(u["signer"], plan) == {"sign_plan"}
    with CaptureQueriesContext(connection) as captured:
        plan_permissions(fresh(u["signer"]), plan)
    assert len(captured.captured_queries) == 2  # the fresh user, then the permissions in one query


def test_relations_read_with_the_memberships_answer_as_read_apart(world, make_plan):
    """plans.rules.relations reads a user's permissions on the plan with their memberships (one
    query) when these are not cached yet; the answer is the one of the separate reads."""
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    from accounts.roles import memberships
    from plans.rules import relations

    u = world["users"]
    plan = make_plan()
    group = Group.objects.create(name="Tổ thẩm định")
    u["reviewer2"].groups.add(group)  # a reviewer of the district, not assigned: the grant through the group
    assign_perm("plans.review_plan", group, plan)
    for user in u.values():
        together = fresh(user)
        with CaptureQueriesContext(connection) as captured:
            combined = relations(plan, together)
        apart = fresh(user)
        memberships(apart)  # cached first: the permissions are read on their own
        assert combined == relations(plan, apart), user.username
        assert len(captured.captured_queries) <= 1, user.username
