from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.computations import MONITORING_COMPUTATIONS


class CommerceConfig(AppConfig):
    name = "thanrak.commerce"
    verbose_name = _("Commerce")
    nav = [
        ("commerce:shop-list", _("Shops"), "commerce.shop", "view"),
        ("commerce:sales", _("Sales"), "commerce.sales", "view"),
        ("commerce:certifications-expiring", _("Certificates to renew"), "commerce.certification", "view"),
        ("commerce:payout-list", _("Producer payouts"), "commerce.payout", "view"),
    ]
    home_panels = [("commerce:panel", "commerce.shop", "view")]
    organisation_panels = [("commerce:organisation-panel", "commerce.shop", "view")]
    household_panels = [("commerce:household-panel", "commerce.shop", "view")]
    monitoring_computations = MONITORING_COMPUTATIONS

    def ready(self) -> None:
        from thanrak.commerce import permissions  # noqa: F401  registers resources
