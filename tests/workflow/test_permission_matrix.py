"""Every role × every action × every state, through workflow.services.perform.

The expectation comes from ONE table, `ACTIONS`, written from the "Actions" table of docs/API.md:

    allowed (a role that may act, in a state the action starts from) → the plan's new state;
    a role that may not act                                          → NotPermitted (403);
    a role that may act, in a state the action does not start from   → WrongState (409).

Each test builds one plan in one state by driving it through the service, then tries one action
as each of the nine roles. A refused attempt must change nothing (state, updated_at, history rows,
audit events, signatures, review decisions). Each attempt runs inside a savepoint that is rolled
back afterwards, so an allowed action does not disturb the next role's attempt.
"""

import datetime

import pytest
from django.apps import apps
from django.db import transaction

from approvals.models import ReviewDecision, Signature
from audit.models import AuditEvent
from config.refusals import NotPermitted, WrongState
from plans.models import Plan
from tests.conftest import PASSWORD
from workflow.services import perform

STATES = ["draft", "review", "signing", "issued", "reporting", "closed", "discarded", "recalled"]

# The roles, as the user of the `world` fixture who plays each one on a plan drafted by `drafter`
# with `reviewer` assigned and `signer` as its signer.
ROLES = {
    "drafter": "drafter",  # the drafter of the plan
    "other_drafter": "drafter2",  # a drafter of the same authority, not of this plan
    "reviewer": "reviewer",  # the assigned reviewer
    "other_reviewer": "reviewer2",  # a reviewer of the authority, not assigned to this plan
    "signer": "signer",  # the plan's signer
    "clerk": "clerk",
    "reporter": "reporter",  # a reporter of a unit (Công an huyện) of the authority
    "auditor": "auditor",
    "admin": "admin",  # an admin of the district (made by the `admin` fixture below)
    "other_authority": "xa_drafter",  # a user of another authority (UBND xã Kon Braih)
}

# docs/API.md, "Actions": action → (states it starts from, state it leads to, roles who may take it).
# `sign` appears twice, once per kind: initials for an assigned reviewer, the main one for the signer.
# fmt: off
ACTIONS = {
    "submit":              ({"draft"},             "review",    {"drafter"}),
    "approve":             ({"review"},            "signing",   {"reviewer"}),
    "return_for_revision": ({"review", "signing"}, "draft",     {"reviewer", "signer"}),
    "sign_initial":        ({"signing"},           "signing",   {"reviewer"}),
    "sign_main":           ({"signing"},           "signing",   {"signer"}),
    "issue":               ({"signing"},           "issued",    {"clerk"}),
    "start_reporting":     ({"issued"},            "reporting", {"clerk", "drafter"}),
    "close":               ({"reporting"},         "closed",    {"signer", "drafter"}),
    "withdraw":            ({"review"},            "draft",     {"drafter"}),
    "discard":             ({"draft"},             "discarded", {"drafter"}),
    "recall":              ({"issued", "reporting"}, "recalled", {"signer"}),
    "register_paper":      ({"draft"},             "issued",    {"admin"}),
}
# fmt: on


def expected(role, action, state):
    sources, target, who = ACTIONS[action]
    if role not in who:
        return NotPermitted
    if state not in sources:
        return WrongState
    return target


def attempt(plan, action, user):
    """Call the service the way the API does for `action` (a comment is always given)."""
    if action.startswith("sign_"):
        kind = action.removeprefix("sign_")
        return perform(plan, "sign", user, kind=kind, password=PASSWORD, comment="Ký")
    if action == "register_paper":
        return perform(plan, action, user, number=90, issued_on=datetime.date(2024, 3, 20), comment="Văn bản giấy")
    return perform(plan, action, user, comment="Ý kiến khi kiểm thử ma trận quyền")


# The path from draft to each state: (action, role) steps, each through the service.
PATH = [
    ("submit", "drafter"),
    ("approve", "reviewer"),
    ("sign_main", "signer"),
    ("issue", "clerk"),
    ("start_reporting", "clerk"),
    ("close", "drafter"),
]
STEPS_TO = {"draft": 0, "review": 1, "signing": 2, "issued": 4, "reporting": 5, "closed": 6}
# The states off the main line: (the state on the main line, then the step that leaves it).
OFF_PATH = {"discarded": ("draft", ("discard", "drafter")), "recalled": ("issued", ("recall", "signer"))}


def build(world, make_plan, state, signed=False):
    """A fresh plan driven to `state`. In `signing`, `signed` adds the signer's main signature,
    which `issue` needs (docs/API.md: a valid main signature over the current content)."""
    users = world["users"]
    plan = make_plan()
    base, extra = OFF_PATH.get(state, (state, None))
    steps = PATH[: STEPS_TO[base]] + ([extra] if extra else [])
    if state == "signing" and signed:
        steps = PATH[:3]
    for action, role in steps:
        plan = attempt(plan, action, users[ROLES[role]])
    assert plan.state == state
    return plan


