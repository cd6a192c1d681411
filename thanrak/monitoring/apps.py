from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "thanrak.monitoring"
    verbose_name = _("Monitoring")
    nav: list = []

    def ready(self) -> None:
        from thanrak.monitoring import checks, permissions  # noqa: F401  registers resources and checks
