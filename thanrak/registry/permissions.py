"""Who may use which registry resource; rows are further limited by the models' `Visibility`."""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import OFFICERS, Role
from thanrak.core.access import register

R = Role

register(
    "registry.person",
    description=_("People in the registry"),
    view=[R.MEMBER, R.ORG_OFFICER, R.VOLUNTEER, *OFFICERS],
    change=[*OFFICERS],
)
register(
    "registry.household",
    description=_("Households and their members"),
    view=[R.MEMBER, R.VOLUNTEER, *OFFICERS],
    change=[*OFFICERS],
)
register(
    "registry.organisation",
    description=_("Organisations and their members"),
    view=[R.MEMBER, R.ORG_OFFICER, R.VOLUNTEER, *OFFICERS, R.AUDITOR],
    change=[R.ORG_OFFICER, *OFFICERS],
)
register(
    "registry.village",
    description=_("Villages (หมู่บ้าน) under subdistricts"),
    view=[R.VOLUNTEER, *OFFICERS],
    change=[*OFFICERS],
)
register(
    "registry.duplicates",
    description=_("Likely duplicate persons and merging them"),
    view=[*OFFICERS],
    change=[*OFFICERS],
)
register(
    "registry.citizen_id",
    description=_("Full citizen IDs (each reveal is audit-logged)"),
    reveal=[*OFFICERS],
)
register(
    "registry.data",
    description=_("Importing and exporting registry files (exports are audit-logged)"),
    export=[*OFFICERS],
    **{"import": [*OFFICERS]},
)
register(
    "registry.summary",
    description=_("The registry summary panel on an area officer's home page"),
    view=[R.DISTRICT_OFFICER, R.PROVINCIAL_OFFICER],
)
