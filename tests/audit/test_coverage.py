"""Every history row and record a plan's services write is covered by the event written with it:
the event stores its digest under its own hash (audit.record.context collects, audit.record.chain stores)."""

import pytest
from django.apps import apps
from django.db import transaction
from simple_history.models import registered_models

import audit.verify.trail
from audit.models import AuditEvent
from audit.record.canonical import row_digest
from audit.record.chain import append_event
from audit.record.context import UncoveredRows, acting
from audit.record.rows import fields_of_instance, label
from audit.record.tracked import HISTORY, NOT_PLAN_TRACKED, RECORDS, history_rows, live_rows
from audit.verify.trail import verify_plan
from plans.models import Section
from reporting.services import mark_overdue_slots


def covered_rows(plan):
    refs = {}
    for event in AuditEvent.objects.filter(plan=plan).order_by("seq"):
        for ref in event.rows:
            key = (ref["model"], ref["id"])
            assert key not in refs, f"{key} is covered twice"
            refs[key] = (event.seq, ref["sha256"])
    return refs


def test_every_history_row_and_record_of_the_plan_is_covered_with_its_digest(full_plan):
    refs = covered_rows(full_plan)
    expected = set()
    for entry in HISTORY:
        for row in history_rows(entry, full_plan.pk):
            key = (label(type(row)), row.history_id)
            expected.add(key)
            assert refs[key][1] == row_digest(fields_of_instance(row)), key  # the digest of the row as stored
    for entry in RECORDS:
        for row in live_rows(entry, full_plan.pk):
            key = (label(type(row)), row.pk)
            expected.add(key)
            assert refs[key][1] == row_digest(fields_of_instance(row)), key
    assert set(refs) == expected
    kinds = {model for model, _id in refs}
    assert {"plans.historicalplan", "approvals.signature", "approvals.reviewdecision", "approvals.historicalreviewcomment"} <= kinds
    assert {"reporting.historicalreportslot", "reporting.historicalreporttargetvalue", "reporting.historicalreportattachment"} <= kinds


def test_every_event_hashes_fast_from_its_stored_columns(full_plan, monkeypatch):
    """The stored changes/rows are canonical text, so verify never needs its slow, parsing path."""

    def slow_path(*args):
        raise AssertionError("verify took the slow path for an untouched event")

    monkeypatch.setattr(audit.verify.trail, "exact_payload", slow_path)
    assert verify_plan(full_plan.pk).ok


def test_the_registry_lists_every_history_tracked_model():
    tracked = {entry.label for entry in HISTORY} | NOT_PLAN_TRACKED
    project = {"plans", "approvals", "reporting", "accounts", "workflow", "audit"}
    registered = {model._meta.label_lower for model in registered_models.values() if model._meta.app_label in project}
    assert registered <= tracked, f"add to audit.record.tracked.HISTORY: {registered - tracked}"
    for entry in HISTORY + RECORDS:
        assert apps.get_model(entry.label) and entry.noun


def test_history_written_inside_acting_without_an_event_is_refused_and_rolled_back(make_plan, world):
    plan = make_plan()
    with pytest.raises(UncoveredRows), transaction.atomic(), acting(world["users"]["drafter"], "edit"):
        Section.objects.create(plan=plan, position=5, heading="Không có sự kiện đi kèm")
    assert not Section.objects.filter(plan=plan, position=5).exists()
    assert verify_plan(plan.pk).ok


def test_rows_of_an_inner_block_go_to_the_event_of_the_outer_one(make_plan, world):
    drafter = world["users"]["drafter"]
    plan = make_plan()
    with transaction.atomic(), acting(drafter, "outer"):
        first = Section.objects.create(plan=plan, position=5, heading="Ngoài")
        with acting(drafter, "inner"):
            second = Section.objects.create(plan=plan, position=6, heading="Trong")
        event = append_event(plan, kind="edit", action="edit", actor=drafter)
    assert [(r["model"], r["id"]) for r in event.rows] == [
        ("plans.historicalsection", first.history.get().history_id),
        ("plans.historicalsection", second.history.get().history_id),
    ]
    assert second.history.get().history_change_reason == "inner"
    assert verify_plan(plan.pk).ok


def test_the_daily_overdue_job_covers_the_slots_it_changes(make_plan, world):
    from datetime import date

    from tests.conftest import PASSWORD
    from workflow.services import perform

    u = world["users"]
    plan = make_plan(
        subject="Kế hoạch có kỳ báo cáo sắp quá hạn",
        period_start=date(2030, 1, 1),
        period_end=date(2030, 12, 31),
        tasks=[
            {
                "text": "Báo cáo",
                "lead_unit": world["police"],
                "supporting_units": [],
                "schedule_kind": "once",
                "schedule_date": date(2030, 6, 1),
            }
        ],
    )
    for action, user, extra in [
        ("submit", u["drafter"], {}),
        ("approve", u["reviewer"], {}),
        ("sign", u["signer"], {"kind": "main", "password": PASSWORD}),
        ("issue", u["clerk"], {}),
        ("start_reporting", u["clerk"], {}),
    ]:
        perform(plan, action, user, **extra)
    assert mark_overdue_slots(today=date(2030, 6, 2)) == 1
    overdue = AuditEvent.objects.filter(plan=plan).order_by("-seq").first()
    assert overdue.action == "slot_overdue" and [r["model"] for r in overdue.rows] == ["reporting.historicalreportslot"]
    assert verify_plan(plan.pk).ok
