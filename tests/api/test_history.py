"""History over the API: every edit and transition with its actor, reason and field changes."""

import pytest

from plans.models import Plan
from tests.api.conftest import advance

pytestmark = pytest.mark.django_db


def history(client, plan_id):
    response = client.get(f"/api/plans/{plan_id}/history/")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_creating_shows_every_field_as_new(world, api, make_plan):
    plan = make_plan()
    [event] = history(api("auditor"), plan.pk)
    drafter = world["users"]["drafter"]
    assert event["seq"] == 1 and event["at"]
    assert event["actor"] == {"id": drafter.pk, "username": "drafter", "full_name": "Trần Văn Soạn"}
    assert (event["kind"], event["action"], event["from_state"], event["to_state"]) == ("edit", "create", "", "draft")
    fields = {c["field"]: c for c in event["changes"]}
    assert fields["subject"] == {"field": "subject", "old": None, "new": plan.subject}
    assert fields["tasks"]["old"] is None and fields["tasks"]["new"][0]["text"] == "Chủ trì, phối hợp đôn đốc, kiểm tra."


def test_a_patch_of_the_subject_shows_old_and_new(world, api, make_plan):
    plan = make_plan(subject="Kế hoạch cũ")
    response = api("drafter").patch(f"/api/plans/{plan.pk}/", {"subject": "Kế hoạch “mới” <b>"}, format="json")
    assert response.status_code == 200
    events = history(api("reviewer"), plan.pk)
    assert len(events) == 2
    edit = events[-1]
    assert (edit["kind"], edit["action"], edit["actor"]["username"]) == ("edit", "edit", "drafter")
    assert (edit["from_state"], edit["to_state"]) == ("draft", "draft")
    assert edit["changes"] == [{"field": "subject", "old": "Kế hoạch cũ", "new": "Kế hoạch “mới” <b>"}]
    # simple-history keeps the same edit with its user and reason
    record = Plan.history.filter(id=plan.pk).latest("history_id")
    assert (record.subject, record.history_user, record.history_change_reason) == ("Kế hoạch “mới” <b>", world["users"]["drafter"], "edit")


def test_a_patch_of_tasks_shows_each_changed_field(world, api, make_plan):
    plan = make_plan()
    task = {
        "text": "Nhiệm vụ đã sửa",
        "lead_unit": world["finance"].pk,
        "supporting_units": [world["police"].pk],
        "schedule": {"kind": "yearly", "day": 25, "month": 10},
    }
    extra = {"text": "Nhiệm vụ thêm", "lead_unit": world["police"].pk}
    assert api("drafter").patch(f"/api/plans/{plan.pk}/", {"tasks": [task, extra]}, format="json").status_code == 200
    changes = {c["field"]: (c["old"], c["new"]) for c in history(api("drafter"), plan.pk)[-1]["changes"]}
    assert changes["tasks[0].text"] == ("Chủ trì, phối hợp đôn đốc, kiểm tra.", "Nhiệm vụ đã sửa")
    assert changes["tasks[0].lead_unit"] == (world["police"].pk, world["finance"].pk)
    assert changes["tasks[0].supporting_units"] == ([world["finance"].pk], [world["police"].pk])
    assert changes["tasks[0].schedule"] == ({"kind": "monthly", "day": 15}, {"kind": "yearly", "day": 25, "month": 10})
    assert changes["tasks[1]"][0] is None and changes["tasks[1]"][1]["text"] == "Nhiệm vụ thêm"
    assert not any(field.startswith(("subject", "sections", "budget_lines")) for field in changes)


def test_a_patch_that_changes_nothing_adds_no_event(world, api, make_plan):
    plan = make_plan()
    assert api("drafter").patch(f"/api/plans/{plan.pk}/", {"subject": plan.subject}, format="json").status_code == 200
    assert len(history(api("drafter"), plan.pk)) == 1


def test_transitions_show_actor_states_and_comment(world, api, make_plan):
    plan = make_plan()
    drafter, reviewer = api("drafter"), api("reviewer")
    drafter.post(f"/api/plans/{plan.pk}/actions/submit/", {"comment": "Trình anh xem"}, format="json")
    reviewer.post(f"/api/plans/{plan.pk}/actions/return_for_revision/", {"comment": "Thiếu căn cứ pháp lý."}, format="json")
    events = history(drafter, plan.pk)
    submit, returned = events[1], events[2]
    assert (submit["kind"], submit["action"], submit["actor"]["username"]) == ("transition", "submit", "drafter")
    assert (submit["from_state"], submit["to_state"], submit["comment"]) == ("draft", "review", "Trình anh xem")
    assert (returned["action"], returned["actor"]["username"]) == ("return_for_revision", "reviewer")
    assert (returned["from_state"], returned["to_state"], returned["comment"]) == ("review", "draft", "Thiếu căn cứ pháp lý.")
    record = Plan.history.filter(id=plan.pk).latest("history_id")
    assert (record.state, record.history_user) == ("draft", world["users"]["reviewer"])
    assert "return_for_revision" in record.history_change_reason and "Thiếu căn cứ pháp lý." in record.history_change_reason


def test_issue_shows_the_number_and_date_given(world, api, make_plan):
    plan = advance(make_plan(), world, "issued")
    issue = history(api("clerk"), plan.pk)[-1]
    assert (issue["action"], issue["from_state"], issue["to_state"]) == ("issue", "signing", "issued")
    assert issue["changes"] == [
        {"field": "number", "old": None, "new": 1},
        {"field": "issued_on", "old": None, "new": plan.issued_on.isoformat()},
    ]


def test_history_is_oldest_first_and_paginated(world, api, make_plan):
    plan = make_plan()
    client = api("drafter")
    for i in range(24):
        assert client.patch(f"/api/plans/{plan.pk}/", {"subject": f"Trích yếu {i}"}, format="json").status_code == 200
    first = client.get(f"/api/plans/{plan.pk}/history/").json()
    assert first["count"] == 25 and first["previous"] is None and first["next"]
    assert [e["seq"] for e in first["results"]] == list(range(1, 21))
    second = client.get(first["next"]).json()
    assert [e["seq"] for e in second["results"]] == list(range(21, 26))
    assert second["results"][-1]["changes"] == [{"field": "subject", "old": "Trích yếu 22", "new": "Trích yếu 23"}]
