"""The chart of accounts every book starts from (5-digit codes after the VF accounting manual).

`role` is what the actions post to; codes and names may be read by people, roles by code.
"""

from dataclasses import dataclass

from thanrak.finance.models import AccountType

A, L, E, INC, X = (
    AccountType.ASSET,
    AccountType.LIABILITY,
    AccountType.EQUITY,
    AccountType.INCOME,
    AccountType.EXPENSE,
)


class Roles:
    CASH = "cash"
    BANK = "bank"
    LOANS = "loans"
    ACCRUED_INTEREST = "accrued_interest"
    SAJJA = "sajja"
    DEPOSITS = "deposits"
    DIVIDENDS_PAYABLE = "dividends_payable"
    REFUNDS_PAYABLE = "refunds_payable"
    COMMITTEE_PAYABLE = "committee_payable"
    SHARES = "shares"
    CAPITAL = "capital"
    RESERVE = "reserve"
    WELFARE_RESERVE = "welfare_reserve"
    PUBLIC_BENEFIT = "public_benefit"
    RETAINED = "retained"
    INTEREST_INCOME = "interest_income"
    PENALTY_INCOME = "penalty_income"
    FEE_INCOME = "fee_income"
    CONTRIBUTION_INCOME = "contribution_income"
    BANK_INTEREST = "bank_interest"
    GRANT_INCOME = "grant_income"
    OPERATING_EXPENSE = "operating_expense"
    DEPOSIT_INTEREST = "deposit_interest"
    WELFARE_EXPENSE = "welfare_expense"
    BAD_DEBT = "bad_debt"


@dataclass(frozen=True)
class AccountTemplate:
    code: str
    name_th: str
    name_en: str
    type: str
    role: str
    per_member: bool = False
    no_negative: bool = False


STANDARD_CHART: tuple[AccountTemplate, ...] = (
    AccountTemplate("11101", "เงินสด", "Cash on hand", A, Roles.CASH, no_negative=True),
    AccountTemplate("11201", "เงินฝากธนาคาร", "Bank deposits", A, Roles.BANK, no_negative=True),
    AccountTemplate("11301", "ลูกหนี้เงินกู้", "Loans to members", A, Roles.LOANS, per_member=True),
    AccountTemplate(
        "11302", "ดอกเบี้ยเงินกู้ค้างรับ", "Accrued loan interest receivable", A, Roles.ACCRUED_INTEREST
    ),
    AccountTemplate("21101", "เงินสัจจะสะสม", "Members' sajja savings", L, Roles.SAJJA, per_member=True),
    AccountTemplate("21102", "เงินฝากสมาชิก", "Members' deposits", L, Roles.DEPOSITS, per_member=True),
    AccountTemplate(
        "21201", "เงินปันผลค้างจ่าย", "Dividends payable", L, Roles.DIVIDENDS_PAYABLE, per_member=True
    ),
    AccountTemplate(
        "21202", "เงินเฉลี่ยคืนค้างจ่าย", "Patronage refunds payable", L, Roles.REFUNDS_PAYABLE, per_member=True
    ),
    AccountTemplate(
        "21203", "ค่าตอบแทนกรรมการค้างจ่าย", "Committee remuneration payable", L, Roles.COMMITTEE_PAYABLE
    ),
    AccountTemplate("31101", "ทุนเรือนหุ้น", "Members' shares", E, Roles.SHARES, per_member=True),
    AccountTemplate("31201", "ทุนจากรัฐบาลและผู้สนับสนุน", "Capital from government and donors", E, Roles.CAPITAL),
    AccountTemplate("31301", "ทุนสำรอง", "Reserve", E, Roles.RESERVE),
    AccountTemplate("31302", "ทุนสวัสดิการ", "Welfare reserve", E, Roles.WELFARE_RESERVE),
    AccountTemplate("31303", "ทุนสาธารณประโยชน์", "Public benefit reserve", E, Roles.PUBLIC_BENEFIT),
    AccountTemplate("31401", "กำไรสะสม", "Retained earnings", E, Roles.RETAINED),
    AccountTemplate("41101", "ดอกเบี้ยรับจากเงินกู้", "Loan interest", INC, Roles.INTEREST_INCOME),
    AccountTemplate("41102", "ค่าปรับรับ", "Penalties", INC, Roles.PENALTY_INCOME),
    AccountTemplate("41103", "ค่าธรรมเนียมรับ", "Fees", INC, Roles.FEE_INCOME),
    AccountTemplate("41104", "เงินสมทบสวัสดิการ", "Welfare contributions", INC, Roles.CONTRIBUTION_INCOME),
    AccountTemplate("41201", "ดอกเบี้ยเงินฝากธนาคาร", "Bank interest", INC, Roles.BANK_INTEREST),
    AccountTemplate("41301", "เงินอุดหนุนและบริจาค", "Grants and donations", INC, Roles.GRANT_INCOME),
    AccountTemplate("51101", "ค่าใช้จ่ายดำเนินงาน", "Operating expenses", X, Roles.OPERATING_EXPENSE),
    AccountTemplate("51201", "ดอกเบี้ยจ่ายเงินฝาก", "Interest paid on deposits", X, Roles.DEPOSIT_INTEREST),
    AccountTemplate("51301", "สวัสดิการจ่ายแก่สมาชิก", "Welfare benefits paid", X, Roles.WELFARE_EXPENSE),
    AccountTemplate("51401", "หนี้สูญ", "Bad debts", X, Roles.BAD_DEBT),
)

# The roles a person may choose in a manual entry (everything else is posted by its own action).
MANUAL_ROLES = (
    Roles.CASH,
    Roles.BANK,
    Roles.CAPITAL,
    Roles.RESERVE,
    Roles.WELFARE_RESERVE,
    Roles.PUBLIC_BENEFIT,
    Roles.RETAINED,
    Roles.COMMITTEE_PAYABLE,
    Roles.FEE_INCOME,
    Roles.BANK_INTEREST,
    Roles.GRANT_INCOME,
    Roles.OPERATING_EXPENSE,
    Roles.DEPOSIT_INTEREST,
)
