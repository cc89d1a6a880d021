from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`manage.py loaddemo`): organizations, people and the four seed plans.

    It touches every app (it enters plans through their services), so it sits above them all."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
