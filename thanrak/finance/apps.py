from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "thanrak.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from thanrak.finance import permissions  # noqa: F401  registers resources
