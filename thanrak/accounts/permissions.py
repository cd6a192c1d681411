from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import OFFICERS, Role
from thanrak.core.access import register

register(
    "accounts.audit_log",
    description=_("Audit log of reveals, exports, imports and merges in the user's area"),
    view=[*OFFICERS, Role.AUDITOR],
)
