"""Who may use which registry resource; rows are further limited by `visible_to`."""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role
from thanrak.core.access import register

R = Role
AREA_OFFICERS = (R.DISTRICT_OFFICER, R.PROVINCIAL_OFFICER, R.NATIONAL_MANAGER)

register(
    "registry.person",
    description=_("People in the registry"),
    view=[R.MEMBER, R.ORG_OFFICER, R.VOLUNTEER, *AREA_OFFICERS],
    change=[*AREA_OFFICERS],
)
register(
    "registry.household",
    description=_("Households and their members"),
    view=[R.MEMBER, R.VOLUNTEER, *AREA_OFFICERS],
    change=[*AREA_OFFICERS],
)
register(
    "registry.organisation",
    description=_("Organisations and their members"),
    view=[R.MEMBER, R.ORG_OFFICER, R.VOLUNTEER, *AREA_OFFICERS, R.AUDITOR],
    change=[R.ORG_OFFICER, *AREA_OFFICERS],
)
register(
    "registry.village",
    description=_("Villages (หมู่บ้าน) under subdistricts"),
    view=[R.VOLUNTEER, *AREA_OFFICERS],
    change=[*AREA_OFFICERS],
)
register(
    "registry.duplicates",
    description=_("Likely duplicate persons and merging them"),
    view=[*AREA_OFFICERS],
    change=[*AREA_OFFICERS],
)
register(
    "registry.citizen_id",
    description=_("Full citizen IDs (each reveal is audit-logged)"),
    reveal=[*AREA_OFFICERS],
)
register(
    "registry.data",
    description=_("Importing and exporting registry files (exports are audit-logged)"),
    export=[*AREA_OFFICERS],
    **{"import": [*AREA_OFFICERS]},
)
register(
    "registry.summary",
    description=_("The registry summary panel on an area officer's home page"),
    view=[R.DISTRICT_OFFICER, R.PROVINCIAL_OFFICER],
)
