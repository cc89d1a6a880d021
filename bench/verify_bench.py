"""How many audit events per second `audit.verify.trail.verify_plans` checks.

    python bench/verify_bench.py [--events N] [--plans P] [--with-rows] [--workers W] [--keep-db]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/planflow python bench/verify_bench.py

It makes a scratch test database (PostgreSQL: bench_<name>; SQLite: in memory) and appends N events
through audit.record.chain.append_event, to one plan or spread over P plans, each event with --with-rows
also saving a section (one history row the event covers, so verify checks row digests and live
rows too: the realistic shape, which `make bench` records). The data is committed and, on
PostgreSQL, vacuumed and analysed before the timed runs (the database is
dropped at the end; with --keep-db it is kept, and its data reused by the next run of the same
shape). Then it times a full verify_plans of all those plans (chain, covered rows, live rows,
signatures, checkpoint) a few times in one process, and with --workers W > 1 on PostgreSQL also
in W processes sharing one snapshot (audit.verify.parallel), and prints every run and the best. The goal
is ≥ 50,000 events/s; nothing asserts it.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PLANFLOW_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import Organization  # noqa: E402
from audit.models import AuditEvent  # noqa: E402
from audit.record.chain import append_event  # noqa: E402
from audit.record.context import acting  # noqa: E402
from audit.verify.trail import verify_plans  # noqa: E402
from plans.models import Plan, Section  # noqa: E402


def generate_many(count, plans, with_rows=True):
    """`plans` plans sharing `count` events (short chains, as gen_scale makes); returns their ids."""
    user = get_user_model().objects.create_user("bench-user")
    organization = Organization.objects.create(name="UBND huyện Bench", code="UBND", place_name="Bench")
    return [generate(count // plans, with_rows, user, organization) for _plan in range(plans)]


def generate(count, with_rows=False, user=None, organization=None):
    """One plan with `count` events; returns its id. With `with_rows` each event also saves a
    section (one history row the event covers), so verify checks row digests and live rows too."""
    if user is None:
        user = get_user_model().objects.create_user("bench-user")
        organization = Organization.objects.create(name="UBND huyện Bench", code="UBND", place_name="Bench")
    with acting(user, "create"):  # the plan's history row is covered by the first event
        plan = Plan.objects.create(organization=organization, subject="Kế hoạch đo tốc độ", created_by=user)
        append_event(plan, kind="edit", action="create", actor=user, to_state="draft")
    section = None
    if with_rows:
        with acting(user, "edit"):
            section = Section.objects.create(plan=plan, heading="Mục 0")
            append_event(plan, kind="edit", action="edit", actor=user, from_state="draft", to_state="draft")
        count -= 1
    for number in range(count - 1):
        if section is not None:
            with acting(user, "edit"):
                section.heading = f"Mục {number + 1}"
                section.save()
                _append(plan, user, organization, number)
        else:
            _append(plan, user, organization, number)
    return plan.pk


def _append(plan, user, organization, number):
    append_event(
        plan,
        kind="edit",
        action="edit",
        actor=user,
        from_state="draft",
        to_state="draft",
        comment=f"Lần sửa {number}",
        changes=[
            {"field": "subject", "old": f"Trích yếu {number}", "new": f"Trích yếu {number + 1}"},
            {"field": "tasks[0].lead_unit", "old": None, "new": organization.pk},
        ],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--with-rows", action="store_true", help="each event also covers a history row")
    parser.add_argument("--plans", type=int, default=1, help="spread the events over this many plans (verified with verify_plans)")
    parser.add_argument("--workers", type=int, default=1, help="also verify in this many processes (PostgreSQL)")
    parser.add_argument("--runs", type=int, default=5, help="verify this many times; the best run is the figure")
    parser.add_argument("--keep-db", action="store_true", help="keep the PostgreSQL bench database (and its data) for the next run")
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        database.setdefault("TEST", {})["NAME"] = f"bench_{database['NAME']}"
    original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep_db)
    try:
        plan_ids = sorted(Plan.objects.values_list("pk", flat=True))
        if plan_ids and (len(plan_ids) != args.plans or AuditEvent.objects.count() != args.events):
            connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)  # kept data of another shape
            original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
            plan_ids = []
        if not plan_ids:
            started = time.perf_counter()
            with transaction.atomic():
                if args.plans > 1:
                    plan_ids = generate_many(args.events, args.plans, with_rows=args.with_rows)
                else:
                    plan_ids = [generate(args.events, with_rows=args.with_rows)]
            print(f"appended in {time.perf_counter() - started:.1f} s")
            if connection.vendor == "postgresql":
                # As an installation's rows are, mostly: settled. Otherwise autovacuum analyses the new
                # tables during the timed runs and the first reads set every row's hint bits.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        rows = " (each covering a history row)" if args.with_rows else ""
        print(f"database: {connection.vendor}; {args.events:,} events{rows} in {len(plan_ids):,} plans")
        for workers in sorted({1, args.workers}):
            report_runs(plan_ids, workers, args.runs)
    finally:
        if not args.keep_db:
            connection.creation.destroy_test_db(original_name, verbosity=0)


def report_runs(plan_ids, workers, runs):
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        reports = list(verify_plans(plan_ids, workers=workers))
        timings.append(time.perf_counter() - started)
        bad = [report for report in reports if not report.ok]
        if bad:
            print("verify found problems in a fresh chain:", bad[0].problems[:5], file=sys.stderr)
            sys.exit(1)
    events = sum(report.events for report in reports)
    best = min(timings)
    label = "1 process" if workers == 1 else f"{workers} processes"
    print(f"verify runs, {label} (events/s): " + ", ".join(f"{events / t:,.0f}" for t in timings))
    print(
        f"verify, {label}: {events:,} events of {len(plan_ids):,} plans in {best:.3f} s = {events / best:,.0f} events/s, "
        f"{len(plan_ids) / best:,.0f} plans/s (best of {runs})"
    )


if __name__ == "__main__":
    main()
