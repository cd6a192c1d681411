"""Who may do what with community assets. Rows are scoped by each QuerySet's Visibility; changes also
check that the user manages the row (the owning organisation, or an officer of its area)."""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role
from thanrak.core.access import register

AREA_MANAGERS = [Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER, Role.NATIONAL_MANAGER]
MANAGERS = [Role.ORG_OFFICER, *AREA_MANAGERS]
READERS = [*MANAGERS, Role.VOLUNTEER, Role.AUDITOR]

register(
    "assets.forest",
    description=_("Community forests: register, boundary, committee, members, plans, subsidies, incidents"),
    view=READERS,
    change=MANAGERS,
    export=[*MANAGERS, Role.AUDITOR],
)
register(
    "assets.equipment",
    description=_("Shared machinery and equipment of an organisation, its fee and condition"),
    view=[Role.MEMBER, *MANAGERS, Role.AUDITOR],
    change=MANAGERS,
    export=[*MANAGERS, Role.AUDITOR],
)
register(
    "assets.booking",
    description=_("Bookings of shared equipment, check-out and check-in, fees"),
    view=[Role.MEMBER, *MANAGERS, Role.AUDITOR],
    change=[Role.MEMBER, *MANAGERS],
    approve=MANAGERS,
)
register(
    "assets.land",
    description=_("Land plots allocated to households and housing units built or repaired"),
    view=[Role.VOLUNTEER, *AREA_MANAGERS],
    change=AREA_MANAGERS,
    export=AREA_MANAGERS,
)
register(
    "assets.site",
    description=_("Sites of โคก หนอง นา (community and household lab models), their shapes and dates"),
    view=READERS,
    change=MANAGERS,
    export=[*MANAGERS, Role.AUDITOR],
)
register(
    "assets.photo",
    description=_(
        "Photos of equipment, damage, patrols and housing stages: each served only to who may see its record"
    ),
    view=[Role.MEMBER, Role.VOLUNTEER, Role.AUDITOR, *MANAGERS],
)
