from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Lịch sử và kiểm tra"

    def ready(self):
        from django.core import checks

        from audit.checks import audit_public_key_check, database_roles_check
        from audit.record import context  # noqa: F401  (connects the simple-history signal)
        from audit.record.history_descriptor import reuse_history_manager_classes

        reuse_history_manager_classes()

        post_migrate.connect(ensure_append_only_triggers, sender=self, dispatch_uid="planflow-append-only-triggers")
        checks.register(database_roles_check, checks.Tags.security, deploy=True)
        checks.register(audit_public_key_check, checks.Tags.security, deploy=True)


def ensure_append_only_triggers(using="default", apps=None, **kwargs):
    """On SQLite, put back the append-only triggers a table rebuild of a later migration dropped
    (audit.record.append_only); PostgreSQL keeps them through ALTER TABLE."""
    from django.apps import apps as global_apps
    from django.db import connections

    from audit.record.append_only import ensure_sqlite_triggers, protected_tables

    connection = connections[using]
    if connection.vendor == "sqlite":
        ensure_sqlite_triggers(connection, protected_tables(apps or global_apps, records=True))
