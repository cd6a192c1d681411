"""Who may use which markets resource; rows are further limited by the models' scope."""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import OFFICERS, Role
from thanrak.core.access import register

R = Role

register(
    "markets.event",
    description=_("Events, recurring markets, booths and booth fees"),
    view=[R.ORG_OFFICER, *OFFICERS, R.AUDITOR],
    change=[R.ORG_OFFICER, *OFFICERS],
)
register(
    "markets.turnover",
    description=_("Turnover of events and vendors: POS sales and typed figures"),
    view=[R.ORG_OFFICER, *OFFICERS, R.AUDITOR],
    change=[R.ORG_OFFICER, *OFFICERS],
    export=[R.ORG_OFFICER, *OFFICERS, R.AUDITOR],
    **{"import": [R.ORG_OFFICER, *OFFICERS]},
)
register(
    "markets.matching",
    description=_("Business matching: buyers, their interests, meetings and deals"),
    view=[R.BUYER, R.ORG_OFFICER, *OFFICERS, R.AUDITOR],
    change=[R.BUYER, R.ORG_OFFICER, *OFFICERS],
)
register(
    "markets.producers",
    description=_("Producers' public profiles for buyers"),
    view=[R.BUYER, R.ORG_OFFICER, *OFFICERS, R.AUDITOR],
)
