"""The only code that writes finance data. Every action is keyword-only, atomic and durable.

Postings lock the fund's row first (then the loan's), so two treasurers recording at the same
moment are serialised, the idempotency key is checked under the lock and the books always
balance. A request repeated with the same key returns what the first one did.

One module per part of the work: funds, members, savings, ledger, loans (application to payout),
loan_servicing (repayments, restructuring), month_end, year_end, paper_books; _common holds the
refusals and the checks they share.
"""

from thanrak.finance.actions._common import (
    MEMBER_ROLE_OF_KIND,
    CannotApplyForLoan,
    CannotChangeBylaw,
    CannotClosePeriod,
    CannotDecideLoan,
    CannotDisburseLoan,
    CannotEnrol,
    CannotOpenFund,
    CannotRepayLoan,
    CannotRestructureLoan,
    CannotReverse,
    CannotSave,
    NotYourFund,
)
from thanrak.finance.actions.funds import (
    AGING_PRESETS,
    BYLAW_FIELDS,
    DEFAULT_BOOK,
    BookSpec,
    aging_buckets_set,
    book_add,
    bylaw_amend,
    fund_basis_set,
    fund_open,
)
from thanrak.finance.actions.ledger import NOT_REVERSIBLE, journal_post_manual, journal_reverse, period_close
from thanrak.finance.actions.loan_servicing import loan_repay, loan_restructure
from thanrak.finance.actions.loans import loan_apply, loan_decide, loan_disburse
from thanrak.finance.actions.members import (
    NOT_IN_THE_FUNDS_AREA,
    citizen_id_lookup_for_enrolment,
    fund_member_enrol,
    fund_member_enrol_by_citizen_id,
    fund_member_leave,
)
from thanrak.finance.actions.month_end import (
    ACCRUAL_SQL_PARTS,
    ACCRUAL_TARGET_SQL,
    MONTH_END_SQL_POSTGRES,
    MONTH_END_SQL_SQLITE,
    AccrualResult,
    MonthEndSummary,
    accrual_key,
    interest_accrue,
    month_end_close,
    month_end_run,
)
from thanrak.finance.actions.paper_books import ImportResult, fund_import
from thanrak.finance.actions.savings import (
    CollectItem,
    savings_collect,
    savings_deposit,
    savings_withdraw,
    welfare_benefit_pay,
)
from thanrak.finance.actions.year_end import ALLOCATION_ROLES, year_end_pay_out, year_end_post
from thanrak.finance.posting import CannotPost
from thanrak.finance.schedules import add_months
from thanrak.finance.year_end_plan import CannotCloseYear

__all__ = [
    "CannotCloseYear",
    "CannotPost",
    "add_months",
    "ACCRUAL_SQL_PARTS",
    "ACCRUAL_TARGET_SQL",
    "AGING_PRESETS",
    "ALLOCATION_ROLES",
    "AccrualResult",
    "BYLAW_FIELDS",
    "BookSpec",
    "CannotApplyForLoan",
    "CannotChangeBylaw",
    "CannotClosePeriod",
    "CannotDecideLoan",
    "CannotDisburseLoan",
    "CannotEnrol",
    "CannotOpenFund",
    "CannotRepayLoan",
    "CannotRestructureLoan",
    "CannotReverse",
    "CannotSave",
    "CollectItem",
    "DEFAULT_BOOK",
    "ImportResult",
    "MEMBER_ROLE_OF_KIND",
    "MONTH_END_SQL_POSTGRES",
    "MONTH_END_SQL_SQLITE",
    "MonthEndSummary",
    "NOT_IN_THE_FUNDS_AREA",
    "NOT_REVERSIBLE",
    "NotYourFund",
    "accrual_key",
    "aging_buckets_set",
    "book_add",
    "bylaw_amend",
    "citizen_id_lookup_for_enrolment",
    "fund_basis_set",
    "fund_import",
    "fund_member_enrol",
    "fund_member_enrol_by_citizen_id",
    "fund_member_leave",
    "fund_open",
    "interest_accrue",
    "journal_post_manual",
    "journal_reverse",
    "loan_apply",
    "loan_decide",
    "loan_disburse",
    "loan_repay",
    "loan_restructure",
    "month_end_close",
    "month_end_run",
    "period_close",
    "savings_collect",
    "savings_deposit",
    "savings_withdraw",
    "welfare_benefit_pay",
    "year_end_pay_out",
    "year_end_post",
]
