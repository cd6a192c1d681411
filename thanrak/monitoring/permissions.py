"""Who may use which monitoring resource; rows are further limited by area (`visible_to`).

District officers enter and submit their district's values; provincial officers approve their
districts'; the national manager defines programmes, indicators and targets, locks and reopens
periods; auditors read everything in their area.
"""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role
from thanrak.core.access import register

R = Role
READERS = (R.DISTRICT_OFFICER, R.PROVINCIAL_OFFICER, R.NATIONAL_MANAGER, R.AUDITOR)
ENTERERS = (R.DISTRICT_OFFICER, R.PROVINCIAL_OFFICER, R.NATIONAL_MANAGER)

register(
    "monitoring.programme",
    description=_("Policy items, programmes and indicators (defined by the centre)"),
    view=READERS,
    change=[R.NATIONAL_MANAGER],
)
register(
    "monitoring.target",
    description=_("Targets per fiscal year and area (set by the centre)"),
    view=READERS,
    change=[R.NATIONAL_MANAGER],
)
register(
    "monitoring.value",
    description=_("Achieved values, their history and their exchange as CSV, Excel or DHIS2"),
    view=READERS,
    change=ENTERERS,
    export=READERS,
    **{"import": ENTERERS},
)
register(
    "monitoring.workflow",
    description=_("Submitting values (districts) and approving or returning them (provinces, the centre)"),
    view=READERS,
    change=ENTERERS,
    approve=[R.PROVINCIAL_OFFICER, R.NATIONAL_MANAGER],
)
register(
    "monitoring.lock",
    description=_("Locking a period and reopening it with a reason (the centre; audit-logged)"),
    view=READERS,
    change=[R.NATIONAL_MANAGER],
)
register(
    "monitoring.dashboard",
    description=_("Dashboards: achieved against target, trends, maps, drill-down"),
    view=READERS,
)
register(
    "monitoring.report",
    description=_("The policy report (HTML and PDF)"),
    view=READERS,
    export=READERS,
)
register(
    "monitoring.computation",
    description=_("Computed indicators: the registered queries, their versions and refreshes"),
    view=READERS,
    change=[R.NATIONAL_MANAGER],
)
