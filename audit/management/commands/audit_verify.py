"""python manage.py audit_verify [--plan ID …]: recompute the audit trail, list every problem.

Without --plan it verifies every plan and the chain of signed checkpoints. With --plan, or with
--documents, it also checks the two PAdES signatures of each issued plan's stored PDF (pyHanko,
about 0.1 s a plan; audit.verify.documents). Exit status 0 when all holds, 1 (CommandError) when a
problem is found. The last line gives the speed in events/s. On PostgreSQL the plans are checked
by --workers processes (default: one per core) sharing one snapshot (audit.verify.parallel).
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from audit.verify.documents import verify_plans_and_documents
from audit.verify.trail import plan_ids_to_verify, verify_checkpoints


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký kiểm toán (chuỗi băm, lịch sử, chữ ký, điểm kiểm tra)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, action="append", dest="plans", metavar="ID", help="chỉ kiểm tra kế hoạch này")
        parser.add_argument("--documents", action="store_true", help="kiểm tra cả chữ ký số của bản PDF ban hành (luôn bật khi có --plan)")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="số tiến trình kiểm tra song song (PostgreSQL; mặc định: số lõi CPU)"
        )

    def handle(self, *args, plans=None, documents=False, workers=1, verbosity=1, **options):
        if workers < 1:
            raise CommandError("--workers phải từ 1 trở lên.")
        started = time.perf_counter()
        problems = events = 0
        plan_ids = plans or plan_ids_to_verify()
        for report in verify_plans_and_documents(plan_ids, with_documents=bool(plans) or documents, workers=workers):
            plan_id = report.plan_id
            events += report.events
            if report.ok:
                if verbosity >= 2:
                    self.stdout.write(f"Kế hoạch #{plan_id}: {report.events} sự kiện — OK")
                continue
            found = report.problems
            problems += len(found)
            self.stdout.write(f"Kế hoạch #{plan_id}: {report.events} sự kiện — {len(found)} vấn đề:")
            for problem in found:
                self.stdout.write(f"  - {problem}")
        if not plans:
            for problem in verify_checkpoints():
                problems += 1
                self.stdout.write(f"Điểm kiểm tra: {problem}")
        elapsed = time.perf_counter() - started
        rate = events / elapsed if elapsed else 0
        self.stdout.write(f"Đã kiểm tra {len(plan_ids)} kế hoạch, {events} sự kiện trong {elapsed:.2f} giây ({rate:,.0f} sự kiện/giây).")
        if problems:
            raise CommandError(f"Phát hiện {problems} vấn đề trong nhật ký kiểm toán.")
        self.stdout.write("OK")
