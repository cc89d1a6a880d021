from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Lịch sử và kiểm tra"

    def ready(self):
        from audit.record import context  # noqa: F401  (connects the simple-history signal)
