from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thanrak.finance.computations import MONITORING_COMPUTATIONS


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
        from thanrak.finance import permissions  # noqa: F401  registers resources
