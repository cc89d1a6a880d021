"""Review comments: anchored to each kind of part, answered and resolved, in the history; refused
for people who may not comment (403) or may not see the plan (404), changing nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from approvals.comments import add_comment, answer_comment, resolve_comment
from approvals.models import ReviewComment
from audit.models import AuditEvent
from audit.verify.trail import verify_plan
from config.refusals import InvalidInput, NotPermitted, WrongState
from plans.models import Section, Target, Task
from tests.api.conftest import database_state
from tests.approvals.conftest import raw
from workflow.services import perform


@pytest.fixture
def api(world):
    def client(username):
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world['users'][username])[0].key}")
        return c

    return client


@pytest.fixture
def unchanged():
    from contextlib import contextmanager

    @contextmanager
    def guard():
        before = database_state()
        yield
        assert database_state() == before, "a refused request changed the database"

    return guard


def anchors(plan):
    return {
        "plan": None,
        "section": Section.objects.get(plan=plan).pk,
        "target": Target.objects.get(plan=plan).pk,
        "task": Task.objects.get(plan=plan).pk,
    }


def test_comments_on_each_kind_of_anchor_are_answered_resolved_and_kept_in_the_history(world, two_reviewer_plan):
    u, plan = world["users"], two_reviewer_plan
    threads = {}
    for kind, anchor_id in anchors(plan).items():
        threads[kind] = add_comment(plan, u["reviewer"], text=f"Góp ý cho {kind}", anchor_kind=kind, anchor_id=anchor_id)
    signer_note = add_comment(plan, u["signer"], text="Ý kiến của người ký", anchor_kind="section", anchor_id=anchors(plan)["section"])
    assert {c.anchor for c in threads.values()} == {"plan", *(f"{k}:{v}" for k, v in anchors(plan).items() if v)}

    reply = answer_comment(threads["task"], u["drafter"], text="Đã bổ sung thời hạn.")
    again = answer_comment(reply, u["reviewer"], text="Cảm ơn.")  # answering a reply joins the same thread
    assert reply.parent_id == again.parent_id == threads["task"].pk
    assert (reply.anchor_kind, reply.anchor_id) == (threads["task"].anchor_kind, threads["task"].anchor_id)
    resolved = resolve_comment(threads["task"], u["drafter"])
    assert resolved.resolved and resolved.resolved_by == u["drafter"] and resolved.resolved_at is not None
    assert not ReviewComment.objects.get(pk=signer_note.pk).resolved

    events = list(AuditEvent.objects.filter(plan=plan, kind="review", action__startswith="comment_").order_by("seq"))
    assert [e.action for e in events] == ["comment_added"] * 5 + ["comment_answered"] * 2 + ["comment_resolved"]
    assert events[0].actor == u["reviewer"] and events[0].comment == "Góp ý cho plan"
    assert events[-1].actor == u["drafter"] and events[-1].from_state == events[-1].to_state == "review"
    # every history row of a comment is covered by the event that wrote it
    history = ReviewComment.history.filter(plan_id=plan.pk).order_by("history_id")
    covered = {(row["model"], row["id"]) for e in events for row in e.rows}
    assert history.count() == 8
    assert all(("approvals.historicalreviewcomment", h.history_id) in covered for h in history)
    resolved_row = history.last()
    assert resolved_row.history_type == "~" and resolved_row.history_user == u["drafter"] and resolved_row.resolved
    assert resolved_row.history_change_reason == "comment_resolved"
    assert verify_plan(plan.pk).chain_ok  # the audit trail's own check agrees

    raw("UPDATE approvals_reviewcomment SET text = %s WHERE id = %s", ["Sửa lén", signer_note.pk])
    report = verify_plan(plan.pk)
    assert not report.chain_ok and any(f"#{signer_note.pk}" in p and "text" in p for p in report.problems)


def test_the_drafter_may_answer_and_resolve_in_draft_but_reviewers_may_not(world, two_reviewer_plan):
    u, plan = world["users"], two_reviewer_plan
    comment = add_comment(plan, u["reviewer"], text="Thiếu căn cứ")
    perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung căn cứ")
    answer_comment(comment, u["drafter"], text="Đã bổ sung.")
    with pytest.raises(WrongState):
        answer_comment(comment, u["reviewer"], text="Trả lời khi dự thảo")
    with pytest.raises(WrongState):
        add_comment(plan, u["reviewer"], text="Góp ý khi dự thảo")
    resolve_comment(comment, u["drafter"])


@pytest.mark.parametrize("who", ["auditor", "drafter", "drafter2", "reviewer2_unassigned", "clerk", "reporter"])
def test_people_who_are_not_reviewers_or_the_signer_may_not_comment(world, make_plan, who, unchanged):
    u = world["users"]
    plan = perform(make_plan(), "submit", u["drafter"])  # only `reviewer` assigned
    user = u["reviewer2"] if who == "reviewer2_unassigned" else u[who]
    with unchanged(), pytest.raises(NotPermitted):
        add_comment(plan, user, text="Tôi cũng góp ý")


def test_refusals_on_existing_threads_change_nothing(world, two_reviewer_plan, unchanged):
    u, plan = world["users"], two_reviewer_plan
    comment = add_comment(plan, u["reviewer"], text="Góp ý")
    reply = answer_comment(comment, u["drafter"], text="Trả lời")
    with unchanged():
        with pytest.raises(NotPermitted):
            answer_comment(comment, u["auditor"], text="Tôi kiểm tra")
        with pytest.raises(NotPermitted):
            resolve_comment(comment, u["reviewer"])  # only the drafter resolves
        with pytest.raises(InvalidInput):
            resolve_comment(reply, u["drafter"])  # a reply is not a thread
        with pytest.raises(InvalidInput):
            answer_comment(comment, u["drafter"], text="   ")
    resolve_comment(comment, u["drafter"])
    with unchanged():
        with pytest.raises(WrongState):
            resolve_comment(comment, u["drafter"])
        with pytest.raises(WrongState):
            answer_comment(comment, u["reviewer"], text="Sau khi đã giải quyết")


def test_bad_anchors_are_invalid_input(world, make_plan, two_reviewer_plan, unchanged):
    u = world["users"]
    other = make_plan()
    with unchanged():
        for kind, anchor_id in [("section", Section.objects.get(plan=other).pk), ("task", None), ("target", 10**9), ("paragraph", 1)]:
            with pytest.raises(InvalidInput):
                add_comment(two_reviewer_plan, u["reviewer"], text="Góp ý", anchor_kind=kind, anchor_id=anchor_id)


def test_comments_close_with_issue(world, issued_plan, unchanged):
    u = world["users"]
    with unchanged():
        with pytest.raises(WrongState):
            add_comment(issued_plan, u["signer"], text="Sau ban hành")


# --- API ------------------------------------------------------------------------------------


def test_api_comment_thread(world, two_reviewer_plan, api):
    plan = two_reviewer_plan
    section = anchors(plan)["section"]
    created = api("reviewer").post(
        f"/api/plans/{plan.pk}/comments/", {"text": "Mục I cần rõ hơn", "anchor_kind": "section", "anchor_id": section}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["anchor_kind"] == "section" and body["anchor_id"] == section and body["resolved"] is False and body["replies"] == []
    reply = api("drafter").post(f"/api/comments/{body['id']}/replies/", {"text": "Đã sửa"}, format="json")
    assert reply.status_code == 201 and reply.json()["author_name"] == "Trần Văn Soạn"
    resolved = api("drafter").post(f"/api/comments/{body['id']}/resolve/")
    assert resolved.status_code == 200
    assert resolved.json()["resolved"] is True and resolved.json()["resolved_by"] == world["users"]["drafter"].pk
    assert [r["text"] for r in resolved.json()["replies"]] == ["Đã sửa"]
    listed = api("auditor").get(f"/api/plans/{plan.pk}/comments/")  # an auditor reads, does not write
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert listed.json()["results"][0]["replies"][0]["text"] == "Đã sửa"
    history = api("auditor").get(f"/api/plans/{plan.pk}/history/").json()["results"]
    assert [e["action"] for e in history if e["kind"] == "review"][-3:] == ["comment_added", "comment_answered", "comment_resolved"]


def test_api_refusals(world, two_reviewer_plan, api, unchanged):
    plan = two_reviewer_plan
    comment = add_comment(plan, world["users"]["reviewer"], text="Góp ý")
    with unchanged():
        cases = [
            (api("auditor").post(f"/api/plans/{plan.pk}/comments/", {"text": "x"}, format="json"), 403, "not_permitted"),
            (api("auditor").post(f"/api/comments/{comment.pk}/replies/", {"text": "x"}, format="json"), 403, "not_permitted"),
            (api("auditor").post(f"/api/comments/{comment.pk}/resolve/"), 403, "not_permitted"),
            (api("xa_drafter").get(f"/api/plans/{plan.pk}/comments/"), 404, "not_found"),
            (api("xa_drafter").post(f"/api/plans/{plan.pk}/comments/", {"text": "x"}, format="json"), 404, "not_found"),
            (api("xa_drafter").post(f"/api/comments/{comment.pk}/replies/", {"text": "x"}, format="json"), 404, "not_found"),
            (api("xa_drafter").post(f"/api/comments/{comment.pk}/resolve/"), 404, "not_found"),
            (api("reviewer").post(f"/api/plans/{plan.pk}/comments/", {"text": ""}, format="json"), 400, "invalid"),
            (api("reviewer").post(f"/api/plans/{plan.pk}/comments/", {"text": "x", "anchor_kind": "task"}, format="json"), 400, "invalid"),
            (api("reviewer").post(f"/api/plans/{plan.pk}/comments/", {"text": "x", "anchor_id": "abc"}, format="json"), 400, "invalid"),
            (api("reviewer").post(f"/api/plans/{plan.pk}/comments/", "[1, 2]", content_type="application/json"), 400, "invalid"),
            (api("reviewer").post(f"/api/comments/{10**12}/replies/", {"text": "x"}, format="json"), 404, "not_found"),
        ]
        for response, status, code in cases:
            assert response.status_code == status, (response.request["PATH_INFO"], response.json())
            assert response.json()["code"] == code


def test_api_comment_list_queries_do_not_grow_with_threads(world, two_reviewer_plan, api):
    u, plan = world["users"], two_reviewer_plan
    client = api("reviewer")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/plans/{plan.pk}/comments/").status_code == 200
        return len(queries)

    answer_comment(add_comment(plan, u["reviewer"], text="Một"), u["drafter"], text="Trả lời")
    one = count_queries()
    for n in range(6):
        answer_comment(add_comment(plan, u["signer"], text=f"Ý kiến {n}"), u["reviewer"], text="Đồng ý")
    assert count_queries() == one


# --- the plan page --------------------------------------------------------------------------


def test_plan_page_shows_threads_by_part_and_forms_for_whoever_may_use_them(world, two_reviewer_plan, login):
    u, plan = world["users"], two_reviewer_plan
    section = Section.objects.get(plan=plan)
    add_comment(plan, u["reviewer"], text="Chung cho cả kế hoạch")
    thread = add_comment(plan, u["reviewer2"], text="<script>alert(1)</script> mục I", anchor_kind="section", anchor_id=section.pk)
    answer_comment(thread, u["drafter"], text="Đã sửa mục I")

    page = login("reviewer").get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="comments"' in page and 'data-comment-action="comment"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; mục I" in page and "<script>alert(1)</script>" not in page
    whole, part = page.index("Chung cho cả kế hoạch"), page.index("&lt;script&gt;")
    assert page.index("Toàn bộ kế hoạch", page.index('id="comments"')) < whole < page.index(f"Mục: {section.heading}", whole) < part
    first_block = plan.blocks.order_by("position").first()  # new comments anchor to blocks; old ones keep their part
    assert f'value="section:{section.pk}"' not in page and f'value="block:{first_block.pk}"' in page
    assert 'data-comment-action="reply"' in page and 'data-comment-action="resolve"' not in page

    drafter_page = login("drafter").get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-comment-action="resolve"' in drafter_page and 'data-comment-action="comment"' not in drafter_page
    auditor_page = login("auditor").get(f"/plans/{plan.pk}/").content.decode()
    assert "Đã sửa mục I" in auditor_page
    assert not any(f'data-comment-action="{a}"' in auditor_page for a in ("comment", "reply", "resolve"))


def test_plan_page_forms_post_through_the_service(world, two_reviewer_plan, login):
    u, plan = world["users"], two_reviewer_plan
    task = Task.objects.get(plan=plan)
    response = login("reviewer").post(f"/plans/{plan.pk}/comments/", {"anchor": f"task:{task.pk}", "text": "Thời hạn?"}, follow=True)
    assert response.status_code == 200 and "Đã gửi ý kiến." in response.content.decode()
    comment = ReviewComment.objects.get(plan=plan)
    assert (comment.anchor_kind, comment.anchor_id, comment.author) == ("task", task.pk, u["reviewer"])

    response = login("drafter").post(f"/plans/{plan.pk}/comments/{comment.pk}/reply/", {"text": "Quý I"}, follow=True)
    assert "Đã trả lời ý kiến." in response.content.decode()
    response = login("drafter").post(f"/plans/{plan.pk}/comments/{comment.pk}/resolve/", follow=True)
    assert "Đã đánh dấu ý kiến là đã giải quyết." in response.content.decode()
    comment.refresh_from_db()
    assert comment.resolved and comment.replies.get().text == "Quý I"

    response = login("drafter").post(f"/plans/{plan.pk}/comments/{comment.pk}/resolve/", follow=True)
    assert "Ý kiến này đã được giải quyết." in response.content.decode()  # a refusal: a message, no change
    response = login("reviewer").post(f"/plans/{plan.pk}/comments/", {"anchor": "task:abc", "text": "x"}, follow=True)
    assert "Chỗ gắn ý kiến không hợp lệ." in response.content.decode()
    response = login("reviewer").post(f"/plans/{plan.pk}/comments/", {"anchor": "plan", "text": ""}, follow=True)
    assert "Cần ghi nội dung ý kiến." in response.content.decode()
    assert ReviewComment.objects.filter(plan=plan).count() == 2


def test_plan_page_forms_refuse_auditors_and_other_organizations(world, two_reviewer_plan, login, unchanged):
    plan = two_reviewer_plan
    comment = add_comment(plan, world["users"]["reviewer"], text="Góp ý")
    with unchanged():
        assert login("auditor").post(f"/plans/{plan.pk}/comments/", {"text": "x"}).status_code == 403
        assert login("auditor").post(f"/plans/{plan.pk}/comments/{comment.pk}/reply/", {"text": "x"}).status_code == 403
        assert login("auditor").post(f"/plans/{plan.pk}/comments/{comment.pk}/resolve/").status_code == 403
        assert login("xa_drafter").post(f"/plans/{plan.pk}/comments/", {"text": "x"}).status_code == 404
        assert login("xa_drafter").post(f"/plans/{plan.pk}/comments/{comment.pk}/resolve/").status_code == 404
        assert login("reviewer").get(f"/plans/{plan.pk}/comments/").status_code == 405


@pytest.mark.django_db
def test_comment_endpoints_are_documented_with_their_errors():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    documented = {
        ("/api/plans/{id}/comments/", "get"): {"200", "401", "404"},
        ("/api/plans/{id}/comments/", "post"): {"201", "400", "401", "403", "404", "409"},
        ("/api/comments/{id}/replies/", "post"): {"201", "400", "401", "403", "404", "409"},
        ("/api/comments/{id}/resolve/", "post"): {"200", "400", "401", "403", "404", "409"},
    }
    for (path, method), statuses in documented.items():
        operation = paths[path][method]
        media_answers = {"406", "415"} if "requestBody" in operation else {"406"}  # every endpoint's (config/openapi.py)
        assert set(operation["responses"]) == statuses | media_answers, (path, method)
