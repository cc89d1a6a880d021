"""manage.py revoke_tokens --user NAME [--user NAME …]: delete those users' API tokens.

A revoked token stops working at once; the user gets a new one by logging in again
(POST /api/auth/token/). Users revoke their own with DELETE /api/auth/token/.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from config.logging import security_event


class Command(BaseCommand):
    help = "Thu hồi token API của người dùng (--user TÊN, có thể lặp lại)."

    def add_arguments(self, parser):
        parser.add_argument("--user", dest="usernames", action="append", required=True, metavar="NAME", help="tên đăng nhập")

    def handle(self, *args, usernames, **options):
        User = get_user_model()
        users = list(User.objects.filter(username__in=usernames))
        missing = sorted(set(usernames) - {u.username for u in users})
        if missing:
            raise CommandError(f"Không có người dùng: {', '.join(missing)}")
        for user in users:
            revoked, _detail = Token.objects.filter(user=user).delete()
            security_event("token_revoked", level=logging.INFO, user_id=user.pk, revoked=revoked, via="command")
            if revoked:
                self.stdout.write(f"Đã thu hồi token của {user.username}.")
            else:
                self.stdout.write(f"{user.username} không có token.")
