"""The approval flow (viewflow) follows the plan: the right tasks for the right people at each step,
two review rounds, returns from review and from signing, and actions taken outside the task pages."""

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from plans.models import Plan
from tests.conftest import PASSWORD
from tests.workflow.flow_helpers import archive, desk_fixture, everyone, inbox, queue  # noqa: F401 (the `desk` fixture)
from workflow.flow_sync import active_process, human_tasks
from workflow.models import PlanApproval
from workflow.services import perform

pytestmark = pytest.mark.django_db

NOTHING = ([], [])


@pytest.fixture
def two_reviewer_plan(desk, make_plan):
    u = desk["users"]
    return make_plan(reviewers=[u["reviewer"], u["reviewer2"]])


def test_the_inbox_follows_the_plan_through_two_rounds_to_issue(desk, two_reviewer_plan):
    u = desk["users"]
    plan = two_reviewer_plan
    p = plan.pk
    assert all(held == NOTHING for held in everyone(desk).values())  # a draft has no process yet

    plan = perform(plan, "submit", u["drafter"])
    assert everyone(desk) == {
        "drafter": NOTHING,
        "reviewer": ([(p, "review")], []),
        "reviewer2": ([(p, "review")], []),
        "signer": NOTHING,
        "clerk": NOTHING,
        "clerk2": NOTHING,
        "auditor": NOTHING,
    }

    # One reviewer approves: their task is gone, the other reviewer's remains.
    plan = perform(plan, "approve", u["reviewer"], comment="Đồng ý")
    assert plan.state == "review"
    assert inbox(u["reviewer"]) == [] and archive(u["reviewer"]) == [(p, "review", "approve")]
    assert inbox(u["reviewer2"]) == [(p, "review")]

    # The other returns it: the round ends, the drafter gets a revise task.
    plan = perform(plan, "return_for_revision", u["reviewer2"], comment="Bổ sung đơn vị phối hợp.")
    assert (plan.state, plan.review_round) == ("draft", 2)
    assert everyone(desk) == {**{name: NOTHING for name in everyone(desk)}, "drafter": ([(p, "revise")], [])}
    assert archive(u["reviewer2"]) == [(p, "review", "return_for_revision")]

    # Resubmitted: round 2 asks both reviewers again, including the one who approved round 1.
    plan = perform(plan, "submit", u["drafter"])
    assert archive(u["drafter"]) == [(p, "revise", "submit")]
    assert inbox(u["drafter"]) == []
    assert inbox(u["reviewer"]) == [(p, "review")] and inbox(u["reviewer2"]) == [(p, "review")]
    round_two = human_tasks().filter(owner=u["reviewer"], status=STATUS.ASSIGNED).get()
    assert round_two.data["round"] == 2

    plan = perform(plan, "approve", u["reviewer2"], comment="Đồng ý")
    plan = perform(plan, "approve", u["reviewer"], comment="Đồng ý")
    assert plan.state == "signing"
    assert everyone(desk) == {**{name: NOTHING for name in everyone(desk)}, "signer": ([(p, "sign")], [])}

    # Initials (ký nháy) are not a step; the main signature sends the plan to the clerks' queue.
    perform(plan, "sign", u["reviewer"], kind="initial")
    assert inbox(u["signer"]) == [(p, "sign")]
    plan = perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    assert everyone(desk) == {
        **{name: NOTHING for name in everyone(desk)},
        "clerk": ([], [(p, "issue")]),
        "clerk2": ([], [(p, "issue")]),
    }

    plan = perform(plan, "issue", u["clerk2"])  # straight from the plan page, without taking the task first
    assert plan.state == "issued"
    assert all(held == NOTHING for held in everyone(desk).values())
    assert archive(u["clerk2"]) == [(p, "issue", "issue")] and archive(u["clerk"]) == []
    process = PlanApproval.for_plan(plan).get()
    assert process.status == PROCESS.DONE and process.finished is not None
    assert active_process(plan) is None


