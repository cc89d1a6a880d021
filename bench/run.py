"""`make bench`: transitions, pages, verify and render + sign on PostgreSQL → bench/results.json and bench/README.md.

    python bench/run.py [--plans 10000] [--keep-data] [--transition-only]

The database is DATABASE_URL's server with the name `<name>_bench` (default
postgres://postgres@127.0.0.1:5432/planflow_bench); it is dropped and made again, migrated, and
filled by `bench/gen_scale.py` (a province of plans; bulk writes there are for benchmarks only).

1. transitions, on fresh plans made through plans.services before the clock starts, each plan
   going draft → review → signing → draft → review → signing (submit, approve, return, submit, approve):
   - service: workflow.services.perform (permission, row lock, fsm, history, audit event, flow task),
     with the new-task mails queued to Celery as in production (REDIS_URL and a worker; here
     Celery's in-memory broker, which nothing reads: the mail is not part of the transition);
     and once more with Celery eager (the mail task runs in the request, as without REDIS_URL);
   - bare ORM: the same state changes as lock (select_for_update), update of the state, an insert
     of a historical row and of an audit event (no checks, no hash, no flow) — bench only;
   - raw SQL: the same four statements through a cursor;
   - 4 processes of the service (mails queued), each with its own connection, organization and plans;
   - the queries of each action of one cycle (django.test.utils.CaptureQueriesContext, not timed).
2. pages: p50/p95 of the plan list, searches without diacritics (subject; body words, with a filter), the inbox
   (a reporter whose unit has ≥ 1,000 open slots), plan detail and history (API and HTML) through Django's
   test Client against the generated data, in a process settled as a gunicorn worker is before its
   first request (config.startup.settle: the objects alive then frozen out of the garbage collector).
3. bench/verify_bench.py (events/s) and bench/render_sign_bench.py (ms), run as they are.
4. bench/import_bench.py: importing a 15-page DOCX and a 15-page PDF with a text layer (ms; `--only import`).

Nothing here is part of the application or of `make test`; figures are from one run.
"""

import argparse
import json
import logging
import multiprocessing
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/planflow"
CYCLE = ["submit", "approve", "return_for_revision", "submit", "approve"]
STATES = ["review", "signing", "draft", "review", "signing"]  # after each step of CYCLE


def bench_url():
    parts = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_URL)
    name = parts.path.lstrip("/") or "planflow"
    if not name.endswith("_bench"):
        name += "_bench"
    return urlunsplit(parts._replace(path="/" + name)), name


def recreate_database(url, name):
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


# --- transitions --------------------------------------------------------------------------------


def bench_org(index):
    from accounts.models import Organization

    org = Organization.objects.get(name__endswith=f" Bench {index}", kind="authority")
    org.units = list(Organization.objects.filter(parent=org, kind="unit").order_by("pk"))
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__startswith=f"b{index}_")
    org.people = {u.username.split("_", 1)[1]: u for u in users}
    return org


def fresh_plans(org, count):
    from bench.gen_scale import Province
    from plans.services import create_plan

    content = Province().content
    return [create_plan(org.people["drafter"], org, content(org, f"Kế hoạch đo chuyển trạng thái {i}", org.people)) for i in range(count)]


def mails_queued(queued):
    """Celery queues task mails for a worker (True, as with REDIS_URL) or runs them at once (False)."""
    from config.celery import app

    app.conf.task_always_eager = not queued


def service_cycles(org, plans):
    from workflow.services import perform

    actors = {"submit": org.people["drafter"], "approve": org.people["reviewer"], "return_for_revision": org.people["signer"]}
    started = time.perf_counter()
    for plan in plans:
        for action in CYCLE:
            plan = perform(plan, action, actors[action], comment="Trả lại để sửa" if action == "return_for_revision" else "")
    return len(plans) * len(CYCLE) / (time.perf_counter() - started)


