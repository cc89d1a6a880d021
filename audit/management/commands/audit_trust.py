"""python manage.py audit_trust: what to configure so verification trusts something outside the database.

Prints the installation's checkpoint public key — set it as PLANFLOW_AUDIT_PUBLIC_KEY in the
environment (audit.record.anchors) — the SHA-256 fingerprint of the CA that issues the signers'
certificates (pin it with `python -m audit.verify.bundle --ca-fingerprint`), and the anchor file.
Run it once after the first migration, from a shell you trust, and keep its output apart from the
database. It also says whether the configured key, if any, is the database's.
"""

from django.core.management.base import BaseCommand, CommandError

from approvals.keys import get_keystore
from audit.record.anchors import anchor_file, configured_public_key
from audit.record.keys import get_signer
from audit.verify.bundle_signatures import fingerprint


class Command(BaseCommand):
    help = "In khóa công khai của điểm kiểm tra và dấu vân tay CA để cấu hình (PLANFLOW_AUDIT_PUBLIC_KEY, --ca-fingerprint)."

    def handle(self, *args, **options):
        key = get_signer().public_key_hex()  # made on first use, like the first checkpoint would
        self.stdout.write(f"PLANFLOW_AUDIT_PUBLIC_KEY={key}")
        for ca in get_keystore().trusted_ca_certificates():
            self.stdout.write(f"CA fingerprint (SHA-256, --ca-fingerprint): {fingerprint(ca)}")
        self.stdout.write(f"Anchor file (PLANFLOW_AUDIT_ANCHOR_DIR): {anchor_file()}")
        configured = configured_public_key()
        if configured is None:
            self.stdout.write("PLANFLOW_AUDIT_PUBLIC_KEY chưa được cấu hình: kết quả kiểm tra sẽ là “chưa được neo”.")
        elif configured != key.lower():
            raise CommandError("PLANFLOW_AUDIT_PUBLIC_KEY đã cấu hình khác khóa trong cơ sở dữ liệu: khóa đã bị thay, hoặc cấu hình sai.")
        else:
            self.stdout.write("PLANFLOW_AUDIT_PUBLIC_KEY đã cấu hình đúng khóa này.")