def history_models():
    """Every django-simple-history table (plan, parts, reporting…), found rather than listed."""
    return [m for m in apps.get_models() if m.__name__.startswith("Historical") and hasattr(m, "history_change_reason")]


def snapshot(plan):
    fresh = Plan.objects.get(pk=plan.pk)
    return {
        "state": fresh.state,
        "updated_at": fresh.updated_at,
        "review_round": fresh.review_round,
        "number": fresh.number,
        **{f"rows of {model.__name__}": model.objects.count() for model in history_models()},
        "audit events": AuditEvent.objects.filter(plan=plan).count(),
        "signatures": Signature.objects.filter(plan=plan).count(),
        "review decisions": ReviewDecision.objects.filter(plan=plan).count(),
    }


class _Rollback(Exception):
    pass


def outcome(plan, action, user):
    """(result, snapshot before, snapshot after) of one attempt, then undone.

    The result is the plan's new state, or the class of the refusal."""
    before = snapshot(plan)
    try:
        with transaction.atomic():  # a savepoint: undone below whatever happens
            try:
                result = attempt(plan, action, user).state
            except (NotPermitted, WrongState) as refusal:
                result = type(refusal)
            after = snapshot(plan)
            raise _Rollback
    except _Rollback:
        pass
    return result, before, after


@pytest.fixture
def admin(world):
    from accounts.models import Role

    world["users"]["admin"] = _user("admin", world["district"], Role.ADMIN)
    return world["users"]["admin"]


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("state", STATES)
def test_each_role_gets_what_the_table_says(world, admin, make_plan, state, action):
    plan = build(world, make_plan, state, signed=(action == "issue"))
    problems = []
    for role, username in ROLES.items():
        want = expected(role, action, state)
        got, before, after = outcome(plan, action, world["users"][username])
        name = got.__name__ if isinstance(got, type) else got
        want_name = want.__name__ if isinstance(want, type) else want
        if got != want:
            problems.append(f"{role} {action} in {state}: expected {want_name}, got {name}")
        elif isinstance(want, type):
            if after != before:
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                problems.append(f"{role} {action} in {state}: refused but changed {changed}")
        elif after["audit events"] != before["audit events"] + 1:
            problems.append(f"{role} {action} in {state}: allowed but wrote {after['audit events'] - before['audit events']} audit events")
    assert not problems, "\n".join(problems)


def test_the_table_covers_every_action_of_the_service():
    from plans.rules import ACTIONS as SERVICE_ACTIONS

    names = {"sign" if a.startswith("sign_") else a for a in ACTIONS}
    assert names == set(SERVICE_ACTIONS)


# Who sees the plan in each state (API.md "Plans": 404 to anyone who may not see it). Before its
# issue a plan stays with the people of the issuing body who write, review, sign, register, audit or
# administer it; an implementing unit's reporter and an organization named among the recipients see
# it from its issue on; any other organization never.
ISSUED_ON = {"issued", "reporting", "closed", "recalled"}
SEES = {
    **{role: set(STATES) for role in ("drafter", "other_drafter", "reviewer", "other_reviewer", "signer", "clerk", "auditor", "admin")},
    "reporter": ISSUED_ON,
    "recipient": ISSUED_ON,  # a clerk of UBND tỉnh Kon Tum, which the plan names among its recipients
    "other_authority": set(),
}


@pytest.mark.parametrize("state", STATES)
def test_who_sees_the_plan_in_each_state(world, admin, make_plan, client, state):
    from accounts.models import Membership, Role
    from plans.selectors import visible_plans
    from tests.conftest import plan_data

    users = world["users"]
    province_clerk = users.setdefault("province_clerk", _user("province_clerk", world["province"], Role.CLERK))
    recipients = plan_data(world)["recipients"] + [{"name": "UBND tỉnh Kon Tum", "purpose": "b/c", "organization": world["province"]}]
    plan = build(world, lambda: make_plan(recipients=recipients), state)
    assert Membership.objects.filter(user=province_clerk).count() == 1
    problems = []
    for role, username in {**ROLES, "recipient": "province_clerk"}.items():
        user = users[username]
        client.force_login(user)
        seen = {
            "selector": visible_plans(user).filter(pk=plan.pk).exists(),
            "page": client.get(f"/plans/{plan.pk}/").status_code == 200,
            "api": client.get(f"/api/plans/{plan.pk}/").status_code == 200,
            "list": plan.pk in [row["id"] for row in client.get("/api/plans/").json()["results"]],
        }
        want = state in SEES[role]
        if set(seen.values()) != {want}:
            problems.append(f"{role} in {state}: expected {'seen' if want else 'not seen'}, got {seen}")
    assert not problems, "\n".join(problems)


def _user(username, organization, role):
    from django.contrib.auth import get_user_model

    from accounts.models import Membership

    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name="Văn", last_name="Thư tỉnh")
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def test_the_visibility_table_covers_every_role():
    assert set(SEES) == set(ROLES) | {"recipient"}
