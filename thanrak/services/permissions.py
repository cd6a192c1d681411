"""Who may use which services resource; rows are further limited by each model's `visible_to`.

Area officers open and move cases in their areas; volunteers and advisers (who log in as
volunteers) too, for their areas and the cases assigned to them. A partner agency's staff log in as
organisation officers linked to the agency and answer its referral queue, reading only what each
referral carries, masked unless the person consented. A member sees the cases about themself.
"""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role
from thanrak.core.access import register

R = Role
AREA_OFFICERS = (R.DISTRICT_OFFICER, R.PROVINCIAL_OFFICER, R.NATIONAL_MANAGER)
FIELD = (R.VOLUNTEER, *AREA_OFFICERS)

register(
    "services.case",
    description=_("One-stop cases: intake, steps, outcome; consent to share"),
    view=[R.MEMBER, R.ORG_OFFICER, *FIELD, R.AUDITOR],
    change=FIELD,
    export=AREA_OFFICERS,
    **{"import": AREA_OFFICERS},
)
register(
    "services.referral",
    description=_("Referrals to partner agencies: sending, the agency's queue and answers"),
    view=[R.ORG_OFFICER, *FIELD],
    change=FIELD,
    approve=[R.ORG_OFFICER, R.NATIONAL_MANAGER],
)
register(
    "services.agency",
    description=_("The directory of partner agencies and their services"),
    view=[R.ORG_OFFICER, *FIELD, R.AUDITOR],
    change=[R.PROVINCIAL_OFFICER, R.NATIONAL_MANAGER],
    export=AREA_OFFICERS,
    **{"import": [R.NATIONAL_MANAGER]},
)
register(
    "services.helper",
    description=_("The directory of advisers and volunteers: kinds, expertise, areas, availability"),
    view=[*FIELD, R.AUDITOR],
    change=AREA_OFFICERS,
    export=AREA_OFFICERS,
    **{"import": AREA_OFFICERS},
)
register(
    "services.development",
    description=_("Product development cases towards OTOP stars, มผช., อย. or GI"),
    view=[R.ORG_OFFICER, *FIELD, R.AUDITOR],
    change=[R.VOLUNTEER, *AREA_OFFICERS],
)
register(
    "services.caseload",
    description=_("Household caseloads of volunteers: target households, visits, improvement"),
    view=[*FIELD, R.AUDITOR],
    change=FIELD,
    approve=AREA_OFFICERS,
)