def queries_per_action(org):
    """[[action, queries]] of one cycle on a fresh plan, commit and its on-commit work included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflow.services import perform

    actors = {"submit": org.people["drafter"], "approve": org.people["reviewer"], "return_for_revision": org.people["signer"]}
    (plan,) = fresh_plans(org, 1)
    counts = []
    for action in CYCLE:
        with CaptureQueriesContext(connection) as captured:
            plan = perform(plan, action, actors[action], comment="Trả lại để sửa" if action == "return_for_revision" else "")
        counts.append([action, len(captured.captured_queries)])
    return counts


def bare_orm_cycles(plans):
    """Lock, update, two inserts through the ORM — on purpose without history or checks (bench only)."""
    from django.db import transaction
    from django.utils import timezone

    from audit.models import AuditEvent
    from plans.models import Plan

    History = Plan.history.model
    fields = [f.attname for f in Plan._meta.concrete_fields]
    started = time.perf_counter()
    for plan in plans:
        seq = plan.audit_events.count()
        for action, state in zip(CYCLE, STATES, strict=True):
            with transaction.atomic():
                locked = Plan.objects.select_for_update().get(pk=plan.pk)
                Plan.objects.filter(pk=plan.pk).update(state=state, updated_at=timezone.now())
                values = {name: getattr(locked, name) for name in fields}
                values["state"] = state
                History.objects.create(**values, history_type="~", history_date=timezone.now(), history_change_reason=action)
                seq += 1
                AuditEvent.objects.create(
                    plan_id=plan.pk, seq=seq, at=timezone.now(), kind="transition", action=action, to_state=state, prev_hash="-", hash="-"
                )
    return len(plans) * len(CYCLE) / (time.perf_counter() - started)


def raw_sql_cycles(plans):
    from django.db import connection, transaction

    from plans.models import Plan

    history_table = Plan.history.model._meta.db_table
    columns = [f.column for f in Plan._meta.concrete_fields if f.column != "state"]
    column_list = ", ".join(columns)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for plan in plans:
            cursor.execute("SELECT coalesce(max(seq), 0) FROM audit_auditevent WHERE plan_id = %s", [plan.pk])
            seq = cursor.fetchone()[0]
            for action, state in zip(CYCLE, STATES, strict=True):
                seq += 1
                with transaction.atomic():
                    cursor.execute("SELECT id FROM plans_plan WHERE id = %s FOR UPDATE", [plan.pk])
                    cursor.execute("UPDATE plans_plan SET state = %s, updated_at = now() WHERE id = %s", [state, plan.pk])
                    cursor.execute(
                        f"INSERT INTO {history_table} ({column_list}, state, history_date, history_type, history_change_reason) "
                        f"SELECT {column_list}, state, now(), '~', %s FROM plans_plan WHERE id = %s",
                        [action, plan.pk],
                    )
                    cursor.execute(
                        "INSERT INTO audit_auditevent (plan_id, seq, at, kind, action, from_state, to_state, comment, changes, rows, prev_hash, hash) "
                        "VALUES (%s, %s, now(), 'transition', %s, '', %s, '', '[]', '[]', '-', '-')",
                        [plan.pk, seq, action, state],
                    )
    return len(plans) * len(CYCLE) / (time.perf_counter() - started)


def _worker(index, count, barrier, queue):
    from django.db import connection

    connection.close()  # a connection of its own, not the parent's
    org = bench_org(index)
    plans = fresh_plans(org, count)
    barrier.wait()
    from workflow.services import perform

    actors = {"submit": org.people["drafter"], "approve": org.people["reviewer"], "return_for_revision": org.people["signer"]}
    started = time.perf_counter()
    for plan in plans:
        for action in CYCLE:
            plan = perform(plan, action, actors[action], comment="Trả lại để sửa" if action == "return_for_revision" else "")
    queue.put((started, time.perf_counter(), count * len(CYCLE)))
    connection.close()


def workers_service(processes, count):
    from django.db import connection, connections

    connections.close_all()
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        # A psycopg pool's worker threads do not survive a fork: each process opens its own pool
        # (as each gunicorn worker does), and this one opens it again afterwards.
        connection.close_pool()
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=_worker, args=(20 + i, count, barrier, queue)) for i in range(processes)]
    for w in workers:
        w.start()
    results = [queue.get(timeout=600) for _ in workers]
    for w in workers:
        w.join()
    start, end = min(r[0] for r in results), max(r[1] for r in results)
    return sum(r[2] for r in results) / (end - start)


def transitions(count):
    org = bench_org(10)
    service_plans, inline_plans = fresh_plans(org, count), fresh_plans(org, count)
    orm_plans, sql_plans = fresh_plans(org, count), fresh_plans(org, count)
    mails_queued(True)
    result = {"service_per_s": round(service_cycles(org, service_plans), 1)}
    mails_queued(False)
    result["service_mail_inline_per_s"] = round(service_cycles(org, inline_plans), 1)
    result["bare_orm_per_s"] = round(bare_orm_cycles(orm_plans), 1)
    result["raw_sql_per_s"] = round(raw_sql_cycles(sql_plans), 1)
    mails_queued(True)
    result["workers4_service_per_s"] = round(workers_service(4, count), 1)
    mails_queued(False)
    result["queries_per_action"] = queries_per_action(org)
    result["transitions_per_run"] = count * len(CYCLE)
    result["cycle"] = "submit, approve, return_for_revision, submit, approve (no sign/issue: key and PDF work are timed apart)"
    result["service_vs_bare_orm"] = round(result["service_per_s"] / result["bare_orm_per_s"], 3)
    result.update(database_conditions())
    return result


POOL_FIGURES = (
    "service_per_s",
    "bare_orm_per_s",
    "workers4_service_per_s",
    "service_vs_bare_orm",
    "plan_list_api_p95_ms",
    "plan_detail_api_p95_ms",
    "plan_list_p95_ms",
    "plan_detail_p95_ms",
    "history_api_p95_ms",
    "inbox_p95_ms",
    "load_average_at_end",
)


def compare_pool(transition_plans, page_runs):
    """The transition and page parts with Django's psycopg pool off, then on, then off again (each in
    a process of its own, on the same data): their main figures side by side. The machine's noise
    shows in the two "off" runs."""
    runs = []
    for pool in ("0", "1", "0"):
        out = HERE / f".pool-{pool}.json"
        env = {**os.environ, "PLANFLOW_DB_POOL": pool}
        subprocess.run(
            [sys.executable, "bench/run.py", "--keep-data", "--parts-json", str(out), "--only", "transition", "--only", "pages",
             "--transition-plans", str(transition_plans), "--page-runs", str(page_runs)],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        figures = json.loads(out.read_text())
        out.unlink()
        merged = {**figures["transition"], **figures["pages"]}
        runs.append({"pool": pool == "1", **{key: merged[key] for key in POOL_FIGURES if key in merged}})
    return {"runs": runs, "what": "transitions and pages with PLANFLOW_DB_POOL off, on, off (one process each, same data)"}


def database_conditions():
    """What the figures were taken on: the plans in the database, the connection options (issue 21:
    prepared statements, pool) and the machine's load when the part ended."""
    from django.db import connection

    from plans.models import Plan

    options = connection.settings_dict.get("OPTIONS", {})
    return {
        "plans_in_database": Plan.objects.count(),
        "prepare_threshold": options.get("prepare_threshold") if options.get("server_side_binding") else None,
        "pool": bool(options.get("pool")),
        "load_average_at_end": round(os.getloadavg()[0], 2),
    }