def test_the_signer_returns_and_the_drafter_revises(desk, make_plan):
    u = desk["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    plan = perform(plan, "approve", u["reviewer"])
    plan = perform(plan, "return_for_revision", u["signer"], comment="Sửa phần kinh phí.")
    assert archive(u["signer"]) == [(plan.pk, "sign", "return_for_revision")]
    assert everyone(desk) == {**{name: NOTHING for name in everyone(desk)}, "drafter": ([(plan.pk, "revise")], [])}


def test_a_reviewer_returns_while_the_plan_waits_in_the_clerks_queue(desk, make_plan):
    u = desk["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    plan = perform(plan, "approve", u["reviewer"])
    plan = perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    assert queue(u["clerk"]) == [(plan.pk, "issue")]
    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Phát hiện sai số liệu.")
    assert plan.state == "draft"
    # The open step (the queued issue task) is closed by the person who returned the plan.
    assert archive(u["reviewer"]) == [(plan.pk, "issue", "return_for_revision"), (plan.pk, "review", "approve")]
    assert everyone(desk) == {**{name: NOTHING for name in everyone(desk)}, "drafter": ([(plan.pk, "revise")], [])}
    # Second round: the signer signs again the content of round 2.
    plan = perform(plan, "submit", u["drafter"])
    plan = perform(plan, "approve", u["reviewer"])
    assert inbox(u["signer"]) == [(plan.pk, "sign")]


def test_one_return_closes_the_other_reviewers_open_tasks(desk, two_reviewer_plan):
    u = desk["users"]
    plan = perform(two_reviewer_plan, "submit", u["drafter"])
    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung.")
    assert inbox(u["reviewer2"]) == [] and archive(u["reviewer2"]) == []  # cancelled: not done by them
    assert everyone(desk) == {**{name: NOTHING for name in everyone(desk)}, "drafter": ([(plan.pk, "revise")], [])}


def test_the_signer_may_return_a_plan_still_in_review(desk, two_reviewer_plan):
    u = desk["users"]
    plan = perform(two_reviewer_plan, "submit", u["drafter"])
    plan = perform(plan, "return_for_revision", u["signer"], comment="Chưa đúng chủ trương.")
    assert everyone(desk) == {**{name: NOTHING for name in everyone(desk)}, "drafter": ([(plan.pk, "revise")], [])}
    statuses = sorted(human_tasks().filter(flow_task_type="HUMAN").values_list("status", flat=True))
    assert statuses == [STATUS.ASSIGNED, STATUS.CANCELED, STATUS.DONE]  # revise open, one review closed, one cancelled


def test_each_plan_has_its_own_process_and_tasks(desk, make_plan):
    u = desk["users"]
    first = perform(make_plan(), "submit", u["drafter"])
    second = perform(make_plan(subject="Kế hoạch thứ hai"), "submit", u["drafter"])
    perform(first, "approve", u["reviewer"])
    assert inbox(u["reviewer"]) == [(second.pk, "review")]
    assert inbox(u["signer"]) == [(first.pk, "sign")]


def test_a_refused_action_leaves_the_tasks_as_they_were(desk, make_plan):
    from config.refusals import Refusal

    u = desk["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    before = list(human_tasks().values_list("pk", "status", "owner_id"))
    with pytest.raises(Refusal):
        perform(plan, "return_for_revision", u["reviewer"], comment="")  # a return needs a reason
    with pytest.raises(Refusal):
        perform(plan, "approve", u["reviewer2"])  # not a reviewer of this plan
    assert list(human_tasks().values_list("pk", "status", "owner_id")) == before


def test_when_the_flow_fails_the_action_rolls_back_with_it(desk, make_plan, monkeypatch):
    """The tasks never drift from Plan.state: a failing flow undoes the action that moved it."""
    from workflow.flows import PlanApprovalFlow

    u = desk["users"]
    plan = perform(make_plan(), "submit", u["drafter"])

    def broken(activation):
        raise RuntimeError("flow broken")

    monkeypatch.setattr(PlanApprovalFlow.sign, "calc_owner", broken)  # creating the sign task fails
    with pytest.raises(RuntimeError):
        perform(plan, "approve", u["reviewer"])
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.state == "review" and not plan.review_decisions.exists()
    assert inbox(u["reviewer"]) == [(plan.pk, "review")]


def test_a_plan_past_submit_without_a_process_gets_one_on_its_next_action(desk, make_plan):
    """Plans moved before the flow existed: their next action starts a process in their state."""
    u = desk["users"]
    plan = perform(make_plan(reviewers=[u["reviewer"], u["reviewer2"]]), "submit", u["drafter"])
    PlanApproval.for_plan(plan).delete()
    plan = perform(plan, "approve", u["reviewer"])
    assert inbox(u["reviewer"]) == [] and inbox(u["reviewer2"]) == [(plan.pk, "review")]  # who already approved is not asked again


def test_actions_through_the_api_complete_the_matching_tasks(desk, make_plan):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    u = desk["users"]

    def api(name):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.get_or_create(user=u[name])[0].key)
        return client

    def act(name, action, **body):
        response = api(name).post(f"/api/plans/{plan.pk}/actions/{action}/", body, format="json")
        assert response.status_code == 200, response.content

    plan = make_plan(reviewers=[u["reviewer"], u["reviewer2"]])
    act("drafter", "submit")
    act("reviewer", "approve")
    assert archive(u["reviewer"]) == [(plan.pk, "review", "approve")] and inbox(u["reviewer2"]) == [(plan.pk, "review")]
    act("reviewer2", "return_for_revision", comment="Bổ sung.")
    assert inbox(u["drafter"]) == [(plan.pk, "revise")] and inbox(u["reviewer2"]) == []
    act("drafter", "submit")
    act("reviewer", "approve")
    act("reviewer2", "approve")
    act("signer", "sign", kind="main", password=PASSWORD)
    assert queue(u["clerk"]) == [(plan.pk, "issue")]
    act("clerk", "issue")
    assert all(held == NOTHING for held in everyone(desk).values())
    assert archive(u["clerk"]) == [(plan.pk, "issue", "issue")]
