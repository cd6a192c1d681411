"""Who may use which survey resource; rows are further limited by area (`visible_to`, ensure_area)."""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role
from thanrak.core.access import register

R = Role
OFFICERS = (R.DISTRICT_OFFICER, R.PROVINCIAL_OFFICER, R.NATIONAL_MANAGER)

register(
    "survey.version",
    description=_("Survey versions: questions, indicator rules and thresholds"),
    view=[R.VOLUNTEER, *OFFICERS],
    change=[R.NATIONAL_MANAGER],
    export=[*OFFICERS],
    **{"import": [R.NATIONAL_MANAGER]},
)
register(
    "survey.round",
    description=_("Survey rounds, village assignments and progress"),
    view=[R.VOLUNTEER, *OFFICERS],
    change=[*OFFICERS],
)
register(
    "survey.response",
    description=_("Household answers (collection, drafts, file import, ODK)"),
    view=[R.VOLUNTEER, *OFFICERS],
    change=[R.VOLUNTEER, *OFFICERS],
    **{"import": [*OFFICERS]},
)
register(
    "survey.targeting",
    description=_("Indicator evaluation and targeting runs (TPMAP rule, Alkire–Foster)"),
    view=[*OFFICERS],
    change=[*OFFICERS],
)
register(
    "survey.targets",
    description=_("Lists of target households with the needs they fail"),
    view=[R.VOLUNTEER, *OFFICERS],
    export=[*OFFICERS],
)
register(
    "survey.dashboard",
    description=_("Area dashboards, maps and round-against-round comparisons"),
    view=[*OFFICERS],
)
register(
    "survey.assistance",
    description=_("Help given to target households and its follow-up"),
    view=[R.VOLUNTEER, *OFFICERS],
    change=[*OFFICERS],
)
register(
    "survey.welfare",
    description=_("The state welfare card register (import)"),
    view=[*OFFICERS],
    **{"import": [R.PROVINCIAL_OFFICER, R.NATIONAL_MANAGER]},
)
