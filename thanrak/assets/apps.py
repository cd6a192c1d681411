from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thanrak.assets.computations import MONITORING_COMPUTATIONS


class AssetsConfig(AppConfig):
    name = "thanrak.assets"
    verbose_name = _("Community assets")
    nav = [
        ("assets:forest-list", _("Community forests"), "assets.forest", "view"),
        ("assets:equipment-list", _("Shared machinery"), "assets.equipment", "view"),
        ("assets:land-list", _("Land and housing"), "assets.land", "view"),
        ("assets:site-list", _("โคก หนอง นา sites"), "assets.site", "view"),
    ]
    household_panels = [("assets:household-panel", "assets.land", "view")]
    monitoring_computations = MONITORING_COMPUTATIONS
    dashboard_map_panel = "thanrak.assets.hooks.dashboard_map_panel"

    def ready(self) -> None:
        from thanrak.assets import permissions  # noqa: F401  registers resources
