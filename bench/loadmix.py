"""`make loadtest`'s mixed workload (issue 21): 80 % reads, 20 % actions through the API.

    python bench/loadmix.py --base http://127.0.0.1:8765 [--connections 20] [--seconds 30]

FOR BENCHMARKS ONLY, against a bench database (bench/run.py, gen_scale). Before the clock starts it
makes one fresh draft plan per connection through plans.services (the drafters of a few bench
organizations, each with a reviewer assigned) and their drafters' API tokens. Then each connection
(a thread with its own keep-alive HTTP connection) repeats, until the time is up: four reads — the
plan list, a filtered list, its plan, its plan's history — and one action on its own plan, `submit`
and `withdraw` in turn (review ↔ draft through workflow.services.perform: lock, permission,
conditions, history, audit event, the approval flow's tasks, the new reviewer's mail). Each request
is timed on the client from sending to the last byte of the answer (time.perf_counter), so the
action figures are what a user waits for, queueing in gunicorn included. wrk cannot tell actions
from reads (its Lua callbacks see no per-request time), hence this client; it is stdlib only and
spends well under a millisecond of CPU a request, so it does not decide the figures.

Prints one JSON object: reads and actions p50/p95/p99 (ms), per action, requests/s, the share of
actions, errors.

`--rate R` runs the same mix *open*: the connections together send R requests a second on a fixed
timetable (each its own, evenly spaced, started at a random moment of its first interval), whatever
the answers, as R requests a second from people who each wait for their answer. A request is timed
from the moment the timetable gave it, so a request that had to wait for its connection's previous
answer counts that wait too (no "coordinated omission", as wrk2 counts). The closed mix above asks
how fast the server can go with 20 connections that never pause; at that pace every request waits
behind the others (mean latency = connections / throughput). The open mix asks what a request costs
its user at a given load below that pace.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
READS_PER_ACTION = 4  # 80 % reads, 20 % actions
ACTIONS = ("submit", "withdraw")  # draft → review → draft: the plan can go round for as long as the run lasts
FIRST_ORGANIZATION = 40  # bench organizations "Bench 40" …: apart from those bench/run.py's transitions use


def prepare(connections, organizations):
    """[(token key, plan id)] per connection: a fresh draft plan of a bench organization's drafter."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from accounts.tokens import token_for_login
    from bench.run import bench_org, fresh_plans

    orgs = [bench_org(FIRST_ORGANIZATION + i) for i in range(organizations)]
    plans = {org.pk: iter(fresh_plans(org, -(-connections // organizations))) for org in orgs}
    tokens = {org.pk: token_for_login(org.people["drafter"]).key for org in orgs}
    chosen = [orgs[i % organizations] for i in range(connections)]
    prepared = [(tokens[org.pk], next(plans[org.pk]).pk) for org in chosen]
    analyze_new_rows()
    return prepared


def analyze_new_rows():
    """Statistics for the fresh plans' rows, as autovacuum's analyze would give a live database within
    a minute: without them PostgreSQL guesses one block for each new plan and merge-joins it to the
    whole task index (~20 ms a plan read instead of ~0.2 ms at 100k plans)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("plans_block", "plans_task", "plans_target", "plans_plan"):
            cursor.execute(f"ANALYZE {table}")


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] * 1000, 1)


class Connection(threading.Thread):
    def __init__(self, base, token, plan_id, deadline, start, interval=None):
        """`interval`: seconds between this connection's requests on its timetable (the open mix), or
        None to send each request as soon as the last one is answered (the closed mix)."""
        super().__init__(daemon=True)
        self.interval = interval
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.headers = {"Authorization": f"Token {token}", "Host": self.host, "Content-Type": "application/json"}
        self.reads = ["/api/plans/", "/api/plans/?state=draft", f"/api/plans/{plan_id}/", f"/api/plans/{plan_id}/history/"]
        self.plan_id, self.deadline, self.start_event = plan_id, deadline, start
        self.timings = []  # (kind, name, seconds, status)

    def request(self, conn, method, path, body=None, since=None):
        """(seconds from `since`, or from sending, to the answer's last byte; the answer's status)."""
        started = time.perf_counter() if since is None else since
        conn.request(method, path, body=body, headers=self.headers)
        response = conn.getresponse()
        response.read()
        return time.perf_counter() - started, response.status

    def timetable(self):
        """The moments this connection's requests are due (open mix), or None each time (closed mix)."""
        if self.interval is None:
            while True:
                yield None
        due = time.perf_counter() + random.uniform(0, self.interval)
        while True:
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            yield due
            due += self.interval

    def run(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.start_event.wait()
        step, turn = 0, 0
        for due in self.timetable():
            if time.perf_counter() >= self.deadline:
                break
            try:
                if step % (READS_PER_ACTION + 1) == READS_PER_ACTION:
                    action = ACTIONS[turn % len(ACTIONS)]
                    seconds, status = self.request(conn, "POST", f"/api/plans/{self.plan_id}/actions/{action}/", b"{}", since=due)
                    self.timings.append(("action", action, seconds, status))
                    if status < 400:
                        turn += 1  # a refused action is tried again (and counted as an error)
                else:
                    path = self.reads[step % (READS_PER_ACTION + 1)]
                    seconds, status = self.request(conn, "GET", path, since=due)
                    self.timings.append(("read", path, seconds, status))
            except (OSError, http.client.HTTPException):
                self.timings.append(("error", "", 0.0, 0))
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            step += 1
        conn.close()


def run(base, pairs, seconds, rate=None):
    """The mix for `seconds`: closed, or open at `rate` requests a second in all (see the module)."""
    start = threading.Event()
    began = time.perf_counter()
    interval = None if rate is None else len(pairs) / rate
    threads = [Connection(base, token, plan_id, began + seconds + 0.5, start, interval) for token, plan_id in pairs]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    timings = [t for thread in threads for t in thread.timings]
    ok = [t for t in timings if t[0] != "error" and t[3] < 400]
    reads = [t[2] for t in ok if t[0] == "read"]
    actions = [t[2] for t in ok if t[0] == "action"]
    done = [t for t in timings if t[0] != "error"]
    figures = {
        "mix_requests": len(timings),
        "mix_seconds": round(elapsed, 1),
        "mix_requests_per_s": round(len(timings) / elapsed, 1),
        "mix_actions_share": round(sum(1 for t in done if t[0] == "action") / max(1, len(done)), 3),
        "reads_p50_ms": percentile(reads, 0.50),
        "reads_p95_ms": percentile(reads, 0.95),
        "actions": len(actions),
        "actions_per_s": round(len(actions) / elapsed, 1),
        "actions_p50_ms": percentile(actions, 0.50),
        "actions_p95_ms": percentile(actions, 0.95),
        "actions_p99_ms": percentile(actions, 0.99),
        "actions_mean_ms": round(statistics.fmean(actions) * 1000, 1) if actions else None,
        "mix_errors": sum(1 for t in timings if t[0] == "error" or t[3] >= 400),
        "mix_connections": len(pairs),
        "mix": f"per connection: {READS_PER_ACTION} reads (list, filtered list, plan, history) then one action "
        f"({' / '.join(ACTIONS)} in turn) on its own plan, through the API",
    }
    for name in ACTIONS:
        mine = [t[2] for t in ok if t[0] == "action" and t[1] == name]
        figures[f"{name}_p50_ms"], figures[f"{name}_p95_ms"] = percentile(mine, 0.50), percentile(mine, 0.95)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8765")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--organizations", type=int, default=5, help="bench organizations whose drafters act")
    parser.add_argument("--rate", type=float, help="the open mix: requests a second from all connections together")
    args = parser.parse_args()
    pairs = prepare(args.connections, args.organizations)
    figures = run(args.base, pairs, args.seconds, args.rate)
    if args.rate is not None:
        figures = {"open_rate": args.rate, **{f"open_{key}": value for key, value in figures.items() if key != "mix"}}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
