"""Concurrent requests on PostgreSQL: the row locks of workflow.services.perform keep numbers
gap-free and let exactly one of several simultaneous approvals win.

Each thread has its own database connection (closed at its end); a Barrier starts them together.
Skipped on SQLite (see tests/conftest.py): SQLite serializes writers, so it cannot show this.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from approvals.models import ReviewDecision
from audit.models import AuditEvent
from config.refusals import Refusal, WrongState
from plans.models import Plan
from tests.conftest import PASSWORD
from workflow.services import perform

pytestmark = [
    pytest.mark.postgres(reason="it checks row locks (select_for_update) under concurrent threads; SQLite serializes writers"),
    pytest.mark.django_db(transaction=True),
]

JOIN_TIMEOUT = 60  # seconds; a thread still alive after this means a deadlock or a lost lock


def run_together(count, work):
    """Run work(i) in `count` threads started at once; returns [(i, result or exception)]."""
    barrier = threading.Barrier(count, timeout=JOIN_TIMEOUT)
    results = [None] * count

    def thread_main(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - collected and asserted by the test
            results[i] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=thread_main, args=(i,), name=f"worker-{i}") for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT)
    stuck = [t.name for t in threads if t.is_alive()]
    assert not stuck, f"threads did not finish (deadlock?): {stuck}"
    return results


def signed_plan(world, make_plan, subject):
    u = world["users"]
    plan = make_plan(subject=subject)
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    return perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)


# Many clerks issuing at once: tests/workflow/test_races.py (32 threads).


def test_eight_simultaneous_approvals_of_one_plan_one_wins_the_rest_get_wrong_state(world, make_plan):
    u = world["users"]
    plan = make_plan()  # one assigned reviewer: `reviewer`
    perform(plan, "submit", u["drafter"])
    reviewer_id = u["reviewer"].pk

    def approve(_i):
        reviewer = get_user_model().objects.get(pk=reviewer_id)
        return perform(Plan(pk=plan.pk), "approve", reviewer, comment="Đồng ý")

    results = run_together(8, approve)

    winners = [r for r in results if isinstance(r, Plan)]
    refused = [r for r in results if isinstance(r, Refusal)]
    others = [r for r in results if not isinstance(r, Plan | Refusal)]
    assert not others, others
    assert len(winners) == 1 and winners[0].state == "signing"
    assert len(refused) == 7
    assert all(isinstance(r, WrongState) and r.status == 409 for r in refused), [type(r).__name__ for r in refused]

    assert Plan.objects.get(pk=plan.pk).state == "signing"
    assert AuditEvent.objects.filter(plan=plan, action="approve").count() == 1
    assert ReviewDecision.objects.filter(plan=plan).count() == 1
    assert Plan.history.filter(id=plan.pk, state="signing").count() == 1


def test_two_approvals_and_comments_at_once_keep_one_unbroken_chain(world, make_plan):
    """perform reads the chain's head in its permission query, after the plan's lock (issue 21);
    comments append under the same lock with their own read. Two reviewers approving and both
    commenting at once: every write succeeds, the events number 1..n without a gap or a repeat,
    and the chain verifies (a head read before the lock was granted would repeat a seq: refused by
    the database, or fork the chain)."""
    from approvals.comments import add_comment
    from audit.verify.trail import verify_plan

    u = world["users"]
    plan = perform(make_plan(reviewers=[u["reviewer"], u["reviewer2"]]), "submit", u["drafter"])
    before = AuditEvent.objects.filter(plan=plan).count()
    people = [u["reviewer"].pk, u["reviewer2"].pk]

    def act(i):
        person = get_user_model().objects.get(pk=people[i % 2])
        if i < 2:
            return perform(Plan(pk=plan.pk), "approve", person, comment="Đồng ý")
        return add_comment(Plan.objects.get(pk=plan.pk), person, text=f"Góp ý số {i}")

    results = run_together(8, act)

    failed = [r for r in results if isinstance(r, Exception)]
    assert not failed, failed
    seqs = list(AuditEvent.objects.filter(plan=plan).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, before + 9)), seqs
    assert Plan.objects.get(pk=plan.pk).state == "signing"
    report = verify_plan(plan.pk)
    assert report.ok, report.problems
