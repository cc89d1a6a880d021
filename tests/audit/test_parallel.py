"""Verify in worker processes (audit.verify.parallel) reports exactly what one process reports.

PostgreSQL only (the workers import the caller's exported snapshot), and with committed data:
a snapshot does not carry the exporting transaction's uncommitted writes."""

import pytest
from django.db import transaction

import audit.verify.trail
from audit.verify.trail import verify_plans
from plans.models import Section
from tests.audit.conftest import tamper
from workflow.services import perform

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _summary(reports):
    return [(report.plan_id, report.events, report.problems) for report in reports]


@pytest.fixture
def plans(world, make_plan, full_plan):
    others = [make_plan(subject=f"Kế hoạch song song {number}") for number in range(3)]
    perform(others[0], "submit", world["users"]["drafter"])
    return [full_plan.pk] + [plan.pk for plan in others]


@pytest.fixture
def worker_runs(monkeypatch):
    """How many times verify handed batches to worker processes."""
    runs = []
    real = audit.verify.trail.verify_batches

    def spy(batches, *args):
        runs.append(len(batches))
        yield from real(batches, *args)

    monkeypatch.setattr(audit.verify.trail, "verify_batches", spy)
    return runs


def test_workers_report_what_one_process_reports(plans, worker_runs):
    alone = _summary(verify_plans(plans, batch=1))
    assert all(not problems for _plan, _events, problems in alone)
    assert _summary(verify_plans(plans, batch=1, workers=2)) == alone
    assert worker_runs == [len(plans)]


def test_workers_find_a_changed_history_row(plans, worker_runs):
    section = Section.objects.filter(plan_id=plans[2]).first()
    tamper(
        "UPDATE plans_historicalsection SET heading = 'Đã sửa lén' WHERE history_id = %s",
        [section.history.latest().history_id],
        tables=["plans_historicalsection"],
    )
    alone = _summary(verify_plans(plans, batch=1))
    assert alone[2][2], "the change is found"
    assert _summary(verify_plans(plans, batch=1, workers=2)) == alone
    assert worker_runs == [len(plans)]


def test_inside_a_transaction_verify_stays_in_this_process(plans, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("workers cannot see this transaction's writes")

    monkeypatch.setattr(audit.verify.trail, "verify_batches", refuse)
    with transaction.atomic():
        reports = list(verify_plans(plans, batch=1, workers=2))
    assert [report.plan_id for report in reports] == plans
