from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "thanrak.registry"
    verbose_name = _("Registry")
    nav: list = []

    def ready(self) -> None:
        from thanrak.registry import permissions  # noqa: F401  registers resources
