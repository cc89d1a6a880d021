"""How long rendering a plan to PDF and signing it takes (goal: ≤ 300 ms for one plan).

    python bench/render_sign_bench.py [--runs N] [--demo]

It makes a scratch test database (SQLite in memory; PostgreSQL: bench_<name>), creates a plan of
the size the tests use (one section, a target, a task, a budget line) and takes it to `signing`.
Then it times, best and median of N runs, each rolled back:

    render + sign   what happens when the signer's main signature is recorded
                    (documents.services.sign_main_pdf: layout, WeasyPrint PDF, the stamp, the
                    PAdES certification with the signer's key, storing the file)
    issue           what `issue` adds (seal_issued_pdf: number and date filled in, the seal stamp,
                    the organization's signature, storing the file)

and the parts of render + sign. With --demo it also loads the four seed plans and times render +
sign of each (they are 7 to 14 pages), then prints the median and the worst of the four (each
plan's best run): the honest figure for "one plan", which `make bench` records as
pdf_render_sign_ms. It prints the figures; nothing asserts them.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PLANFLOW_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

PASSWORD = "bench-password-123"


class Rollback(Exception):
    pass


def timed(function, runs):
    """[(wall seconds, CPU seconds of this process)] of `runs` calls of function(), each inside a
    savepoint rolled back afterwards."""
    timings = []
    for _run in range(runs):
        try:
            with transaction.atomic():
                wall, cpu = time.perf_counter(), time.process_time()
                function()
                timings.append((time.perf_counter() - wall, time.process_time() - cpu))
                raise Rollback
        except Rollback:
            pass
    return timings


def show(label, timings):
    """Best and median wall time, and the CPU time of the best run (other processes on the machine
    lengthen the wall time, not the CPU time)."""
    best = min(timings)
    median = statistics.median(wall for wall, _cpu in timings)
    print(
        f"{label:<44} best {best[0] * 1000:7.1f} ms (CPU {best[1] * 1000:6.1f} ms)   median {median * 1000:7.1f} ms   ({len(timings)} runs)"
    )


def small_plan():
    """A plan like the tests' (tests/conftest.py plan_data), taken to `signing`."""
    from django.contrib.auth import get_user_model

    from accounts.models import Membership, Organization, Role
    from plans.services import create_plan
    from workflow.services import perform

    province = Organization.objects.create(name="UBND tỉnh Kon Tum", code="UBND", place_name="Kon Tum")
    district = Organization.objects.create(
        name="UBND huyện Ia H'Drai",
        code="UBND",
        place_name="Ia H'Drai",
        parent=province,
        header_name="ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI",
        collective_title="ỦY BAN NHÂN DÂN",
    )
    police = Organization.objects.create(name="Công an huyện", kind="unit", parent=district)
    users = {}
    for name, role, full_name, position in [
        ("drafter", Role.DRAFTER, "Trần Văn Soạn", ""),
        ("reviewer", Role.REVIEWER, "Phạm Thẩm Định", ""),
        ("signer", Role.SIGNER, "Nguyễn Tiên Dũng", "PHÓ CHỦ TỊCH"),
        ("clerk", Role.CLERK, "Đỗ Văn Thư", ""),
    ]:
        first, _, last = full_name.rpartition(" ")
        users[name] = get_user_model().objects.create_user(name, password=PASSWORD, first_name=first, last_name=last)
        Membership.objects.create(user=users[name], organization=district, role=role, position=position)
    data = {
        "subject": "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025",
        "preamble": "Ủy ban nhân dân huyện Ia H'Drai ban hành Kế hoạch, cụ thể như sau:",
        "signing_authority": "KT.",
        "signer": users["signer"],
        "reviewers": [users["reviewer"]],
        "legal_bases": [{"text": "Căn cứ Kế hoạch số 4754/KH-UBND ngày 31 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum;"}],
        "sections": [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": "Tạo khí thế thi đua sôi nổi."}],
        "targets": [{"text": "Xóa nhà tạm", "unit": "%", "target_value": 100, "baseline": None}],
        "tasks": [{"text": "Chủ trì, phối hợp đôn đốc, kiểm tra.", "lead_unit": police, "schedule_kind": "monthly", "schedule_day": 15}],
        "budget_lines": [{"item": "Hỗ trợ", "unit_cost": 5_000_000, "quantity": 10, "source": "Ngân sách huyện"}],
        "recipients": [{"name": "Thường trực Huyện ủy", "purpose": "b/c"}, {"name": "VT", "purpose": "lưu"}],
    }
    plan = create_plan(users["drafter"], district, data)
    perform(plan, "submit", users["drafter"])
    perform(plan, "approve", users["reviewer"], comment="Đồng ý")
    return plan, users


def render_and_sign(plan, signer_user, timestamper=None):
    """Layout, PDF, stamp and certification of `plan` as its signer (no storing): the parts' times."""
    from django.utils import timezone

    from accounts.roles import position_in
    from approvals.keys import get_keystore, pdf_signer_for_user, pdf_trusted_ca_certificates
    from documents import pades, stamps
    from documents.layout import document_layout
    from documents.pdf import render_pdf
    from documents.services import load
    from plans.content import content_hash

    parts = {}
    started, cpu = time.perf_counter(), time.process_time()
    plan = load(plan)
    plan.number = None  # an issued demo plan is rendered as the signer saw it
    signature = SimpleNamespace(
        authority=plan.signing_authority,
        position=position_in(signer_user, plan.organization),
        signer_name=signer_user.get_full_name(),
        signed_at=timezone.now(),
    )
    layout = document_layout(plan, signature)
    parts["layout"] = (time.perf_counter() - started, time.process_time() - cpu)
    mark, mark_cpu = time.perf_counter(), time.process_time()
    rendered = render_pdf(layout, content_hash=content_hash(plan), for_signing=True)
    parts["PDF (WeasyPrint)"] = (time.perf_counter() - mark, time.process_time() - mark_cpu)
    mark, mark_cpu = time.perf_counter(), time.process_time()
    box = rendered.boxes["stamp-signer"]
    stamp = stamps.signer_stamp(
        name=signature.signer_name, position=signature.position, signed_at=signature.signed_at, width_pt=box.width, height_pt=box.height
    )
    parts["stamp (WeasyPrint)"] = (time.perf_counter() - mark, time.process_time() - mark_cpu)
    mark, mark_cpu = time.perf_counter(), time.process_time()
    keystore = get_keystore()
    signer = pades.KeystoreSigner(pdf_signer_for_user(keystore, signer_user), pdf_trusted_ca_certificates(keystore))  # ECDSA P-256
    pades.certify_as_signer(rendered, layout.blanks, signer, stamp_pdf=stamp, name=signature.signer_name, timestamper=timestamper)
    parts["certify (pyHanko)"] = (time.perf_counter() - mark, time.process_time() - mark_cpu)
    parts["total"] = (time.perf_counter() - started, time.process_time() - cpu)
    return parts, rendered.page_count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--demo", action="store_true", help="also time the four seed plans of `manage.py loaddemo`")
    args = parser.parse_args()

    from approvals.models import Signature
    from documents.services import seal_issued_pdf, sign_main_pdf
    from workflow.services import perform

    settings.PLANFLOW_SIGNED_PDFS = False  # the set-up steps; the timed calls below call the services directly
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tempfile.TemporaryDirectory(prefix="planflow-bench-")
    settings.MEDIA_ROOT = media.name
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        database.setdefault("TEST", {})["NAME"] = f"bench_{database['NAME']}"
    original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    try:
        with transaction.atomic():
            plan, users = small_plan()
            perform(plan, "sign", users["signer"], kind="main", password=PASSWORD)  # the main signature row (no PDF yet)
            assert Signature.objects.filter(plan=plan, kind="main").exists()
            render_and_sign(plan, users["signer"])  # warm up: fonts, stylesheet, keys
            settings.PLANFLOW_SIGNED_PDFS = True
            show("render + sign (small plan, sign_main_pdf)", timed(lambda: sign_main_pdf(plan), args.runs))

            def issue():
                sign_main_pdf(plan)
                settings.PLANFLOW_SIGNED_PDFS = False
                perform(plan, "issue", users["clerk"])  # number, date and the seal's record, no PDF
                settings.PLANFLOW_SIGNED_PDFS = True
                wall, cpu = time.perf_counter(), time.process_time()
                seal_issued_pdf(plan)
                issue.seconds.append((time.perf_counter() - wall, time.process_time() - cpu))

            issue.seconds = []
            timed(issue, args.runs)
            show("issue (small plan, seal_issued_pdf)", issue.seconds)

            breakdown = [render_and_sign(plan, users["signer"])[0] for _run in range(args.runs)]
            for part in breakdown[0]:
                show(f"  {part}", [run[part] for run in breakdown])

            if args.demo:
                from django.core.management import call_command

                from plans.models import Plan

                call_command("loaddemo", stdout=io.StringIO())
                bests = []
                for demo in Plan.objects.exclude(pk=plan.pk).select_related("signer").order_by("pk"):
                    runs = [render_and_sign(demo, demo.signer) for _run in range(max(3, args.runs // 2))]
                    pages = runs[0][1]
                    totals = [parts["total"] for parts, _ in runs]
                    show(f"render + sign demo plan {demo.pk} ({pages} pages)", totals)
                    bests.append(min(totals)[0])
                print(
                    f"render + sign demo plans (best run of each)   median {statistics.median(bests) * 1000:7.1f} ms"
                    f"   worst {max(bests) * 1000:7.1f} ms   ({len(bests)} plans)"
                )
            raise Rollback
    except Rollback:
        pass
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        media.cleanup()


if __name__ == "__main__":
    main()
