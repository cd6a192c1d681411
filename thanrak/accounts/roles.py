"""The personas of the architecture are the roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUYER = "BUYER", _("Buyer")
    MEMBER = "MEMBER", _("Member")
    ORG_OFFICER = "ORG_OFFICER", _("Organisation officer")
    VOLUNTEER = "VOLUNTEER", _("Volunteer / collector")
    DISTRICT_OFFICER = "DISTRICT_OFFICER", _("District officer")
    PROVINCIAL_OFFICER = "PROVINCIAL_OFFICER", _("Provincial officer")
    NATIONAL_MANAGER = "NATIONAL_MANAGER", _("National manager")
    AUDITOR = "AUDITOR", _("Auditor")


# Handy groups for permission and scope declarations (one place: apps import these, never spell
# the tuples out again).
OFFICERS = (Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER, Role.NATIONAL_MANAGER)
# Everyone who works in areas: field staff, officers and the auditor.
AREA_ROLES = (Role.VOLUNTEER, Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER, Role.AUDITOR)
# Field staff: see people and households of their areas (the auditor reads books, not people).
AREA_STAFF = (Role.VOLUNTEER, Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER)
# Officers and the auditor: read the books and reports of their areas (volunteers do not).
AREA_READERS = (Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER, Role.AUDITOR)
EVERYONE = tuple(Role)
STAFF = (Role.ORG_OFFICER, Role.VOLUNTEER, *OFFICERS, Role.AUDITOR)