# --- pages --------------------------------------------------------------------------------------


def percentiles(client, url, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return round(statistics.median(times), 1), round(times[max(0, int(len(times) * 0.95) - 1)], 1)


def province_admin():
    """A superuser (made once in the bench database): the one account whose lists hold all the plans."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username="bench-province-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


LONG_PLAN_SUBJECT = "Kế hoạch dài của bench: 300 khối (bảng, chú thích, 60 nhiệm vụ)"


def long_plan(org):
    """A draft of `org` whose body has 300 blocks (bench.long_body: headings, paragraphs, tables,
    30 targets, 60 tasks with parties, timings and schedules, footnotes), made once through
    plans.services (issue 16: its page within the page goals)."""
    from bench.long_body import long_body
    from plans.models import Plan
    from plans.services import create_plan

    existing = Plan.objects.filter(organization=org, subject=LONG_PLAN_SUBJECT).first()
    if existing is not None:
        return existing
    body = long_body(300, org.units[0], org.units[1 % len(org.units)])
    return create_plan(org.people["drafter"], org, {"subject": LONG_PLAN_SUBJECT, "body": body})


def open_slots_of(unit):
    """The report slots awaiting a report of `unit` (the bench reporter's: issue 18 asks for 1,000)."""
    from reporting.models import AWAITING_REPORT, ReportSlot

    return ReportSlot.objects.filter(task__lead_unit=unit, state__in=AWAITING_REPORT, plan__state="reporting").count()


def pages(runs):
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from audit.record.tracked import HISTORY
    from plans.models import Plan

    setup_test_environment()  # the test Client's host and in-memory e-mail
    logging.disable(logging.INFO)  # no request log lines: they cost time and flood the output
    org = bench_org(1)  # a generated organization: ~1 % of the plans, sample tasks in its inbox are org 0's
    reviewer_org = bench_org(0)
    plan = Plan.objects.filter(organization=org, state="reporting").annotate(n=Count("audit_events")).order_by("-n").first()
    client, inbox_client, everything_client, reporter_client = Client(), Client(), Client(), Client()
    client.force_login(org.people["drafter"])
    inbox_client.force_login(reviewer_org.people["reviewer"])
    reporter_client.force_login(org.people["reporter"])  # issue 18: a unit's open slots in one inbox
    everything_client.force_login(province_admin())  # sees every plan: the widest list there is
    long = long_plan(org)
    figures = {"plans": Plan.objects.count(), "history_rows": sum(entry.history_model.objects.count() for entry in HISTORY)}
    urls = {
        "plan_list": (client, "/plans/"),
        "plan_list_api": (client, "/api/plans/"),
        "plan_list_all": (everything_client, "/plans/"),
        "plan_list_all_api": (everything_client, "/api/plans/"),
        "inbox": (inbox_client, "/plans/tasks/"),
        "inbox_reporter": (reporter_client, "/plans/tasks/"),
        "inbox_reporter_api": (reporter_client, "/api/inbox/"),
        "plan_detail": (client, f"/plans/{plan.pk}/"),
        "plan_detail_api": (client, f"/api/plans/{plan.pk}/"),
        "history": (client, f"/plans/{plan.pk}/history/"),
        "history_api": (client, f"/api/plans/{plan.pk}/history/"),
        "plan_detail_300_blocks": (client, f"/plans/{long.pk}/"),
        "plan_detail_300_blocks_api": (client, f"/api/plans/{long.pk}/"),
        # search without diacritics over every plan (issue 19: p95 ≤ 100 ms at 100k plans)
        "search_all": (everything_client, "/plans/?q=nep+nghi"),
        "search_all_api": (everything_client, "/api/plans/?q=nep+nghi"),
        # words only in the body (a section's line), without diacritics, with a filter
        "search_body": (everything_client, "/plans/?q=giu+gin+ban+sac"),
        "search_body_api": (everything_client, "/api/plans/?q=giu+gin+ban+sac"),
        "search_body_filtered_api": (everything_client, "/api/plans/?q=giu+gin+ban+sac&state=reporting"),
    }
    figures["inbox_reporter_open_slots"] = open_slots_of(org.units[0])
    from config.startup import settle

    settle()  # what each gunicorn worker does before its first request (gc.freeze; config/startup.py)
    for name, (who, url) in urls.items():
        percentiles(who, url, 3)  # warm up
        p50, p95 = percentiles(who, url, runs)
        figures[f"{name}_p50_ms"], figures[f"{name}_p95_ms"] = p50, p95
    figures.update(database_conditions())
    return figures


# --- the existing benches -----------------------------------------------------------------------


def run_script(script, *args, pattern):
    output = script_output(script, *args)
    match = re.search(pattern, output)
    return float(match.group(1).replace(",", "")) if match else None


def script_output(script, *args):
    output = subprocess.run([sys.executable, str(HERE / script), *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    print(output)
    return output


def pdf_figures(processes):
    """render_sign_bench.py --demo in `processes` separate processes: on this VM the same render
    varies by up to half between processes (not within one), so one process's figure is not enough.
    The figure is the median of their medians (each the median of the four demo plans' best runs)."""
    medians, worsts = [], []
    for _process in range(processes):
        output = script_output("render_sign_bench.py", "--runs", "5", "--demo")
        match = re.search(r"render \+ sign demo plans.*?median\s+([\d.]+) ms\s+worst\s+([\d.]+) ms", output)
        medians.append(float(match.group(1)))
        worsts.append(float(match.group(2)))
    return {
        "median_ms": statistics.median(medians),
        "process_medians_ms": medians,
        "worst_plan_ms": worsts,
        "what": "render + sign of the four demo plans (7-14 pages); each process: median of each plan's best of 3",
    }


def import_figures():
    """import_bench.py: importing a 15-page DOCX and a 15-page PDF with a text layer (issue 17),
    each the median of its runs (read, recognize, create the draft, store the source)."""
    output = script_output("import_bench.py", "--runs", "5")
    match = re.search(r"^RESULTS (.*)$", output, re.MULTILINE)
    figures = {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
    return {**figures, "load_average_at_start": round(os.getloadavg()[0], 2)}


def ltv_figures():
    """ltv_bench.py: render + sign with a timestamp (demo plans), issue with DSS and a document
    timestamp, and the client-side prepare/complete round trip (issue 20)."""
    output = script_output("ltv_bench.py", "--runs", "3")
    match = re.search(r"^RESULTS (.*)$", output, re.MULTILINE)
    figures = {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
    return {**figures, "load_average_at_start": round(os.getloadavg()[0], 2)}


def verify_figures(events, plans):
    """verify_bench.py on the realistic shape: short chains (events / plans each), every event
    covering a history row; in one process and in one worker process per core (audit_verify's default)."""
    workers = os.cpu_count() or 1
    output = script_output(
        "verify_bench.py", "--events", str(events), "--plans", str(plans), "--with-rows", "--workers", str(workers), "--runs", "3"
    )

    def rate(label):
        match = re.search(rf"verify, {label}: .*= ([\d,]+) events/s", output)
        return float(match.group(1).replace(",", "")) if match else 0.0

    one = rate("1 process")
    return {
        "events": events,
        "plans": plans,
        "shape": f"{events // plans} events a plan, each covering a history row",
        "one_process_events_per_s": one,
        "workers": workers,
        "workers_events_per_s": rate(f"{workers} processes") if workers > 1 else one,
    }


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": pg,
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }


def write_readme(results):
    m, t, p = results["machine"], results["transition"], results["pages"]
    lines = [
        "# Benchmarks",
        "",
        "`make bench` (bench/run.py) writes results.json and this file; the figures below are from the latest run.",
        "Each part comes from its latest run (`bench/run.py --only PART` reruns one; `make loadtest` writes “serve”): compare ratios, not single numbers. Nothing in `make test` asserts them.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, PostgreSQL {m['postgresql']}, "
        f"load average {m['load_average_at_start']} at the start.",
        "",
        "## Transitions (per second)",
        "",
        f"- service (workflow.services.perform), one process: **{t['service_per_s']}** (task mails queued to Celery); "
        f"with the mail task run in the request (Celery eager): {t.get('service_mail_inline_per_s', '–')}",
        f"- bare ORM (lock, update, two inserts): {t['bare_orm_per_s']}; raw SQL: {t['raw_sql_per_s']}",
        f"- service / bare ORM: **{t['service_vs_bare_orm']:.0%}** (goal ≥ 30 %, issue 21; stretch 40 %)",
        f"- service, 4 processes: **{t['workers4_service_per_s']}** (goal ≥ 150, issue 21)",
        f"- {t['transitions_per_run']} transitions each: {t['cycle']}",
        "- queries per action: " + ", ".join(f"{action} {n}" for action, n in t.get("queries_per_action", [])),
        "",
        f"## Pages (ms, p50 / p95) over {p['plans']:,} plans and {p['history_rows']:,} history rows",
        "",
    ]
    for name in (
        "plan_list",
        "plan_list_api",
        "plan_list_all",
        "plan_list_all_api",
        "inbox",
        "inbox_reporter",
        "inbox_reporter_api",
        "plan_detail",
        "plan_detail_api",
        "history",
        "history_api",
        "search_all",
        "search_all_api",
        "search_body",
        "search_body_api",
        "search_body_filtered_api",
    ):
        if name + "_p50_ms" in p:
            lines.append(f"- {name}: {p[name + '_p50_ms']} / {p[name + '_p95_ms']}")
    lines.append(
        "- plan_list and plan_list_api are an organization's drafter (about 1 % of the plans); the _all rows a superuser who sees all of them."
    )
    lines += [
        "",
        f"- inbox_reporter: the reporter of a unit with {p.get('inbox_reporter_open_slots', '–')} open slots (issue 18 asks for 1,000); "
        "search_body: words only in a plan's body, without diacritics (one plan in 500 has them).",
        "",
        "Goals: list, inbox and search p95 ≤ 100 ms, detail and history p95 ≤ 150 ms (at 100k plans).",
        "",
        f"## Verify and PDF\n\n- verify: {results['verify_events_per_s']:,.0f} events/s (goal ≥ 50,000){verify_detail(results)}\n"
        f"- render + sign: {results['pdf_render_sign_ms']} ms (median of the four demo plans, each its best run; goal ≤ 300){pdf_detail(results)}",
        "",
        *ltv_lines(results.get("ltv")),
        *serve_lines(results.get("serve")),
        *pool_lines(results.get("pool")),
        *import_lines(results.get("import")),
    ]
    notes = HERE / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text()]
    (HERE / "README.md").write_text("\n".join(lines))


def import_lines(figures):
    if not figures:
        return []
    return [
        "## Importing a plan (bench/import_bench.py)",
        "",
        f"- a 15-page DOCX: {figures['docx_ms']:.0f} ms (goal ≤ 1000); a {figures['pdf_pages']:.0f}-page PDF with a text layer: "
        f"{figures['pdf_ms']:.0f} ms (goal ≤ 2000) — read, recognize, create the draft and store the source, median of 5 runs",
        "",
    ]


def ltv_lines(ltv):
    if not ltv:
        return []
    return [
        "## Timestamps, long-term validation, signing on the signer's device (bench/ltv_bench.py)",
        "",
        f"- render + sign with a timestamp (loopback TSA): {ltv['demo_render_sign_timestamp_median_ms']:.0f} ms, median of the "
        "four demo plans' best runs (goal ≤ 400)",
        f"- issue with the seal's timestamp, the DSS and a document timestamp (B-LTA): {ltv['issue_lta_median_ms']:.0f} ms (small plan)",
        f"- prepare + complete over the API: {ltv['device_round_trip_median_ms']:.0f} ms; they add {ltv['device_adds_ms']:.0f} ms to "
        "the server-side sign"
        + (f" over the API ({ltv['server_sign_median_ms']:.0f} ms)" if "server_sign_median_ms" in ltv else " (perform called directly)")
        + " (goal ≤ 50)",
        *([f"- {ltv['note']}"] if ltv.get("note") else []),
        "",
    ]


def serve_lines(serve):
    """`make loadtest` (bench/loadtest.sh): wrk's reads, then the mixed workload (bench/loadmix.py)."""
    if not serve:
        return []
    lines = [
        "## Serving on loopback (`make loadtest`: gunicorn, PostgreSQL, the bench database)",
        "",
        f"- reads only (wrk, {serve.get('connections')} connections, {serve.get('gunicorn_workers')} workers): "
        f"{serve.get('requests_per_s')} requests/s, p50 {serve.get('p50_ms')} ms, p95 {serve.get('p95_ms')} ms",
    ]
    if "actions_p95_ms" in serve:
        lines.append(
            f"- mixed, {serve['mix_actions_share']:.0%} actions ({serve['mix']}): {serve['mix_requests_per_s']} requests/s; "
            f"actions p50 {serve['actions_p50_ms']} ms, **p95 {serve['actions_p95_ms']} ms** (goal ≤ 150); "
            f"reads p50 {serve['reads_p50_ms']} ms, p95 {serve['reads_p95_ms']} ms; {serve['mix_errors']} errors"
        )
    if "open_actions_p95_ms" in serve:
        lines.append(
            f"- the same mix open, at {serve['open_rate']:g} requests/s in all on a fixed timetable (each request timed from "
            f"when it was due): {serve['open_mix_requests_per_s']} requests/s sent; actions p50 {serve['open_actions_p50_ms']} ms, "
            f"p95 {serve['open_actions_p95_ms']} ms; reads p50 {serve['open_reads_p50_ms']} ms, p95 {serve['open_reads_p95_ms']} ms; "
            f"{serve['open_mix_errors']} errors"
        )
    return [*lines, ""]


def pool_lines(pool):
    """bench/run.py --compare-pool: the transition and page figures with the psycopg pool off and on."""
    if not pool:
        return []
    lines = ["## The psycopg pool (`bench/run.py --compare-pool`): " + pool["what"], ""]
    for run in pool["runs"]:
        figures = ", ".join(f"{key} {value}" for key, value in run.items() if key != "pool")
        lines.append(f"- pool {'on' if run['pool'] else 'off'}: {figures}")
    return [*lines, ""]


def pdf_detail(results):
    pdf = results.get("pdf")
    if not pdf:
        return ""
    medians = ", ".join(f"{value:.0f}" for value in pdf["process_medians_ms"])
    worst = ", ".join(f"{value:.0f}" for value in pdf["worst_plan_ms"])
    return f"; the median of {len(pdf['process_medians_ms'])} processes ({medians} ms); the 14-page plan {worst} ms"


def verify_detail(results):
    v = results.get("verify")
    if not v:
        return ""
    return (
        f"; {v['events']:,} events in {v['plans']:,} plans ({v['shape']}): "
        f"{v['one_process_events_per_s']:,.0f}/s in one process, {v['workers_events_per_s']:,.0f}/s in {v['workers']}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--transition-plans", type=int, default=40, help="fresh plans per transition run (5 transitions each)")
    parser.add_argument("--page-runs", type=int, default=40)
    parser.add_argument("--verify-events", type=int, default=20_000)
    parser.add_argument("--verify-plans", type=int, default=1_000)
    parser.add_argument("--keep-data", action="store_true", help="reuse the bench database as it is (no drop, no gen_scale)")
    parser.add_argument(
        "--only",
        choices=["transition", "pages", "verify", "pdf", "ltv", "import"],
        action="append",
        help="run only these parts (repeatable); the others keep their last figures",
    )
    parser.add_argument(
        "--compare-pool",
        action="store_true",
        help="also run the transition and page parts with the psycopg pool off, on and off again (results.json 'pool')",
    )
    parser.add_argument("--parts-json", help=argparse.SUPPRESS)  # --compare-pool's child: the parts' figures go there
    parser.add_argument("--readme-only", action="store_true", help="write README.md again from results.json (after editing NOTES.md)")
    parser.add_argument("--transition-only", action="store_true", help="run only the transition part and print it (results.json untouched)")
    args = parser.parse_args()
    if args.readme_only:
        write_readme(json.loads((HERE / "results.json").read_text()))
        return

    url, name = bench_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("PLANFLOW_TESTING", "1")  # no signed PDFs in the transitions (timed apart below)
    if not args.keep_data:
        recreate_database(url, name)
        manage("migrate", "--noinput", "-v0")
        started = time.perf_counter()
        subprocess.run([sys.executable, "bench/gen_scale.py", "--plans", str(args.plans)], cwd=ROOT, check=True)
        print(f"gen_scale: {time.perf_counter() - started:.0f} s")
    setup_django()
    parts = set(args.only or ["transition", "pages", "verify", "pdf", "ltv", "import"])
    previous = HERE / "results.json"
    results = json.loads(previous.read_text()) if args.only and previous.exists() and not args.parts_json else {}
    results["machine"] = machine()
    if "transition" in parts:
        results["transition"] = transitions(args.transition_plans)
        print(json.dumps(results["transition"], indent=1))
        if args.transition_only:
            return
    if "pages" in parts:
        results["pages"] = pages(args.page_runs)
        print(json.dumps(results["pages"], indent=1))
    if "verify" in parts:
        results["verify"] = verify_figures(args.verify_events, args.verify_plans)
        results["verify_events_per_s"] = max(results["verify"]["one_process_events_per_s"], results["verify"]["workers_events_per_s"])
    if "pdf" in parts:
        results["pdf"] = pdf_figures(processes=3)
        results["pdf_render_sign_ms"] = results["pdf"]["median_ms"]
    if "ltv" in parts:
        results["ltv"] = ltv_figures()
    if "import" in parts and not args.parts_json:
        results["import"] = import_figures()
    if args.parts_json:
        Path(args.parts_json).write_text(json.dumps(results, ensure_ascii=False))
        return
    if args.compare_pool:
        results["pool"] = compare_pool(args.transition_plans, args.page_runs)
        print(json.dumps(results["pool"], indent=1))
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    write_readme(results)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
