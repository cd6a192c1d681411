from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thanrak.registry.computations import MONITORING_COMPUTATIONS


class RegistryConfig(AppConfig):
    name = "thanrak.registry"
    verbose_name = _("Registry")
    nav = [
        ("registry:household-list", _("Households"), "registry.household", "view"),
        ("registry:person-list", _("People"), "registry.person", "view"),
        ("registry:organisation-list", _("Organisations"), "registry.organisation", "view"),
        ("registry:village-list", _("Villages"), "registry.village", "view"),
        ("registry:duplicate-list", _("Likely duplicates"), "registry.duplicates", "view"),
        ("registry:import", _("Import registry files"), "registry.data", "import"),
    ]
    home_panels = [("registry:home-summary", "registry.summary", "view")]
    monitoring_computations = MONITORING_COMPUTATIONS

    def ready(self) -> None:
        from thanrak.registry import permissions  # noqa: F401  registers resources
