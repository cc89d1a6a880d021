"""python manage.py audit_checkpoint [--export FILE] [--latest]: sign the heads of all chains.

Run it periodically (cron, or the Celery beat task audit.tasks.write_checkpoint). --export FILE
also writes the checkpoint as JSON for an auditor to keep outside the database; --latest exports
the latest checkpoint instead of writing a new one.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from audit.record.checkpoints import as_dict, latest_checkpoint, write_checkpoint


class Command(BaseCommand):
    help = "Lập điểm kiểm tra có chữ ký cho đầu mọi chuỗi sự kiện (và xuất ra tệp nếu cần)."

    def add_arguments(self, parser):
        parser.add_argument("--export", metavar="FILE", help="ghi điểm kiểm tra ra tệp JSON để lưu ngoài cơ sở dữ liệu")
        parser.add_argument("--latest", action="store_true", help="không lập mới: dùng điểm kiểm tra gần nhất")

    def handle(self, *args, export=None, latest=False, **options):
        checkpoint = latest_checkpoint() if latest else write_checkpoint()
        if checkpoint is None:
            raise CommandError("Chưa có điểm kiểm tra nào.")
        data = as_dict(checkpoint)
        self.stdout.write(
            f"Điểm kiểm tra #{checkpoint.pk}: {len(checkpoint.heads)} chuỗi, lập lúc {data['created_at']}, "
            f"khóa công khai {checkpoint.public_key}"
        )
        if export:
            with open(export, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=2)
                handle.write("\n")
            self.stdout.write(f"Đã ghi {export}")
