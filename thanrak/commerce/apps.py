from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.computations import MONITORING_COMPUTATIONS


def _shopkeeper_start(user: Any) -> str | None:
    """A group's officer who runs a shop starts at it (at the list when there are several)."""
    from thanrak.commerce.queries import shop_list
    from thanrak.core.access import user_may

    if not user_may(user, "commerce.shop", "change"):
        return None
    shops = list(shop_list(viewer=user).values_list("pk", flat=True)[:2])
    if len(shops) == 1:
        return reverse("commerce:shop-detail", args=[shops[0]])
    return reverse("commerce:shop-list") if shops else None


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
        from thanrak.accounts.roles import Role
        from thanrak.accounts.start_pages import register_start_page
        from thanrak.commerce import permissions  # noqa: F401  registers resources

        register_start_page(Role.ORG_OFFICER, _shopkeeper_start, order=20)
