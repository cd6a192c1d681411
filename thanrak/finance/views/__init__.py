"""Finance pages, one module per part of the work. Each view parses input, makes one call into actions
or queries, and shows the result; refusals (DomainError) become messages next to the field at fault.
Rows the viewer may not see are 404 and acts outside their funds or areas 403 (core.access.require)."""

from thanrak.finance.views.arrears import (
    arrears,
)
from thanrak.finance.views.funds import (
    aging_set,
    book_list,
    bylaw_list,
    fund_basis,
    fund_create,
    fund_detail,
    fund_list,
)
from thanrak.finance.views.imports import (
    fund_import,
)
from thanrak.finance.views.ledger import (
    account_ledger,
    entry_create,
    entry_detail,
    journal,
    month_end,
    period_close,
    statements,
)
from thanrak.finance.views.loans import (
    approvals,
    calculator,
    loan_create,
    loan_decide,
    loan_detail,
    loan_disburse,
    loan_list,
    loan_repay,
    loan_restructure,
    repayments,
)
from thanrak.finance.views.members import (
    member_detail,
    member_export,
    member_leave,
    member_list,
    member_passbook_pdf,
    savings_collect,
    savings_missed,
    savings_record,
    welfare_pay,
)
from thanrak.finance.views.panels import (
    household_debts,
    organisation_panel,
    panel_member,
    panel_treasurer,
    person_panel,
)
from thanrak.finance.views.rollups import (
    my_accounts,
    rollup,
)
from thanrak.finance.views.yearend import (
    year_end,
    year_end_detail,
)

__all__ = [
    "fund_list",
    "fund_create",
    "fund_detail",
    "bylaw_list",
    "fund_basis",
    "aging_set",
    "book_list",
    "member_list",
    "member_export",
    "member_detail",
    "member_passbook_pdf",
    "savings_record",
    "welfare_pay",
    "member_leave",
    "savings_collect",
    "savings_missed",
    "loan_list",
    "loan_create",
    "calculator",
    "loan_detail",
    "loan_decide",
    "loan_disburse",
    "loan_repay",
    "loan_restructure",
    "approvals",
    "repayments",
    "arrears",
    "journal",
    "entry_create",
    "entry_detail",
    "account_ledger",
    "statements",
    "period_close",
    "month_end",
    "year_end",
    "year_end_detail",
    "fund_import",
    "rollup",
    "my_accounts",
    "panel_treasurer",
    "panel_member",
    "household_debts",
    "person_panel",
    "organisation_panel",
]
