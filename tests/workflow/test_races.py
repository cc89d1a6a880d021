"""Races on PostgreSQL (issue 7): many threads, each with its own connection, started together.

- 32 clerks issuing 32 plans of one organization at once get the numbers 1..32, no gap, no repeat;
- reporters filing on one slot at once: one report is taken, the rest are refused with 409; then
  reviewers accepting that report at once: one decision, the slot ends `accepted` once.

Issue 19: withdraw against approve, recall against start_reporting, two successors at once.

Eight simultaneous approvals of one plan (one wins, seven get 409, one history row, one audit
event) are in test_concurrency.py. Skipped on SQLite, which serializes writers.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from approvals.models import ReviewDecision
from audit.models import AuditEvent
from config.refusals import Refusal, WrongState
from plans.models import IssueCounter, Plan
from reporting.models import Report, ReportSlot, SlotDecision
from reporting.services import review_slot, submit_report
from tests.conftest import PASSWORD
from tests.reporting.conftest import reporting_plan  # noqa: F401 - the fixture, used below
from tests.workflow.test_concurrency import run_together, signed_plan
from workflow.services import perform

pytestmark = [
    pytest.mark.postgres(reason="it checks row locks (select_for_update) under concurrent threads; SQLite serializes writers"),
    pytest.mark.django_db(transaction=True),
]

User = get_user_model()


def split(results, kind):
    """(successes of type `kind`, refusals), failing on anything else (a deadlock, an IntegrityError…)."""
    won = [r for r in results if isinstance(r, kind)]
    refused = [r for r in results if isinstance(r, Refusal)]
    others = [r for r in results if not isinstance(r, kind | Refusal)]
    assert not others, others
    return won, refused


def test_thirty_two_clerks_issuing_plans_of_one_organization_get_gap_free_unique_numbers(world, make_plan):
    plans = [signed_plan(world, make_plan, f"Kế hoạch phát hành đồng thời {i}") for i in range(32)]
    clerk_id = world["users"]["clerk"].pk

    results = run_together(32, lambda i: perform(Plan(pk=plans[i].pk), "issue", User.objects.get(pk=clerk_id)).number)

    numbers, _refused = split(results, int)
    assert sorted(numbers) == list(range(1, 33))
    stored = Plan.objects.filter(pk__in=[p.pk for p in plans])
    assert sorted(stored.values_list("number", flat=True)) == list(range(1, 33))
    assert IssueCounter.objects.get(organization=world["district"]).last_number == 32
    assert AuditEvent.objects.filter(plan__in=stored, action="issue").count() == 32


def test_reports_filed_at_once_on_one_slot_one_is_taken_and_one_acceptance_wins(world, reporting_plan):  # noqa: F811
    u = world["users"]
    slot = reporting_plan.report_slots.filter(task__lead_unit=world["police"]).order_by("due_on").first()
    reporter_id, drafter_id, signer_id = u["reporter"].pk, u["drafter"].pk, u["signer"].pk

    def file_report(i):
        return submit_report(
            ReportSlot(pk=slot.pk, plan_id=slot.plan_id), User.objects.get(pk=reporter_id), progress=10 + i, text=f"Báo cáo {i}"
        )

    reports, refused = split(run_together(8, file_report), Report)
    assert len(reports) == 1 and len(refused) == 7
    assert all(isinstance(r, WrongState) and r.status == 409 for r in refused)
    assert Report.objects.filter(slot=slot).count() == 1
    assert ReportSlot.objects.get(pk=slot.pk).state == "submitted"

    def accept(i):
        reviewer = User.objects.get(pk=drafter_id if i % 2 else signer_id)  # both may review
        review_slot(ReportSlot(pk=slot.pk, plan_id=slot.plan_id), reviewer, decision="accept")
        return True

    accepted, refused = split(run_together(8, accept), bool)
    assert len(accepted) == 1 and len(refused) == 7
    assert all(isinstance(r, WrongState) and r.status == 409 for r in refused)
    assert ReportSlot.objects.get(pk=slot.pk).state == "accepted"
    assert SlotDecision.objects.filter(slot=slot).count() == 1
    assert ReportSlot.history.filter(id=slot.pk, state="accepted").count() == 1


def test_withdraw_against_approve_one_of_them_wins_and_the_state_agrees(world, make_plan):
    """The drafter withdraws while the only reviewer approves: the row lock orders them."""
    u = world["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    ids = {"withdraw": u["drafter"].pk, "approve": u["reviewer"].pk}
    actions = ["withdraw", "approve"]

    results = run_together(2, lambda i: perform(Plan(pk=plan.pk), actions[i], User.objects.get(pk=ids[actions[i]])).state)

    won, refused = split(results, str)
    assert len(won) == 1 and len(refused) == 1, results
    winner = actions[results.index(won[0])]
    assert Plan.objects.get(pk=plan.pk).state == {"withdraw": "draft", "approve": "signing"}[winner]
    assert AuditEvent.objects.filter(plan=plan, action__in=actions).count() == 1
    assert ReviewDecision.objects.filter(plan=plan).count() == (1 if winner == "approve" else 0)


def test_recall_against_start_reporting_leaves_no_open_slot(world, make_plan):
    """Whichever comes first, a recalled plan keeps no slot waiting for a report."""
    u = world["users"]
    plan = make_plan(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))  # a monthly duty: 12 slots
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    perform(plan, "issue", u["clerk"])
    ids = {"recall": u["signer"].pk, "start_reporting": u["clerk"].pk}
    actions = ["recall", "start_reporting"]

    results = run_together(
        2, lambda i: perform(Plan(pk=plan.pk), actions[i], User.objects.get(pk=ids[actions[i]]), comment="Thu hồi").state
    )

    won, _refused = split(results, str)
    assert won, results
    assert Plan.objects.get(pk=plan.pk).state == "recalled"
    assert not ReportSlot.objects.filter(plan=plan).exclude(state="waived").exists()


def test_two_successors_at_once_one_is_made(world, make_plan):
    from plans.succession import create_successor

    u = world["users"]
    original = signed_plan(world, make_plan, "Kế hoạch được thay thế đồng thời")
    perform(original, "issue", u["clerk"])
    drafter_ids = [u["drafter"].pk, u["drafter2"].pk]

    results = run_together(2, lambda i: create_successor(Plan(pk=original.pk), User.objects.get(pk=drafter_ids[i]), "replaces"))

    made, refused = split(results, Plan)
    assert len(made) == 1 and len(refused) == 1 and isinstance(refused[0], WrongState), results
    assert Plan.objects.filter(predecessor=original).count() == 1
    assert AuditEvent.objects.filter(plan=original, action="successor").count() == 1
