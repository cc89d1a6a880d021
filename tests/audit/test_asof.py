"""audit.web.asof: the plan as it stood after any event, rebuilt from simple-history rows, and diffs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from audit.web.asof import compare, event_of, version_after_event, version_at
from plans.content import editable_snapshot
from plans.models import Plan
from plans.selectors import with_parts
from plans.services import update_plan
from tests.conftest import plan_data
from workflow.services import perform

pytestmark = pytest.mark.django_db


def live_snapshot(plan):
    return editable_snapshot(with_parts(Plan.objects).get(pk=plan.pk))


def test_each_event_gives_the_content_the_plan_had_right_after_it(world, make_plan):
    u = world["users"]
    plan = make_plan()
    snapshots = {1: live_snapshot(plan)}
    data = plan_data(world)
    update_plan(plan, u["drafter"], {"subject": "Trích yếu mới", "sections": data["sections"] * 3})
    snapshots[2] = live_snapshot(plan)
    update_plan(
        plan,
        u["drafter"],
        {
            "tasks": [{**data["tasks"][0], "lead_unit": world["finance"], "supporting_units": [world["police"]]}],
            "reviewers": [u["reviewer2"]],
        },
    )
    snapshots[3] = live_snapshot(plan)
    update_plan(plan, u["drafter"], {"sections": data["sections"][:1], "legal_bases": []})
    snapshots[4] = live_snapshot(plan)
    assert len({repr(s) for s in snapshots.values()}) == 4  # every edit changed something
    for seq, expected in snapshots.items():
        assert version_after_event(plan, event_of(plan, seq)).content == expected, seq


def test_the_version_carries_the_state_of_that_time(world, make_plan):
    plan = make_plan()
    perform(plan, "submit", world["users"]["drafter"])
    first, submitted = AuditEvent.objects.filter(plan=plan).order_by("seq")
    assert version_after_event(plan, first).state == "draft"
    assert version_after_event(plan, submitted).state == "review"


def test_before_the_plan_existed_there_is_no_version(world, make_plan):
    plan = make_plan()
    assert version_at(plan, event_of(plan, 1).at - timezone.timedelta(seconds=1)) is None


def test_compare_lists_the_changes_between_two_points(world, make_plan):
    plan = make_plan(subject="Cũ")
    update_plan(plan, world["users"]["drafter"], {"subject": "Mới", "legal_bases": []})
    older, newer = (version_after_event(plan, event_of(plan, seq)) for seq in (1, 2))
    changes = compare(older, newer)
    assert {"field": "subject", "old": "Cũ", "new": "Mới"} in changes
    assert [c["field"] for c in changes if c["field"].startswith("legal_bases")] == ["legal_bases[0]"]
    assert compare(newer, newer) == []


def test_the_query_count_does_not_grow_with_the_history(world, make_plan):
    drafter = world["users"]["drafter"]
    quiet, busy = make_plan(), make_plan()
    for i in range(30):
        update_plan(busy, drafter, {"subject": f"Lần {i}", "sections": plan_data(world)["sections"] * (1 + i % 3)})

    def queries(plan):
        with CaptureQueriesContext(connection) as captured:
            version_at(plan, timezone.now())
        return len(captured)

    assert queries(quiet) == queries(busy)
