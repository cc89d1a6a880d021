"""Send due and overdue reminders and the weekly digest (idempotent: safe to run from cron often)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reporting.reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi nhắc hạn báo cáo, nhắc quá hạn và bản tổng hợp hằng tuần (không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD, to run as of another day")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"--today phải có dạng YYYY-MM-DD: {exc}") from exc
        counts = send_reminders(day)
        self.stdout.write(
            f"Quá hạn mới: {counts.marked_overdue}; nhắc trước hạn: {counts.before_due}; nhắc đúng hạn: {counts.on_due}; "
            f"nhắc quá hạn: {counts.overdue}; tổng hợp tuần: {counts.digests}; thư đã gửi: {counts.mails}"
        )
