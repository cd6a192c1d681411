"""Who may use which finance resource; rows are further limited by each model's `visible_to`.

Treasurers and chairs (organisation officers) keep their own organisations' books; members see
only their own accounts; auditors read books and logs in their area; district and provincial
officers read roll-ups and books in their area and help set funds up; the national manager sees all.
"""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role
from thanrak.core.access import register

R = Role
AREA_OFFICERS = (R.DISTRICT_OFFICER, R.PROVINCIAL_OFFICER)
READERS = (R.ORG_OFFICER, *AREA_OFFICERS, R.AUDITOR, R.NATIONAL_MANAGER)
KEEPERS = (R.ORG_OFFICER, R.NATIONAL_MANAGER)
SETUP = (R.ORG_OFFICER, *AREA_OFFICERS, R.NATIONAL_MANAGER)

register(
    "finance.fund",
    description=_("Funds, their books and bylaws"),
    view=[R.MEMBER, *READERS],
    change=[*SETUP],
)
register(
    "finance.member",
    description=_("Fund members and their passbooks"),
    view=[R.MEMBER, *READERS],
    change=[*SETUP],
    export=[*KEEPERS, *AREA_OFFICERS],
    **{"import": [*SETUP]},
)
register(
    "finance.ledger",
    description=_("Journal, accounts and financial statements"),
    view=[*READERS],
    change=[*KEEPERS],
)
register(
    "finance.savings",
    description=_("Sajja savings, deposits, shares and welfare benefits"),
    view=[R.MEMBER, *READERS],
    change=[*KEEPERS],
)
register(
    "finance.loan",
    description=_("Loan applications, approvals, payouts, repayments and restructuring"),
    view=[R.MEMBER, *READERS],
    change=[*KEEPERS],
    approve=[*KEEPERS],
)
register(
    "finance.arrears",
    description=_("Arrears, aging buckets, portfolio at risk and the follow-up list"),
    view=[*READERS],
)
register(
    "finance.yearend",
    description=_("Year-end dividends, patronage refunds and allocations"),
    view=[R.MEMBER, *READERS],
    change=[*KEEPERS],
)
register(
    "finance.rollup",
    description=_("Roll-ups of funds by village, subdistrict, district, province and nation"),
    view=[*AREA_OFFICERS, R.AUDITOR, R.NATIONAL_MANAGER],
)
register(
    "finance.household_debts",
    description=_("A household's debts across all funds"),
    view=[R.MEMBER, *AREA_OFFICERS, R.NATIONAL_MANAGER],
)
register(
    "finance.own",
    description=_("A member's own savings, loans and dividends"),
    view=[R.MEMBER],
)
register(
    "finance.tools",
    description=_("The loan calculator"),
    view=[R.MEMBER, *READERS],
)
