from django.apps import AppConfig


class PlanImportConfig(AppConfig):
    name = "planimport"
    verbose_name = "Nhập kế hoạch từ văn bản"
