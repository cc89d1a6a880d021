from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Báo cáo thực hiện"

    def ready(self):
        """Give the lifecycle (plans, below this app) the condition of `close`: every slot resolved."""
        from plans.conditions import add_condition

        from .services import close_conditions

        add_condition("close", close_conditions)
