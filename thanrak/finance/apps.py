from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thanrak.finance.computations import MONITORING_COMPUTATIONS


def _treasurer_start(user: Any) -> str | None:
    """A group's officer who keeps a fund starts at it (at the list when there are several)."""
    from thanrak.core.access import user_may
    from thanrak.finance.queries import fund_list

    if not user_may(user, "finance.fund", "view"):
        return None
    funds = list(fund_list(viewer=user).values_list("pk", flat=True)[:2])
    if len(funds) == 1:
        return reverse("finance:fund-detail", args=[funds[0]])
    return reverse("finance:fund-list") if funds else None


class FinanceConfig(AppConfig):
    name = "thanrak.finance"
    verbose_name = _("Finance")
    nav = [
        ("finance:fund-list", _("Community funds"), "finance.fund", "view"),
        ("finance:rollup", _("Fund roll-ups"), "finance.rollup", "view"),
        ("finance:my-accounts", _("My savings and loans"), "finance.own", "view"),
    ]
    home_panels = [
        ("finance:panel-treasurer", "finance.ledger", "change"),
        ("finance:panel-member", "finance.own", "view"),
    ]
    household_panels = [("finance:household-debts", "finance.household_debts", "view")]
    person_panels = [("finance:person-panel", "finance.member", "view")]
    organisation_panels = [("finance:organisation-panel", "finance.fund", "view")]
    monitoring_computations = MONITORING_COMPUTATIONS
    # Kinds of records that survey's follow-up can link help to (thanrak.survey.help_links).
    survey_help_links = "thanrak.finance.hooks.survey_help_links"

    def ready(self) -> None:
        from thanrak.accounts.roles import Role
        from thanrak.accounts.start_pages import register_start_page
        from thanrak.finance import permissions  # noqa: F401  registers resources

        register_start_page(Role.ORG_OFFICER, _treasurer_start, order=10)
