"""Reading a group's paper books from CSV or Excel: members, their balances and open loans.

One row per member; a member with a second open loan gets another row with the same member_no and
only the loan columns filled. Every problem names the row and the column; nothing is written unless
the whole file is right (`actions.fund_import` is atomic).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.utils.translation import gettext_lazy as _

from thanrak.core import citizen_id as cid
from thanrak.core.money import InvalidAmount, parse_baht
from thanrak.core.tabular import Issue, Table, TableError, bound_issues, read_table, write_csv
from thanrak.core.thai import from_thai_digits
from thanrak.finance.schedules import Frequency, Method

REQUIRED = ("member_no", "citizen_id", "first_name", "last_name")
OPTIONAL = (
    "title",
    "sex",
    "birth_date",
    "area_code",
    "joined_on",
    "sajja",
    "deposits",
    "shares",
    "loan_no",
    "loan_outstanding",
    "loan_rate_percent",
    "loan_installments_left",
    "loan_method",
    "loan_frequency",
    "loan_next_due_date",
    "loan_disbursed_on",
)
LOAN_COLUMNS = OPTIONAL[8:]

# What each column means, for the page and the template file.
COLUMN_HELP = {
    "member_no": _("Member number in the paper book"),
    "citizen_id": _("13-digit citizen ID"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "title": _("Title (นาย, นาง, นางสาว)"),
    "sex": _("M or F"),
    "birth_date": _("Birth date, YYYY-MM-DD"),
    "area_code": _("Village code (8 digits), for people not yet in the registry"),
    "joined_on": _("Joined on, YYYY-MM-DD"),
    "sajja": _("Sajja savings held (baht)"),
    "deposits": _("Deposits held (baht)"),
    "shares": _("Shares held (baht)"),
    "loan_no": _("Loan number in the paper book"),
    "loan_outstanding": _("Principal still owed (baht)"),
    "loan_rate_percent": _("Interest, per cent a year"),
    "loan_installments_left": _("Installments left"),
    "loan_method": _("flat, declining_installment, declining_principal or bullet"),
    "loan_frequency": _("monthly, quarterly, semiannual or annual"),
    "loan_next_due_date": _("Next installment due, YYYY-MM-DD"),
    "loan_disbursed_on": _("Paid out on, YYYY-MM-DD"),
}


@dataclass
class LoanRow:
    number: str
    outstanding_satang: int
    rate_bp: int
    periods: int
    method: str
    frequency: str
    next_due_date: dt.date
    disbursed_on: dt.date | None


@dataclass
class MemberRow:
    row: int
    member_no: str
    citizen_id: str
    person: dict[str, object]
    joined_on: dt.date | None
    sajja_satang: int = 0
    deposits_satang: int = 0
    shares_satang: int = 0
    loans: list[tuple[int, LoanRow]] = field(default_factory=list)


class ImportRejected(Exception):
    """The file has problems; `issues` names each row and column."""

    def __init__(self, issues: list[Issue]):
        self.issues = bound_issues(issues)
        super().__init__("; ".join(i.en for i in issues[:5]))


def template_csv() -> bytes:
    """An empty file with the columns and one example row."""
    example = [
        "12",
        "3100100123456",
        "สมศรี",
        "ใจงาม",
        "นาง",
        "F",
        "1975-03-02",
        "56010101",
        "2018-01-15",
        "12,000",
        "500",
        "1,000",
        "2567-0031",
        "8,000",
        "6",
        "8",
        "declining_principal",
        "monthly",
        "2026-12-05",
        "2026-04-05",
    ]
    return write_csv([*REQUIRED, *OPTIONAL], [example])


def _date(text: str, row: int, column: str, issues: list[Issue]) -> dt.date | None:
    text = from_thai_digits(text).strip()
    if not text:
        return None
    try:
        value = dt.date.fromisoformat(text[:10])
    except ValueError:
        issues.append(Issue(row, column, _("Write the date as YYYY-MM-DD in the Christian era.")))
        return None
    if value.year > 2400:
        issues.append(Issue(row, column, _("This looks like a Buddhist-era year: subtract 543.")))
        return None
    return value


def _baht(text: str, row: int, column: str, issues: list[Issue]) -> int:
    if not text.strip():
        return 0
    try:
        return parse_baht(text)
    except InvalidAmount:
        issues.append(Issue(row, column, _("Write an amount in baht, not negative, at most two decimals.")))
        return 0


def parse(source: IO[bytes] | bytes, *, max_bytes: int | None = None) -> list[MemberRow]:  # noqa: C901
    """Read and check the file; raise ImportRejected with every problem found, or TableError."""
    try:
        table: Table = read_table(source, required=REQUIRED, optional=OPTIONAL, max_bytes=max_bytes)
    except TableError as exc:
        raise ImportRejected(exc.issues) from exc
    issues: list[Issue] = []
    members: dict[str, MemberRow] = {}
    seen_ids: dict[str, str] = {}
    seen_loans: set[str] = set()
    for number, values in table.rows:
        member_no = " ".join(values.get("member_no", "").split())
        if not member_no:
            issues.append(Issue(number, "member_no", _("The member number is required.")))
            continue
        raw_id = values.get("citizen_id", "")
        try:
            citizen = cid.clean(raw_id)
        except cid.InvalidCitizenId:
            issues.append(
                Issue(number, "citizen_id", _("The citizen ID must be 13 digits with a correct check digit."))
            )
            continue
        existing = members.get(member_no)
        balances = [values.get(c, "").strip() for c in ("sajja", "deposits", "shares")]
        if existing is not None:
            if existing.citizen_id != citizen:
                issues.append(
                    Issue(
                        number,
                        "citizen_id",
                        _("Member %(no)s appears with another citizen ID."),
                        {"no": member_no},
                    )
                )
                continue
            if any(balances):
                issues.append(
                    Issue(
                        number,
                        "sajja",
                        _("Balances go on the member's first row only; later rows carry only another loan."),
                    )
                )
                continue
            member = existing
        else:
            if citizen in seen_ids:
                issues.append(
                    Issue(
                        number,
                        "citizen_id",
                        _("This citizen ID is also member %(no)s."),
                        {"no": seen_ids[citizen]},
                    )
                )
                continue
            seen_ids[citizen] = member_no
            person = {
                "citizen_id": citizen,
                "first_name": values.get("first_name", "").strip(),
                "last_name": values.get("last_name", "").strip(),
                "title": values.get("title", "").strip(),
                "sex": values.get("sex", "").strip().upper(),
                "birth_date": _date(values.get("birth_date", ""), number, "birth_date", issues),
                "area_code": from_thai_digits(values.get("area_code", "")).strip(),
            }
            if not person["first_name"]:
                issues.append(Issue(number, "first_name", _("The first name is required.")))
            member = MemberRow(
                row=number,
                member_no=member_no,
                citizen_id=citizen,
                person=person,
                joined_on=_date(values.get("joined_on", ""), number, "joined_on", issues),
                sajja_satang=_baht(balances[0], number, "sajja", issues),
                deposits_satang=_baht(balances[1], number, "deposits", issues),
                shares_satang=_baht(balances[2], number, "shares", issues),
            )
            members[member_no] = member
        loan = _loan(values, number, issues, seen_loans)
        if loan is not None:
            member.loans.append((number, loan))
    if issues:
        raise ImportRejected(issues)
    return list(members.values())


def _loan(values: dict[str, str], row: int, issues: list[Issue], seen: set[str]) -> LoanRow | None:  # noqa: C901
    if not any(values.get(c, "").strip() for c in LOAN_COLUMNS):
        return None
    start = len(issues)
    number = values.get("loan_no", "").strip()
    if not number:
        issues.append(Issue(row, "loan_no", _("Give the loan's number from the paper book.")))
    elif number in seen:
        issues.append(Issue(row, "loan_no", _("Loan %(no)s appears twice."), {"no": number}))
    seen.add(number)
    outstanding = _baht(values.get("loan_outstanding", ""), row, "loan_outstanding", issues)
    if outstanding <= 0 and len(issues) == start:
        issues.append(Issue(row, "loan_outstanding", _("An open loan owes more than zero.")))
    rate_text = from_thai_digits(values.get("loan_rate_percent", "")).strip().rstrip("%").strip()
    rate_bp = -1
    try:
        bp = Decimal(rate_text) * 100
        if bp.is_finite() and bp == bp.to_integral_value() and 0 <= bp <= 10_000:
            rate_bp = int(bp)
    except InvalidOperation:
        pass
    if rate_bp < 0:
        issues.append(Issue(row, "loan_rate_percent", _("Write the yearly interest in per cent, such as 6.")))
    periods_text = from_thai_digits(values.get("loan_installments_left", "")).strip()
    periods = int(periods_text) if periods_text.isdigit() else 0
    if not 1 <= periods <= 600:
        issues.append(
            Issue(row, "loan_installments_left", _("Write how many installments are left (1 or more)."))
        )
    method = values.get("loan_method", "").strip() or Method.DECLINING_PRINCIPAL.value
    if method not in Method.__members__.values():
        issues.append(
            Issue(
                row,
                "loan_method",
                _("Unknown method: use flat, declining_installment, declining_principal or bullet."),
            )
        )
    frequency = values.get("loan_frequency", "").strip() or Frequency.MONTHLY.value
    if frequency not in Frequency.__members__.values():
        issues.append(
            Issue(
                row, "loan_frequency", _("Unknown frequency: use monthly, quarterly, semiannual or annual.")
            )
        )
    next_due = _date(values.get("loan_next_due_date", ""), row, "loan_next_due_date", issues)
    if next_due is None and not any(i.column == "loan_next_due_date" and i.row == row for i in issues):
        issues.append(Issue(row, "loan_next_due_date", _("Give the date the next installment is due.")))
    disbursed = _date(values.get("loan_disbursed_on", ""), row, "loan_disbursed_on", issues)
    if len(issues) > start or next_due is None:
        return None
    return LoanRow(number, outstanding, rate_bp, periods, method, frequency, next_due, disbursed)
