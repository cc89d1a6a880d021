"""Every edit and every transition leaves two traces: django-simple-history rows (with the acting
user and the reason) and an event in the plan's hash-chained audit timeline (with the user, the
reason and the field-level changes)."""

import pytest

from audit.models import AuditEvent
from audit.record.chain import GENESIS, event_hash
from config.refusals import NotPermitted, WrongState
from plans.models import Plan, Section, Task
from plans.services import update_plan
from tests.conftest import PASSWORD
from workflow.services import perform


def timeline(plan):
    return list(AuditEvent.objects.filter(plan=plan).order_by("seq"))


def test_creating_a_plan_is_recorded_with_its_author(world, make_plan):
    drafter = world["users"]["drafter"]
    plan = make_plan()
    created = plan.history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == ("+", drafter, "create")
    assert {h.history_user for h in Section.history.filter(plan_id=plan.pk)} == {drafter}
    [event] = timeline(plan)
    assert (event.kind, event.action, event.actor, event.to_state) == ("edit", "create", drafter, "draft")
    assert {"field": "subject", "old": None, "new": plan.subject} in event.changes


def test_an_edit_is_in_the_history_and_the_timeline_with_its_field_changes(world, make_plan):
    drafter = world["users"]["drafter"]
    plan = make_plan()
    old_subject = plan.subject
    update_plan(
        plan,
        drafter,
        {
            "subject": "Kế hoạch đã sửa: “trích yếu” mới",
            "sections": [
                {"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": "Tạo khí thế thi đua sôi nổi."},
                {"heading": "II. NỘI DUNG", "body": "Nội dung mới <b>giữ nguyên</b>."},
            ],
            "tasks": [
                {
                    "text": "Chủ trì, phối hợp đôn đốc, kiểm tra.",
                    "lead_unit": world["finance"],
                    "supporting_units": [world["police"]],
                    "schedule_kind": "yearly",
                    "schedule_day": 15,
                    "schedule_month": 12,
                }
            ],
        },
    )

    latest = plan.history.first()  # newest first
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == ("~", drafter, "edit")
    assert latest.subject == "Kế hoạch đã sửa: “trích yếu” mới"
    assert plan.history.count() == 2
    added = Section.history.filter(plan_id=plan.pk, history_type="+", heading="II. NỘI DUNG").get()
    assert (added.history_user, added.history_change_reason) == (drafter, "edit")
    task_change = Task.history.filter(plan_id=plan.pk, history_type="~").get()
    assert (task_change.history_user, task_change.history_change_reason) == (drafter, "edit")

    event = timeline(plan)[-1]
    assert (event.kind, event.action, event.actor) == ("edit", "edit", drafter)
    assert (event.from_state, event.to_state) == ("draft", "draft")
    changes = {c["field"]: (c["old"], c["new"]) for c in event.changes}
    assert changes["subject"] == (old_subject, "Kế hoạch đã sửa: “trích yếu” mới")
    assert changes["sections[1]"] == (None, {"heading": "II. NỘI DUNG", "body": "Nội dung mới <b>giữ nguyên</b>."})
    assert changes["tasks[0].lead_unit"] == (world["police"].pk, world["finance"].pk)
    assert changes["tasks[0].supporting_units"] == ([world["finance"].pk], [world["police"].pk])
    assert changes["tasks[0].schedule"] == ({"kind": "monthly", "day": 15}, {"kind": "yearly", "day": 15, "month": 12})
    assert "preamble" not in changes  # only what changed is listed


