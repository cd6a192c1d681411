"""Who may use notify: members their own channels and consent; officers read the outbox of their
organisations or areas; the national manager edits the templates; organisation officers turn kinds off."""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_READERS, Role
from thanrak.core.access import register

R = Role

register(
    "notify.own",
    description=_("My notification channels, consent and what I receive"),
    view=[R.MEMBER],
    change=[R.MEMBER],
)
register(
    "notify.outbox",
    description=_("Messages sent to people: to whom, why and what happened"),
    view=[R.ORG_OFFICER, *AREA_READERS, R.NATIONAL_MANAGER],
)
register(
    "notify.template",
    description=_("The texts of the messages"),
    view=[R.NATIONAL_MANAGER],
    change=[R.NATIONAL_MANAGER],
)
register(
    "notify.kinds",
    description=_("Kinds of message turned off for an organisation"),
    view=[R.ORG_OFFICER, R.NATIONAL_MANAGER],
    change=[R.ORG_OFFICER, R.NATIONAL_MANAGER],
)
