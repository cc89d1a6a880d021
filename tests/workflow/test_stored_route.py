"""Processes started before issue 21 stored the `route` gateway as a task of its own (a finished
SWITCH task after each step). The flow no longer stores it; such processes must still run to the
end, with their old route tasks kept as they were (demo and gen_scale databases hold them)."""

import pytest
from viewflow.workflow import flow
from viewflow.workflow.status import PROCESS, STATUS

from tests.conftest import PASSWORD
from workflow.flow_sync import active_process
from workflow.flows import PlanApprovalFlow, Route
from workflow.services import perform

pytestmark = pytest.mark.django_db


def route_tasks(process):
    return list(PlanApprovalFlow.task_class.objects.filter(process=process, flow_task=PlanApprovalFlow.route).order_by("id"))


def test_a_process_with_stored_route_tasks_runs_to_the_end(world, make_plan, monkeypatch):
    u = world["users"]
    with monkeypatch.context() as old_flow:
        old_flow.setattr(Route, "_create", flow.Switch._create)  # the flow as it was: route stored
        plan = perform(make_plan(reviewers=[u["reviewer"], u["reviewer2"]]), "submit", u["drafter"])
        plan = perform(plan, "approve", u["reviewer"])  # the round still open
    process = active_process(plan)
    stored = route_tasks(process)
    assert len(stored) == 1 and stored[0].status == STATUS.DONE  # after start, before the split

    plan = perform(plan, "approve", u["reviewer2"])
    plan = perform(plan, "return_for_revision", u["signer"], comment="Sửa lại số liệu.")
    plan = perform(plan, "submit", u["drafter"])
    for reviewer in ("reviewer", "reviewer2"):
        plan = perform(plan, "approve", u[reviewer])
    plan = perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    plan = perform(plan, "issue", u["clerk"])

    process.refresh_from_db()
    assert plan.state == "issued" and process.status == PROCESS.DONE
    assert route_tasks(process) == stored  # the old route task is kept; no new one stored
    steps = [t.flow_task.name for t in PlanApprovalFlow.task_class.objects.filter(process=process).order_by("id")]
    assert steps.count("review") == 4 and steps[-1] == "end"


def test_the_flow_stores_no_route_task(world, make_plan):
    u = world["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung căn cứ.")
    plan = perform(plan, "submit", u["drafter"])
    process = active_process(plan)
    assert route_tasks(process) == []
    steps = [t.flow_task.name for t in PlanApprovalFlow.task_class.objects.filter(process=process).order_by("id")]
    assert steps == ["start", "review_split", "review", "review_join", "revise", "review_split", "review"]
