"""Mail each person the approval tasks waiting for them (run daily: cron, or Celery beat)."""

from django.core.management.base import BaseCommand

from workflow.notifications import send_task_digest


class Command(BaseCommand):
    help = "Gửi mỗi người bản tổng hợp các việc trình duyệt đang chờ họ xử lý (chạy mỗi ngày một lần)."

    def handle(self, *args, **options):
        sent = send_task_digest()
        self.stdout.write(f"Đã gửi {sent} thư tổng hợp việc đang chờ.")
