"""Review comments anchored to a block of the plan's body (issue 16, point 3): through the API and
the plan page's form, listed with their block in document order, and still named after the drafter
rewrites the body; a block of another plan is refused and changes nothing."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from approvals.comments import add_comment
from approvals.models import ReviewComment
from config.refusals import InvalidInput
from plans.models import Block
from tests.api.conftest import database_state
from workflow.services import perform


@pytest.fixture
def api(world):
    def client(username):
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world['users'][username])[0].key}")
        return c

    return client


def blocks_of(plan):
    return list(Block.objects.filter(plan=plan).order_by("position"))


def test_a_comment_on_a_block_through_the_api(world, two_reviewer_plan, api):
    plan = two_reviewer_plan
    target = next(block for block in blocks_of(plan) if block.kind == "target")
    created = api("reviewer").post(
        f"/api/plans/{plan.pk}/comments/",
        {"text": "Chỉ tiêu cần ghi rõ năm gốc.", "anchor_kind": "block", "anchor_id": target.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["anchor_kind"], created.json()["anchor_id"]) == ("block", target.pk)
    listed = api("auditor").get(f"/api/plans/{plan.pk}/comments/").json()["results"]
    assert [(c["anchor_kind"], c["anchor_id"]) for c in listed] == [("block", target.pk)]


def test_a_block_of_another_plan_is_refused_and_changes_nothing(world, two_reviewer_plan, make_plan, api):
    other = make_plan()
    foreign = blocks_of(other)[0]
    before = database_state()
    refused = api("reviewer").post(
        f"/api/plans/{two_reviewer_plan.pk}/comments/", {"text": "x", "anchor_kind": "block", "anchor_id": foreign.pk}, format="json"
    )
    assert refused.status_code == 400 and "anchor_id" in refused.json()["errors"]
    with pytest.raises(InvalidInput):
        add_comment(two_reviewer_plan, world["users"]["reviewer"], text="x", anchor_kind="block", anchor_id=None)
    assert database_state() == before


def test_the_plan_page_lists_a_comment_with_its_block_and_offers_every_block(world, two_reviewer_plan, login):
    u, plan = world["users"], two_reviewer_plan
    blocks = blocks_of(plan)
    heading, task = blocks[0], next(block for block in blocks if block.kind == "task")
    add_comment(plan, u["reviewer"], text="Nhiệm vụ này ai chủ trì?", anchor_kind="block", anchor_id=task.pk)
    add_comment(plan, u["reviewer2"], text="Tiêu đề viết hoa toàn bộ.", anchor_kind="block", anchor_id=heading.pk)
    add_comment(plan, u["reviewer"], text="Chung cho cả kế hoạch")

    page = login("reviewer").get(f"/plans/{plan.pk}/").content.decode()
    for block in blocks:
        assert f'value="block:{block.pk}"' in page  # every block may be commented on
    comments = page.index('id="comments"')
    whole = page.index("Chung cho cả kế hoạch", comments)
    on_heading = page.index("Tiêu đề viết hoa toàn bộ.", comments)
    on_task = page.index("Nhiệm vụ này ai chủ trì?", comments)
    assert whole < on_heading < on_task, "threads follow the document: the plan, then blocks in order"
    task_number = blocks.index(task) + 1
    label = page.index(f"Khối {task_number} — ", comments)
    assert on_heading < label < on_task  # the task's thread is under its block's name
    assert f'data-anchor-group="block:{task.pk}"' in page

    response = login("reviewer").post(f"/plans/{plan.pk}/comments/", {"anchor": f"block:{heading.pk}", "text": "Thêm căn cứ."}, follow=True)
    assert response.status_code == 200 and "Đã gửi ý kiến." in response.content.decode()
    assert ReviewComment.objects.filter(plan=plan, anchor_kind="block", anchor_id=heading.pk).count() == 2


def test_a_comment_keeps_naming_its_block_after_the_body_is_rewritten(world, two_reviewer_plan, login, api):
    u, plan = world["users"], two_reviewer_plan
    blocks = blocks_of(plan)
    last = blocks[-1]  # blocks keep their place: the last one goes when the body gets shorter
    assert len(blocks) > 2
    add_comment(plan, u["reviewer"], text="Sửa khối cuối.", anchor_kind="block", anchor_id=last.pk)
    perform(plan, "return_for_revision", u["reviewer"], comment="Sửa theo ý kiến.")
    body = [
        {"kind": "heading", "level": 1, "label": "I.", "text": "MỤC ĐÍCH VÀ YÊU CẦU"},
        {"kind": "paragraph", "label": "-", "text": "Nội dung."},
    ]
    patched = api("drafter").patch(f"/api/plans/{plan.pk}/", {"body": body}, format="json")
    assert patched.status_code == 200, patched.json()
    page = login("drafter").get(f"/plans/{plan.pk}/").content.decode()
    assert "Sửa khối cuối." in page
    assert "Khối đã được sửa sau ý kiến — trước là: " + f"{last.label} {last.text}".strip()[:40] in page
