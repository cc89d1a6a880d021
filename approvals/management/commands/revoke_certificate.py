"""manage.py revoke_certificate --user USERNAME [--reason "…"]: revoke a person's certificates (both
keys: the signature records' and the PDF's), e.g. when they leave office. Their later signatures
are refused; signatures they made before stay valid (approvals.trust). --organization ID revokes an
organization's seal certificates instead."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from approvals.models import KeyPair
from approvals.trust import revoke


class Command(BaseCommand):
    help = "Thu hồi chứng thư số của một người (thôi giữ chức vụ) hoặc của một cơ quan."

    def add_arguments(self, parser):
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--user", help="tên đăng nhập")
        owner.add_argument("--organization", type=int, help="mã cơ quan")
        parser.add_argument("--reason", default="", help="lý do, ví dụ: thôi giữ chức vụ")

    def handle(self, *args, user=None, organization=None, reason="", **options):
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            rows = KeyPair.objects.filter(owner_kind=KeyPair.Owner.PERSON, user=owner)
        else:
            owner = Organization.objects.filter(pk=organization).first()
            rows = KeyPair.objects.filter(owner_kind=KeyPair.Owner.ORGANIZATION, organization=owner)
        if owner is None:
            raise CommandError("Không có người dùng hoặc cơ quan này.")
        revoked = [revoke(row, reason) for row in rows]
        for revocation in revoked:
            self.stdout.write(f"Đã thu hồi chứng thư số sê-ri {revocation.serial_number} ({revocation.keypair.purpose}).")
        if not revoked:
            self.stdout.write("Người hoặc cơ quan này chưa có chứng thư số nào.")
