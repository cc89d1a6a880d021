from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tổ chức và người dùng"

    def ready(self):
        from . import throttling  # noqa: F401  (connects the login/lockout security-log receivers)
        from .tokens import connect_signals

        connect_signals()  # a password change revokes the user's API tokens
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="planflow-create-cache-table")


def create_cache_table(using="default", **kwargs):
    """`migrate` also makes the database cache's table (settings.CACHES without REDIS_URL), so the
    counters every server process shares (the step-up throttle) have a place. Idempotent; does
    nothing for other cache backends."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
