"""CPU per transition of the bench cycle, load-independent measures (issue 21).

    DATABASE_URL=postgres://…/planflow_x_bench python bench/profile_transitions.py [--plans 30] [--rounds 3] [--profile]

On an existing bench database (bench/run.py made it), over fresh plans of `Bench 10` made before the
clock starts, the cycle of `make bench` (submit, approve, return, submit, approve) through
`workflow.services.perform`, mails queued as in run.py's `service_cycles`. Prints, per round, the
process CPU time per transition (`time.process_time()`, which the load of other processes moves
much less than the wall clock), the wall time, and the statements per cycle. `--profile`: one more
round under cProfile with a CPU timer, its top functions by cumulative and own time, and the Python
function calls per transition. Nothing here is part of the application or of `make test`.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def server_cpu(connection):
    """CPU seconds used so far by this connection's PostgreSQL backend (user + system, from /proc:
    the server on this machine), or None when it cannot be read."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=30, help="fresh plans per round (5 transitions each)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--bare", action="store_true", help="also run.py's bare ORM transition, measured the same way")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", help="write the profile's stats to this file (pstats)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PLANFLOW_TESTING", "1")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.run import CYCLE, bare_orm_cycles, bench_org, fresh_plans, mails_queued
    from workflow.services import perform

    org = bench_org(10)
    actors = {"submit": org.people["drafter"], "approve": org.people["reviewer"], "return_for_revision": org.people["signer"]}
    mails_queued(True)

    def cycles(plans):
        for plan in plans:
            for action in CYCLE:
                plan = perform(plan, action, actors[action], comment="Trả lại để sửa" if action == "return_for_revision" else "")

    cycles(fresh_plans(org, 3))  # warm-up: imports, caches, the first compile of everything
    plans = fresh_plans(org, 1)
    with CaptureQueriesContext(connection) as captured:
        cycles(plans)
    print(f"statements per cycle: {len(captured.captured_queries)} ({len(captured.captured_queries) / len(CYCLE):.1f} a transition)")
    count = args.plans * len(CYCLE)
    runs = [("service", cycles)] + ([("bare ORM", bare_orm_cycles)] if args.bare else [])
    for round_, (label, run) in ((r, run) for r in range(args.rounds) for run in runs):
        plans = fresh_plans(org, args.plans)
        server, cpu, wall = server_cpu(connection), time.process_time(), time.perf_counter()
        run(plans)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        server = server_cpu(connection) - server if server is not None else float("nan")
        load = os.getloadavg()[0]
        print(
            f"round {round_ + 1}, {label}: CPU {1000 * cpu / count:.2f} ms (PostgreSQL backend {1000 * server / count:.2f} ms), "
            f"wall {1000 * wall / count:.2f} ms a transition ({count}; load {load:.2f})"
        )
    if args.profile:
        plans = fresh_plans(org, args.plans)
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        cycles(plans)
        profiler.disable()
        stats = pstats.Stats(profiler)
        if args.dump:
            stats.dump_stats(args.dump)
        print(f"function calls a transition (cProfile): {stats.total_calls / count:,.0f}")
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
