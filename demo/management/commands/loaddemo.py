"""`manage.py loaddemo`: the organizations, people and four seed plans of the demo.

Idempotent: what exists is left as it is, so running it twice changes nothing. The data lives in
demo/accounts.py (organizations, people) and demo/ (the seed plans). It leaves a checkpoint of the
chains (a new one only when they changed), so the demo is anchored from the start.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from audit.record.checkpoints import write_checkpoint_if_heads_changed
from demo import accounts
from demo.loader import load_seed_plans

DEFAULT_PASSWORD = "planflow-demo"


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: tổ chức, tài khoản và bốn kế hoạch mẫu (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args, **options):
        password = settings.PLANFLOW_DEMO_PASSWORD
        if not password:
            self.stderr.write("PLANFLOW_DEMO_PASSWORD trống: không thể tạo tài khoản mẫu.")
            return
        with transaction.atomic():
            orgs = accounts.ensure_organizations()
            users = accounts.ensure_users(orgs, password)
            results = load_seed_plans(orgs, users, password)
        checkpoint = write_checkpoint_if_heads_changed()  # the demo's chains anchored from the start
        if options["verbosity"] == 0:
            return
        self.stdout.write(self.style.MIGRATE_HEADING("Kế hoạch mẫu"))
        for seed, plan, created in results:
            note = "tạo mới" if created else "đã có"
            symbol = f" — Số {plan.symbol}" if plan.number else ""
            self.stdout.write(f"  [{seed['key']}] {plan.get_state_display()}{symbol} ({note}): {plan.subject[:90]}")
        self.stdout.write(f"  Điểm kiểm tra #{checkpoint.pk}: {checkpoint.heads_count} chuỗi sự kiện được neo.")
        self._print_accounts(password)

    def _print_accounts(self, password):
        self.stdout.write(self.style.MIGRATE_HEADING("Tài khoản mẫu (chỉ dùng để trình diễn)"))
        rows = [("Tên đăng nhập", "Họ tên", "Vai trò", "Tổ chức")] + [row[:4] for row in accounts.accounts_table()]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            self.stdout.write("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        shown = password if password == DEFAULT_PASSWORD else "(giá trị của PLANFLOW_DEMO_PASSWORD)"
        self.stdout.write(f"  Mật khẩu của mọi tài khoản: {shown}")
