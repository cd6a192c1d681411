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


# Handy groups for permission declarations.
OFFICERS = (Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER, Role.NATIONAL_MANAGER)
AREA_ROLES = (Role.VOLUNTEER, Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER, Role.AUDITOR)
EVERYONE = tuple(Role)
STAFF = (Role.ORG_OFFICER, Role.VOLUNTEER, *OFFICERS, Role.AUDITOR)
