from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thanrak.markets.computations import MONITORING_COMPUTATIONS


class MarketsConfig(AppConfig):
    name = "thanrak.markets"
    verbose_name = _("Markets and fairs")
    nav = [
        ("markets:event-list", _("Markets and fairs"), "markets.event", "view"),
        ("markets:matching", _("Business matching"), "markets.matching", "view"),
    ]
    monitoring_computations = MONITORING_COMPUTATIONS

    def ready(self) -> None:
        from thanrak.markets import permissions  # noqa: F401  registers resources
