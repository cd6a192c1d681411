"""Who may use which learning resource; rows are further limited by the models' `Visibility`."""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import OFFICERS, Role
from thanrak.core.access import register

R = Role

register(
    "learning.course",
    description=_("Training courses, their batches and sessions"),
    view=[R.ORG_OFFICER, R.VOLUNTEER, *OFFICERS, R.AUDITOR],
    change=[R.ORG_OFFICER, *OFFICERS],
)
register(
    "learning.enrolment",
    description=_("Enrolling people in a batch, the waiting list"),
    view=[R.ORG_OFFICER, R.VOLUNTEER, *OFFICERS, R.AUDITOR],
    change=[R.ORG_OFFICER, R.VOLUNTEER, *OFFICERS],
    **{"import": [R.ORG_OFFICER, *OFFICERS]},
)
register(
    "learning.attendance",
    description=_("Attendance lists and QR check-in (the trainer's phone)"),
    view=[R.ORG_OFFICER, R.VOLUNTEER, *OFFICERS, R.AUDITOR],
    change=[R.ORG_OFFICER, R.VOLUNTEER, *OFFICERS],
)
register(
    "learning.certificate",
    description=_("Scores and certificates of completion"),
    view=[R.ORG_OFFICER, R.VOLUNTEER, *OFFICERS, R.AUDITOR],
    change=[R.ORG_OFFICER, *OFFICERS],
)
register(
    "learning.own",
    description=_("A participant's own trainings, check-in codes and certificates"),
    view=[R.MEMBER],
)