def test_an_edit_that_changes_nothing_leaves_no_trace(world, make_plan):
    plan = make_plan()
    counts = (Plan.history.count(), Section.history.count(), AuditEvent.objects.count())
    update_plan(
        plan,
        world["users"]["drafter"],
        {"subject": plan.subject, "sections": [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": "Tạo khí thế thi đua sôi nổi."}]},
    )
    assert (Plan.history.count(), Section.history.count(), AuditEvent.objects.count()) == counts


@pytest.mark.parametrize(
    ("username", "refusal", "state"),
    [("drafter2", NotPermitted, "draft"), ("reviewer", NotPermitted, "draft"), ("drafter", WrongState, "review")],
)
def test_a_refused_edit_leaves_no_trace(world, make_plan, username, refusal, state):
    plan = make_plan()
    if state == "review":
        plan = perform(plan, "submit", world["users"]["drafter"])
    plan.refresh_from_db()
    counts = (Plan.history.count(), Section.history.count(), AuditEvent.objects.count())
    with pytest.raises(refusal):
        update_plan(plan, world["users"][username], {"subject": "Sửa trái phép", "sections": []})
    fresh = Plan.objects.get(pk=plan.pk)
    assert (fresh.subject, fresh.updated_at, fresh.sections.count()) == (plan.subject, plan.updated_at, 1)
    assert (Plan.history.count(), Section.history.count(), AuditEvent.objects.count()) == counts


def test_each_transition_is_in_the_history_and_the_timeline(world, make_plan):
    u = world["users"]
    plan = make_plan()
    steps = [
        ("submit", u["drafter"], "", {}),
        ("return_for_revision", u["reviewer"], "Bổ sung căn cứ pháp lý.", {}),
        ("submit", u["drafter"], "Đã bổ sung.", {}),
        ("approve", u["reviewer"], "Đồng ý", {}),
        ("sign", u["signer"], "", {"kind": "main", "password": PASSWORD}),
        ("issue", u["clerk"], "", {}),
        ("start_reporting", u["clerk"], "", {}),
        ("close", u["drafter"], "Hoàn thành kế hoạch.", {}),
    ]
    for action, user, comment, extra in steps:
        perform(plan, action, user, comment=comment, **extra)

    # simple-history: one plan row per state change, with the actor and the transition as the reason.
    rows = list(plan.history.order_by("history_date", "history_id"))[1:]  # after the "create" row
    moves = [s for s in steps if s[0] != "sign"]  # signing records a Signature; the plan row is unchanged
    assert [r.state for r in rows] == ["review", "draft", "review", "signing", "issued", "reporting", "closed"]
    for row, (action, user, comment, _extra) in zip(rows, moves, strict=True):
        assert row.history_user == user
        assert row.history_change_reason == (f"{action}: {comment}" if comment else action)
    assert rows[1].review_round == 2  # returned once: the second round

    # The audit timeline: one event per step, in order, chained by hashes.
    events = timeline(plan)[1:]  # after the "create" event
    assert [(e.action, e.actor) for e in events] == [("sign_main" if a == "sign" else a, user) for a, user, _c, _e in steps]
    assert [(e.from_state, e.to_state) for e in events] == [
        ("draft", "review"),
        ("review", "draft"),
        ("draft", "review"),
        ("review", "signing"),
        ("signing", "signing"),
        ("signing", "issued"),
        ("issued", "reporting"),
        ("reporting", "closed"),
    ]
    assert [e.comment for e in events] == [s[2] for s in steps]
    issued = next(e for e in events if e.action == "issue")
    assert {c["field"] for c in issued.changes} == {"number", "issued_on"}
    assert {"field": "number", "old": None, "new": 1} in issued.changes

    chain = timeline(plan)
    assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
    for previous, event in zip([None, *chain], chain, strict=False):
        assert event.prev_hash == (previous.hash if previous else GENESIS)
        assert event.hash == event_hash(event)


def test_an_issued_plan_cannot_be_edited(world, make_plan):
    u = world["users"]
    plan = make_plan()
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    plan = perform(plan, "issue", u["clerk"])
    counts = (Plan.history.count(), AuditEvent.objects.count())
    with pytest.raises(WrongState):
        update_plan(plan, u["drafter"], {"subject": "Sửa sau khi ban hành"})
    assert Plan.objects.get(pk=plan.pk).subject == plan.subject
    assert (Plan.history.count(), AuditEvent.objects.count()) == counts
