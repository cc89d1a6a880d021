"""The API names targets and tasks by their blocks' ids (docs/API.md "The body"): the plan's `targets`
and `tasks`, the slots' `task`, the reported values' `target`, in and out. A plan of many blocks made
first keeps the block ids apart from the Target/Task row ids, so a test reading the wrong one fails."""

import pytest
from rest_framework.test import APIClient

from plans.models import Block, BlockKind
from reporting.models import Report, ReportSlot, ReportTargetValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier_blocks(world, make_plan):
    """A plan of many paragraphs made first: later block ids run ahead of the target and task ids."""
    return make_plan(body=[{"kind": "paragraph", "label": "", "text": f"Đoạn {n}"} for n in range(12)])


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_targets_tasks_and_slots_speak_block_ids(world, earlier_blocks, reporting_plan):
    target_blocks = list(Block.objects.filter(plan=reporting_plan, kind=BlockKind.TARGET).order_by("position"))
    task_blocks = list(Block.objects.filter(plan=reporting_plan, kind=BlockKind.TASK).order_by("position"))
    assert target_blocks and task_blocks
    assert all(b.pk != b.target_id for b in target_blocks) and all(b.pk != b.task_id for b in task_blocks)
    auditor = client_for(world["users"]["auditor"])
    read = auditor.get(f"/api/plans/{reporting_plan.pk}/").json()
    assert [t["id"] for t in read["targets"]] == [b.pk for b in target_blocks]
    assert [t["id"] for t in read["tasks"]] == [b.pk for b in task_blocks]
    body = {b["id"]: b for b in read["body"]}
    assert all(body[t["id"]]["kind"] == "target" and body[t["id"]]["target"] == t["id"] for t in read["targets"])
    assert all(body[t["id"]]["kind"] == "task" and body[t["id"]]["task"] == t["id"] for t in read["tasks"])
    slots = auditor.get(f"/api/plans/{reporting_plan.pk}/slots/").json()
    assert {s["task"] for s in slots} == {b.pk for b in task_blocks}


def test_a_report_names_the_target_block(world, earlier_blocks, reporting_plan):
    block = Block.objects.get(plan=reporting_plan, kind=BlockKind.TARGET)
    slot = ReportSlot.objects.filter(plan=reporting_plan, task__text="Báo cáo hằng tháng").order_by("due_on").first()
    reporter = client_for(world["users"]["reporter"])
    url = f"/api/slots/{slot.pk}/reports/"
    refused = reporter.post(url, {"progress": 10, "target_values": [{"target": block.target_id, "value": "5"}]}, format="json")
    assert refused.status_code == 400 and str(block.target_id) in str(refused.json()["errors"]["target_values"])
    assert Report.objects.count() == 0
    response = reporter.post(url, {"progress": 10, "target_values": [{"target": block.pk, "value": "5"}]}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["target_values"] == [{"target": block.pk, "value": "5"}]
    assert ReportTargetValue.objects.get().target_id == block.target_id  # stored against the plan's target
    listed = reporter.get(url).json()
    assert listed[0]["target_values"] == [{"target": block.pk, "value": "5"}]
