"""CPU per request of `make loadtest`'s mix (issue 21), in one process settled like a gunicorn worker.

    DATABASE_URL=…/planflow_<x>_bench python bench/profile_requests.py [--runs 40] [--profile NAME]

FOR BENCHMARKS ONLY, against a bench database. Makes one fresh draft plan of a bench drafter (as
bench/loadmix.py's `prepare` does), settles the process (config.startup.settle, DEBUG off), then sends
each of the mix's requests `--runs` times through django.test.Client with the drafter's
`Authorization: Token` header, the whole middleware chain included, and prints per request: CPU ms
(time.process_time, median and mean), the PostgreSQL backend's CPU ms (mean, from /proc: in clock
ticks of 10 ms, so give it many runs; the mail and Celery work of an action run in this process as in
`make loadtest`'s eager mode), wall ms median, and statements (connection.execute_wrapper). The
actions go submit / withdraw in turn, so the plan goes round draft ↔ review. `--profile NAME` adds a
cProfile of that request (by cumulative time, and its callers).
"""

import argparse
import cProfile
import logging
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # as bench/loadtest.sh runs gunicorn
    os.environ.setdefault("PLANFLOW_SSL_REDIRECT", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECRET_KEY", "planflow-insecure-development-key-do-not-use-in-production")
    import django

    django.setup()


def backend_cpu_seconds(pid):
    """CPU time (user + system) of the PostgreSQL backend `pid`, from /proc (PostgreSQL on this machine),
    or None where it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def requests_of(plan_id):
    return {
        "list": ("get", "/api/plans/"),
        "list_draft": ("get", "/api/plans/?state=draft"),
        "detail": ("get", f"/api/plans/{plan_id}/"),
        "history": ("get", f"/api/plans/{plan_id}/history/"),
        "me": ("get", "/api/me/"),
        "action": ("post", None),  # submit / withdraw in turn
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--profile", default="", help="a request name to profile (list, detail, action, …)")
    parser.add_argument("--sql", default="", help="comma-separated request names whose statements to print")
    parser.add_argument("--only", default="", help="comma-separated request names")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.tokens import token_for_login
    from bench.loadmix import analyze_new_rows
    from bench.run import bench_org, fresh_plans

    assert not settings.DEBUG
    setup_test_environment()
    logging.disable(logging.INFO)
    org = bench_org(40)
    (plan,) = fresh_plans(org, 1)
    analyze_new_rows()
    token = token_for_login(org.people["drafter"]).key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    from config.startup import settle

    settle()
    actions = ["submit", "withdraw"]
    turn = [0]

    def send(name, method, path):
        if name == "action":
            action = actions[turn[0] % 2]
            turn[0] += 1
            response = client.post(f"/api/plans/{plan.pk}/actions/{action}/", b"{}", content_type="application/json")
        else:
            response = getattr(client, method)(path)
        assert response.status_code < 400, (name, response.status_code, response.content[:300])
        return response

    wanted = set(filter(None, args.only.split(",")))
    print(f"load average {os.getloadavg()}  plan {plan.pk}  runs {args.runs}")
    for name, (method, path) in requests_of(plan.pk).items():
        if wanted and name not in wanted:
            continue
        for _ in range(4):
            send(name, method, path)  # warm up
        statements = []

        def noted(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(noted):
            send(name, method, path)
        cpu, wall = [], []
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        backend_before = backend_cpu_seconds(backend)
        for _ in range(args.runs):
            c0, w0 = time.process_time(), time.perf_counter()
            send(name, method, path)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        backend_after = backend_cpu_seconds(backend)
        database = "?" if backend_after is None else f"{(backend_after - backend_before) * 1000 / args.runs:5.2f}"
        print(
            f"{name:11s} cpu median {statistics.median(cpu):6.2f} mean {statistics.fmean(cpu):6.2f} ms  "
            f"postgres mean {database} ms  wall median {statistics.median(wall):6.2f} ms  statements {len(statements)}"
        )
        if args.sql and name in args.sql.split(","):
            print("\n".join(s[:400] for s in statements))
        if name == args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                send(name, method, path)
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(60)
            stats.sort_stats("tottime").print_stats(40)


if __name__ == "__main__":
    main()
