from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tổ chức và người dùng"

    def ready(self):
        from . import throttling  # noqa: F401  (connects the login/lockout security-log receivers)
