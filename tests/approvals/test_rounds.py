"""Review rounds with several reviewers: the plan moves to signing only when every assigned
reviewer approved in the current round; one return starts round n+1 where all approve again;
each round's decisions stay in the history and on the plan page."""

import pytest
from django_fsm import TransitionNotAllowed

from approvals.models import ReviewDecision
from approvals.selectors import review_rounds, reviewers_pending
from audit.models import AuditEvent
from config.refusals import NotPermitted, WrongState
from plans.rules import available_actions
from plans.services import update_plan
from tests.conftest import PASSWORD
from workflow.services import perform


def actions_of(plan, user):
    return [name for name, _label in available_actions(plan, user)]


def test_the_plan_waits_for_every_assigned_reviewer(world, two_reviewer_plan):
    u, plan = world["users"], two_reviewer_plan
    assert reviewers_pending(plan) == [u["reviewer"], u["reviewer2"]]
    plan = perform(plan, "approve", u["reviewer"], comment="Đồng ý")
    assert plan.state == "review"
    assert reviewers_pending(plan) == [u["reviewer2"]]
    assert "approve" not in actions_of(plan, u["reviewer"]) and "approve" in actions_of(plan, u["reviewer2"])
    with pytest.raises(WrongState):
        perform(plan, "approve", u["reviewer"])  # approving twice in a round
    last = AuditEvent.objects.filter(plan=plan).latest("seq")
    assert (last.kind, last.action, last.from_state, last.to_state) == ("review", "approve", "review", "review")

    plan = perform(plan, "approve", u["reviewer2"])
    assert plan.state == "signing"
    last = AuditEvent.objects.filter(plan=plan).latest("seq")
    assert (last.kind, last.action, last.from_state, last.to_state) == ("transition", "approve", "review", "signing")


def test_a_return_starts_a_new_round_where_everyone_approves_again(world, two_reviewer_plan):
    u, plan = world["users"], two_reviewer_plan
    perform(plan, "approve", u["reviewer"])
    plan = perform(plan, "return_for_revision", u["reviewer2"], comment="Thiếu kinh phí")
    assert (plan.state, plan.review_round) == ("draft", 2)
    update_plan(plan, u["drafter"], {"budget_lines": [{"item": "Hỗ trợ", "unit_cost": 6_000_000, "quantity": 10, "source": "Huyện"}]})
    plan = perform(plan, "submit", u["drafter"])
    assert reviewers_pending(plan) == [u["reviewer"], u["reviewer2"]]  # round 1's approval does not count
    plan = perform(plan, "approve", u["reviewer2"])
    assert plan.state == "review"
    with pytest.raises(TransitionNotAllowed):
        plan.approve()  # the transition itself refuses while someone is still to approve (its fsm condition)
    plan = perform(plan, "approve", u["reviewer"])
    assert (plan.state, plan.review_round) == ("signing", 2)


def test_the_signer_returns_from_signing_and_a_third_round_begins(world, signing_plan):
    u, plan = world["users"], signing_plan
    plan = perform(plan, "return_for_revision", u["signer"], comment="Sửa thẩm quyền ký")
    assert (plan.state, plan.review_round) == ("draft", 2)
    plan = perform(plan, "submit", u["drafter"])
    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Vẫn thiếu")
    assert plan.review_round == 3
    decisions = list(ReviewDecision.objects.filter(plan=plan).order_by("id").values_list("review_round", "reviewer__username", "decision"))
    assert decisions == [(1, "reviewer", "approve"), (1, "reviewer2", "approve"), (2, "reviewer", "return")]
    returns = AuditEvent.objects.filter(plan=plan, action="return_for_revision").order_by("seq")
    assert [(e.actor.username, e.comment, e.from_state) for e in returns] == [
        ("signer", "Sửa thẩm quyền ký", "signing"),
        ("reviewer", "Vẫn thiếu", "review"),
    ]
    rounds = review_rounds(plan)
    assert [r["number"] for r in rounds] == [3, 2, 1] and rounds[0]["current"]
    assert [d.reviewer.username for d in rounds[2]["approvals"]] == ["reviewer", "reviewer2"]
    assert rounds[2]["returned"].actor == u["signer"] and rounds[1]["returned"].actor == u["reviewer"]
    assert rounds[0]["returned"] is None and rounds[1]["approvals"] == []


def test_a_reviewer_added_in_a_later_round_must_approve_too(world, make_plan):
    u = world["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Thêm người thẩm định")
    update_plan(plan, u["drafter"], {"reviewers": [u["reviewer"], u["reviewer2"]]})
    plan = perform(plan, "submit", u["drafter"])
    plan = perform(plan, "approve", u["reviewer"])
    assert plan.state == "review" and reviewers_pending(plan) == [u["reviewer2"]]
    assert perform(plan, "approve", u["reviewer2"]).state == "signing"


def test_a_reviewer_removed_in_a_later_round_can_no_longer_act(world, two_reviewer_plan):
    u, plan = world["users"], two_reviewer_plan
    plan = perform(plan, "return_for_revision", u["reviewer2"], comment="Tôi không thẩm định nữa")
    update_plan(plan, u["drafter"], {"reviewers": [u["reviewer"]]})
    plan = perform(plan, "submit", u["drafter"])
    with pytest.raises(NotPermitted):
        perform(plan, "approve", u["reviewer2"])
    assert perform(plan, "approve", u["reviewer"]).state == "signing"


def test_the_plan_page_lists_every_round(world, signing_plan, login):
    u, plan = world["users"], signing_plan
    perform(plan, "return_for_revision", u["signer"], comment="Sửa thẩm quyền ký")
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer2"])
    page = login("auditor").get(f"/plans/{plan.pk}/").content.decode()
    panel = page[page.index('id="review-rounds"') : page.index('id="comments"')]
    round2, round1 = panel.index('data-round="2"'), panel.index('data-round="1"')
    assert round2 < round1
    current, old = panel[round2:round1], panel[round1:]
    assert "Hoàng Văn Xét đồng ý" in current and "Còn chờ ý kiến của" in current and "Phạm Thẩm Định" in current
    assert "Phạm Thẩm Định đồng ý" in old and "Hoàng Văn Xét đồng ý" in old
    assert "Nguyễn Tiên Dũng trả lại để sửa" in old and "Sửa thẩm quyền ký" in old


def test_history_api_lists_each_rounds_decisions(world, signing_plan, client):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    u, plan = world["users"], signing_plan
    perform(plan, "return_for_revision", u["signer"], comment="Sửa")
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "approve", u["reviewer2"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=u['auditor']).key}")
    events = api.get(f"/api/plans/{plan.pk}/history/").json()["results"]
    decisions = [(e["kind"], e["action"], e["actor"]["id"]) for e in events if e["action"] in ("approve", "return_for_revision")]
    assert decisions == [
        ("review", "approve", u["reviewer"].pk),
        ("transition", "approve", u["reviewer2"].pk),
        ("transition", "return_for_revision", u["signer"].pk),
        ("review", "approve", u["reviewer"].pk),
        ("transition", "approve", u["reviewer2"].pk),
    ]
