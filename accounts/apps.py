from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tổ chức và người dùng"

    def ready(self):
        from . import throttling  # noqa: F401  (connects the login/lockout security-log receivers)
        from .tokens import connect_signals

        connect_signals()  # a password change revokes the user's API tokens
