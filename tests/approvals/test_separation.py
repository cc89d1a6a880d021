"""Separation of duties: a person never reviews, signs or issues a plan they drafted, and the
signer is not one of its reviewers — on every path, even for a drafter who also holds the
reviewer, signer and clerk roles, and even if someone granted them the plan's permissions."""

import pytest
from guardian.shortcuts import assign_perm
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Membership, Role
from approvals.comments import add_comment
from config.refusals import InvalidInput, NotPermitted
from plans.rules import available_actions
from plans.services import create_plan, update_plan
from tests.api.conftest import database_state
from tests.conftest import PASSWORD, plan_data
from workflow.services import perform


@pytest.fixture
def all_roles_drafter(world):
    """`drafter2` also holds the reviewer, signer and clerk roles of the district."""
    user = world["users"]["drafter2"]
    for role in (Role.REVIEWER, Role.SIGNER, Role.CLERK):
        Membership.objects.create(user=user, organization=world["district"], role=role, position="CHỦ TỊCH")
    return user


def own_plan(world, drafter):
    return create_plan(drafter, world["district"], plan_data(world))


def test_a_drafter_cannot_make_themselves_reviewer_or_signer(world, all_roles_drafter):
    me = all_roles_drafter
    with pytest.raises(InvalidInput) as refused:
        create_plan(me, world["district"], plan_data(world, reviewers=[me]))
    assert refused.value.errors["reviewers"] == ["Người soạn thảo không được tự thẩm định kế hoạch của mình."]
    with pytest.raises(InvalidInput) as refused:
        create_plan(me, world["district"], plan_data(world, signer=me))
    assert refused.value.errors["signer"] == ["Người soạn thảo không được tự ký kế hoạch của mình."]
    plan = own_plan(world, me)
    before = database_state()
    for change in ({"reviewers": [world["users"]["reviewer"], me]}, {"signer": me}):
        with pytest.raises(InvalidInput):
            update_plan(plan, me, change)
    assert database_state() == before


def test_a_reviewer_cannot_be_made_signer_of_the_same_plan(world, make_plan):
    u = world["users"]
    Membership.objects.create(user=u["reviewer"], organization=world["district"], role=Role.SIGNER)
    plan = make_plan()  # `reviewer` assigned
    before = database_state()
    with pytest.raises(InvalidInput) as refused:
        update_plan(plan, u["drafter"], {"signer": u["reviewer"]})
    assert "Người ký không được đồng thời là người thẩm định." in refused.value.errors["reviewers"]
    with pytest.raises(InvalidInput):
        update_plan(plan, u["drafter"], {"reviewers": [u["reviewer"], u["signer"]]})  # nor the signer a reviewer
    with pytest.raises(InvalidInput):
        create_plan(u["drafter"], world["district"], plan_data(world, signer=u["reviewer"]))
    assert database_state() == before


def _force_grants(plan, user):
    """As if someone had given the drafter the plan's reviewer and signer permissions directly."""
    assign_perm("plans.review_plan", user, plan)
    assign_perm("plans.sign_plan", user, plan)


def test_the_drafter_is_refused_approve_and_return_on_their_own_plan(world, all_roles_drafter):
    me = all_roles_drafter
    plan = perform(own_plan(world, me), "submit", me)
    _force_grants(plan, me)
    assert [name for name, _label in available_actions(plan, me)] == ["withdraw"]  # their own, not a reviewer's
    before = database_state()
    for action, data in (("approve", {}), ("return_for_revision", {"comment": "Tự trả lại"})):
        with pytest.raises(NotPermitted):
            perform(plan, action, me, **data)
    with pytest.raises(NotPermitted):
        add_comment(plan, me, text="Tự góp ý")
    assert database_state() == before


def test_the_drafter_is_refused_sign_and_issue_on_their_own_plan(world, all_roles_drafter):
    u, me = world["users"], all_roles_drafter
    plan = perform(own_plan(world, me), "submit", me)
    perform(plan, "approve", u["reviewer"])
    _force_grants(plan, me)
    assert available_actions(plan, me) == []
    before = database_state()
    for kind in ("initial", "main"):
        with pytest.raises(NotPermitted):
            perform(plan, "sign", me, kind=kind, password=PASSWORD)
    assert database_state() == before
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    before = database_state()
    with pytest.raises(NotPermitted):
        perform(plan, "issue", me)  # a clerk of the organization, but the plan's drafter
    assert database_state() == before
    assert perform(plan, "issue", u["clerk"]).state == "issued"  # another clerk may


def test_the_drafter_with_every_role_is_refused_over_the_api(world, all_roles_drafter):
    me = all_roles_drafter
    plan = perform(own_plan(world, me), "submit", me)
    _force_grants(plan, me)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=me).key}")
    before = database_state()
    assert [a["name"] for a in api.get(f"/api/plans/{plan.pk}/actions/").json()] == ["withdraw"]
    for action, body in (("approve", {}), ("return_for_revision", {"comment": "x"}), ("sign", {"kind": "main", "password": PASSWORD})):
        response = api.post(f"/api/plans/{plan.pk}/actions/{action}/", body, format="json")
        assert response.status_code == 403 and response.json()["code"] == "not_permitted", action
    assert api.post(f"/api/plans/{plan.pk}/comments/", {"text": "x"}, format="json").status_code == 403
    assert database_state() == before


def test_the_drafter_with_every_role_is_refused_in_the_ui(world, all_roles_drafter, client):
    me = all_roles_drafter
    plan = perform(own_plan(world, me), "submit", me)
    _force_grants(plan, me)
    client.force_login(me)
    before = database_state()
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-action="approve"' not in page and 'data-comment-action="comment"' not in page
    response = client.post(f"/plans/{plan.pk}/actions/approve/", {"comment": ""}, follow=True)
    assert "không có quyền" in response.content.decode()
    assert database_state() == before
