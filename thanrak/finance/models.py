"""Community funds on a double-entry ledger: funds, bylaws, books, accounts, journal, savings, loans.

Money is integer satang (fields end in `_satang`); rates are basis points (`_bp`, 500 = 5 %).
Balances come from the journal: every member's savings, every loan's principal and every fund's
cash are sums of journal lines. The cached `LedgerAccount.balance_satang` is kept by the posting
code under the fund's row lock and checked against the lines by the invariant tests.
"""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanrak.accounts.roles import AREA_READERS, Role
from thanrak.accounts.scope import ScopedQuerySet, Visibility, scope_of
from thanrak.finance.schedules import Frequency, Method
from thanrak.registry.models import Organisation, Person


class FundKind(models.TextChoices):
    VILLAGE_FUND = "VILLAGE_FUND", _("Village and urban community fund")
    SAVINGS_GROUP = "SAVINGS_GROUP", _("Savings group for production")
    SAJJA_GROUP = "SAJJA_GROUP", _("Sajja savings group")
    WOMENS_FUND = "WOMENS_FUND", _("Women's development fund group")
    PEOPLES_FINANCIAL_INSTITUTION = "PEOPLES_FINANCIAL_INSTITUTION", _("People's financial institution")
    POVERTY_FUND = "POVERTY_FUND", _("Poverty alleviation fund (KKKJ)")
    COMMUNITY_FUND_CENTRE = "COMMUNITY_FUND_CENTRE", _("Community fund management centre")
    WELFARE = "WELFARE", _("Community welfare fund")


class AgingPreset(models.TextChoices):
    BOT = "BOT", _("Bank of Thailand tiers")
    DAYS = "DAYS", _("1–30 / 31–90 / 91–180 / 181–365 / over 365 days")
    TFRS9 = "TFRS9", _("TFRS 9 stages (30 / 90 days)")
    CUSTOM = "CUSTOM", _("Set by the fund")


class FundQuerySet(ScopedQuerySet["Fund"]):
    """Officers of the organisation see its funds; area officers and auditors the funds in their
    areas; a member the funds they belong to; the national manager everything."""

    visibility = Visibility(
        area="area_code",
        area_roles=AREA_READERS,
        organisation="organisation_id",
        person=lambda scope: Exists(
            FundMember.objects.filter(fund=OuterRef("pk"), person_id=scope.person_id)
        ),
    )

    def managed_by(self, user: object) -> Self:
        """Funds whose books the user keeps: their organisations' funds (everything for the national
        manager)."""
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.role == Role.ORG_OFFICER:
            return self.filter(scope.organisation_q("organisation_id"))
        return self.none()


class Fund(models.Model):
    """A fund run by an organisation; its money sources are separate books."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funds", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=FundKind.choices)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    # The organisation's area when the fund was opened; scopes area officers and roll-ups.
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    can_lend = models.BooleanField(_("may lend"), default=True)
    fiscal_year_start_month = models.PositiveSmallIntegerField(_("fiscal year starts in month"), default=1)
    opened_on = models.DateField(_("opened on"))
    # Entries dated on or before this day are refused (the books are closed through it).
    closed_through = models.DateField(_("books closed through"), null=True, blank=True)
    aging_preset = models.CharField(
        _("arrears buckets"), max_length=8, choices=AgingPreset.choices, default=AgingPreset.BOT
    )
    # Cash basis (the default, as the village-fund accounting manual teaches): loan interest is income
    # when it is paid. On an accrual basis the month-end run also books the interest earned but not yet
    # received (accrued interest receivable / interest income), one adjusting entry per book a month.
    accrual_basis = models.BooleanField(_("interest on an accrual basis"), default=False, db_default=False)
    loan_seq = models.PositiveIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FundKind.values), name="fund_kind_known"),
            models.CheckConstraint(
                condition=~Q(kind=FundKind.WELFARE) | Q(can_lend=False), name="fund_welfare_never_lends"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="fund_fiscal_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^[0-9]{6}([0-9]{2})?$"), name="fund_area_code_format"
            ),
            models.UniqueConstraint(fields=["organisation", "name_th"], name="fund_name_unique_in_org"),
        ]

    def __str__(self) -> str:
        return self.name_th


class BookSource(models.TextChoices):
    GENERAL = "GENERAL", _("General")
    SEED_CAPITAL = "SEED_CAPITAL", _("Original government capital (the 1 million baht)")
    TOP_UP = "TOP_UP", _("Top-up capital")
    MEMBER_SAVINGS = "MEMBER_SAVINGS", _("Members' savings")
    GRANT = "GRANT", _("Grant")
    BANK_LOAN = "BANK_LOAN", _("Borrowed from a bank to on-lend")
    WELFARE = "WELFARE", _("Welfare")


class Book(models.Model):
    """A money source kept apart: its own accounts, its own entries, balancing on its own."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="books", verbose_name=_("fund"))
    code = models.SlugField(_("code"), max_length=20)
    name_th = models.CharField(_("Thai name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    source = models.CharField(_("money source"), max_length=16, choices=BookSource.choices)
    is_default = models.BooleanField(_("default book"), default=False)

    class Meta:
        verbose_name = _("book")
        verbose_name_plural = _("books")
        ordering = ["fund", "-is_default", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "code"], name="book_code_unique_in_fund"),
            models.UniqueConstraint(
                fields=["fund"], condition=Q(is_default=True), name="book_one_default_per_fund"
            ),
            models.CheckConstraint(condition=Q(source__in=BookSource.values), name="book_source_known"),
        ]

    def __str__(self) -> str:
        return self.name_th


class AccountType(models.TextChoices):
    ASSET = "ASSET", _("Asset")
    LIABILITY = "LIABILITY", _("Liability")
    EQUITY = "EQUITY", _("Equity")
    INCOME = "INCOME", _("Income")
    EXPENSE = "EXPENSE", _("Expense")


DEBIT_NORMAL = (AccountType.ASSET, AccountType.EXPENSE)


class LedgerAccount(models.Model):
    """An account of a book's chart. `role` names what the actions post to (cash, loans, savings…)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="accounts")
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("book"))
    code = models.CharField(_("code"), max_length=5)
    name_th = models.CharField(_("Thai name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    type = models.CharField(_("type"), max_length=10, choices=AccountType.choices)
    role = models.CharField(_("used for"), max_length=24, blank=True)
    # Kept per member (savings, shares, loans): lines name the member.
    per_member = models.BooleanField(_("kept per member"), default=False)
    # Cash and bank cannot go below zero: the money is not there.
    no_negative = models.BooleanField(_("may not go below zero"), default=False)
    # Debits minus credits over every line; kept by the posting code under the fund lock.
    balance_satang = models.BigIntegerField(_("balance"), default=0)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["book", "code"]
        constraints = [
            models.UniqueConstraint(fields=["book", "code"], name="account_code_unique_in_book"),
            models.UniqueConstraint(
                fields=["book", "role"], condition=~Q(role=""), name="account_role_unique_in_book"
            ),
            models.CheckConstraint(condition=Q(type__in=AccountType.values), name="account_type_known"),
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{5}$"), name="account_code_5_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    @property
    def normal_debit(self) -> bool:
        return self.type in DEBIT_NORMAL

    @property
    def natural_balance_satang(self) -> int:
        """The balance in the account's normal direction (credits minus debits for liabilities)."""
        return self.balance_satang if self.normal_debit else -self.balance_satang


class Rounding(models.TextChoices):
    HALF_UP = "HALF_UP", _("Half up (0.5 satang up)")
    HALF_EVEN = "HALF_EVEN", _("Half to even")
    DOWN = "DOWN", _("Down (never in the fund's favour)")


class DividendBasis(models.TextChoices):
    SHARES = "SHARES", _("Shares")
    SAVINGS = "SAVINGS", _("Sajja savings")
    SHARES_AND_SAVINGS = "SHARES_AND_SAVINGS", _("Shares and sajja savings")


BP = models.PositiveIntegerField


class BylawVersion(models.Model):
    """The fund's rules from a date on; a new version is a new row, the old ones stay."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="bylaws", verbose_name=_("fund"))
    effective_from = models.DateField(_("in force from"))
    resolution = models.CharField(_("approved by (meeting resolution)"), max_length=200, blank=True)
    # Savings and shares
    share_price_satang = models.BigIntegerField(_("share price"), default=10_000)
    max_shares = models.PositiveIntegerField(_("most shares a member may hold"), default=0)
    monthly_savings_satang = models.BigIntegerField(_("monthly sajja savings"), default=0)
    savings_withdrawable = models.BooleanField(
        _("sajja savings may be withdrawn while a member"), default=False
    )
    # Loans
    loan_rate_bp = BP(_("loan interest a year (basis points)"), default=600)
    max_loan_satang = models.BigIntegerField(_("largest loan"), default=2_000_000)
    max_periods = models.PositiveSmallIntegerField(_("most installments"), default=24)
    guarantors_required = models.PositiveSmallIntegerField(_("guarantors required"), default=0)
    guarantors_above_satang = models.BigIntegerField(_("guarantors needed for loans above"), default=0)
    approvals_required = models.PositiveSmallIntegerField(_("committee approvals needed (quorum)"), default=1)
    # Penalty on overdue installments: a yearly rate on what is overdue, for the days late.
    penalty_rate_bp = BP(_("penalty a year on overdue amounts (basis points)"), default=0)
    penalty_grace_days = models.PositiveSmallIntegerField(_("days of grace before a penalty"), default=0)
    penalty_cap_bp = BP(_("penalty cap (share of the overdue amount, basis points)"), default=1000)
    rounding = models.CharField(
        _("rounding"), max_length=10, choices=Rounding.choices, default=Rounding.HALF_UP
    )
    # Year end: shares of the net profit, in basis points; what is left is kept as retained earnings.
    reserve_bp = BP(_("to the reserve"), default=1000)
    welfare_bp = BP(_("to welfare"), default=1000)
    committee_bp = BP(_("to the committee"), default=1000)
    public_benefit_bp = BP(_("to public benefit"), default=500)
    dividend_bp = BP(_("dividends"), default=4500)
    patronage_bp = BP(_("patronage refunds"), default=2000)
    dividend_basis = models.CharField(
        _("dividends are paid on"), max_length=20, choices=DividendBasis.choices, default=DividendBasis.SHARES
    )
    dividend_cap_bp = BP(_("highest dividend a year (basis points, 0 = no cap)"), default=0)
    patronage_excludes_arrears = models.BooleanField(
        _("no patronage refund for members in arrears at year end"), default=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("bylaw version")
        verbose_name_plural = _("bylaw versions")
        ordering = ["fund", "-effective_from"]
        get_latest_by = "effective_from"
        constraints = [
            models.UniqueConstraint(fields=["fund", "effective_from"], name="bylaw_one_version_per_day"),
            models.CheckConstraint(
                condition=Q(
                    share_price_satang__gt=0,
                    monthly_savings_satang__gte=0,
                    max_loan_satang__gte=0,
                    guarantors_above_satang__gte=0,
                    approvals_required__gte=1,
                    max_periods__gte=1,
                ),
                name="bylaw_amounts_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    loan_rate_bp__lte=10_000, penalty_rate_bp__lte=10_000, penalty_cap_bp__lte=10_000
                ),
                name="bylaw_rates_at_most_100_percent",
            ),
            models.CheckConstraint(
                condition=Q(
                    reserve_bp__lte=10_000
                    - models.F("welfare_bp")
                    - models.F("committee_bp")
                    - models.F("public_benefit_bp")
                    - models.F("dividend_bp")
                    - models.F("patronage_bp")
                ),
                name="bylaw_allocations_at_most_whole_profit",
            ),
            models.CheckConstraint(condition=Q(rounding__in=Rounding.values), name="bylaw_rounding_known"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} · {self.effective_from}"

    @property
    def retained_bp(self) -> int:
        return 10_000 - (
            self.reserve_bp
            + self.welfare_bp
            + self.committee_bp
            + self.public_benefit_bp
            + self.dividend_bp
            + self.patronage_bp
        )


class AgingBucket(models.Model):
    """A band of days past due for the fund's arrears report; max_days empty means 'and over'."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="aging_buckets")
    position = models.PositiveSmallIntegerField()
    label_th = models.CharField(max_length=60)
    label_en = models.CharField(max_length=60)
    min_days = models.PositiveIntegerField()
    max_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["fund", "position"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "position"], name="aging_bucket_position_unique"),
            models.CheckConstraint(
                condition=Q(max_days__isnull=True) | Q(max_days__gte=models.F("min_days")),
                name="aging_bucket_days_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.label_th


class MemberStatus(models.TextChoices):
    ACTIVE = "ACTIVE", pgettext_lazy("fund membership", "Active")
    LEFT = "LEFT", pgettext_lazy("fund membership", "Left")


class FundMemberQuerySet(ScopedQuerySet["FundMember"]):
    """Officers and area readers see the members of funds they see; a member only themself."""

    visibility = Visibility(
        area="fund__area_code",
        area_roles=AREA_READERS,
        organisation="fund__organisation_id",
        person="person_id",
    )


class FundMember(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="members", verbose_name=_("fund"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="fund_memberships", verbose_name=_("person")
    )
    member_no = models.CharField(_("member number"), max_length=20)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("created at"))

    objects = FundMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund member")
        verbose_name_plural = _("fund members")
        constraints = [
            models.UniqueConstraint(fields=["fund", "member_no"], name="fund_member_no_unique"),
            models.UniqueConstraint(fields=["fund", "person"], name="fund_member_person_once"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, status=MemberStatus.ACTIVE)
                | Q(left_on__isnull=False, status=MemberStatus.LEFT),
                name="fund_member_status_matches_left_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_no} {self.person}"


class EntryKind(models.TextChoices):
    OPENING = "OPENING", _("Opening balances")
    SAVINGS = "SAVINGS", _("Savings")
    LOAN_DISBURSE = "LOAN_DISBURSE", _("Loan disbursed")
    LOAN_REPAY = "LOAN_REPAY", _("Loan repayment")
    YEAR_END = "YEAR_END", _("Year-end closing")
    PAYOUT = "PAYOUT", _("Dividend and refund payout")
    WELFARE = "WELFARE", _("Welfare benefit")
    MANUAL = "MANUAL", _("Other entry")
    REVERSAL = "REVERSAL", _("Reversal")
    ACCRUAL = "ACCRUAL", _("Accrued interest (month end)")


class JournalEntry(models.Model):
    """An immutable, balanced entry in one book. Corrections are new entries that reverse it."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="entries", verbose_name=_("book"))
    entry_date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    memo = models.CharField(_("description"), max_length=300, blank=True)
    # The client's key for this request: the same key twice has exactly one effect.
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)  # noqa: DJ001
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    member = models.ForeignKey(
        FundMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("member"),
    )
    loan = models.ForeignKey(
        "Loan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("loan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="entry_idempotency_key_unique",
            ),
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="entry_kind_known"),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | Q(kind=EntryKind.REVERSAL), name="entry_reversal_kind"
            ),
        ]
        indexes = [models.Index(fields=["fund", "entry_date"]), models.Index(fields=["book", "entry_date"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.entry_date} {self.get_kind_display()}"


class JournalLine(models.Model):
    """One side of an entry: a debit or a credit (exactly one of them positive)."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="lines")
    member = models.ForeignKey(
        FundMember, on_delete=models.PROTECT, null=True, blank=True, related_name="lines"
    )
    loan = models.ForeignKey("Loan", on_delete=models.PROTECT, null=True, blank=True, related_name="lines")
    debit_satang = models.BigIntegerField(_("debit"), default=0)
    credit_satang = models.BigIntegerField(_("credit"), default=0)

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(debit_satang__gt=0, credit_satang=0) | Q(debit_satang=0, credit_satang__gt=0),
                name="line_one_side_positive",
            ),
        ]
        indexes = [models.Index(fields=["account", "member"])]

    def __str__(self) -> str:
        return f"{self.account_id} Dr {self.debit_satang} Cr {self.credit_satang}"

    @property
    def amount_satang(self) -> int:
        """Debit positive, credit negative."""
        return self.debit_satang - self.credit_satang


class PeriodClose(models.Model):
    """The fund's books were closed through a day: nothing may be posted on or before it."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="closes")
    closed_through = models.DateField(_("closed through"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"))

    class Meta:
        verbose_name = _("period close")
        verbose_name_plural = _("period closes")
        constraints = [
            models.UniqueConstraint(fields=["fund", "closed_through"], name="period_close_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.fund_id} ≤ {self.closed_through}"


class SavingsKind(models.TextChoices):
    SAJJA = "SAJJA", _("Sajja savings")
    DEPOSIT = "DEPOSIT", _("Deposit")
    SHARES = "SHARES", _("Shares")
    CONTRIBUTION = "CONTRIBUTION", _("Welfare contribution")


class SavingsMovement(models.Model):
    """A member's deposit (positive) or withdrawal (negative) of one kind, posted as a journal entry."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="savings_movements")
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(FundMember, on_delete=models.PROTECT, related_name="savings_movements")
    kind = models.CharField(_("kind"), max_length=16, choices=SavingsKind.choices)
    on = models.DateField(_("date"))
    # For monthly sajja savings and contributions: the month paid for (its first day).
    for_month = models.DateField(_("for the month"), null=True, blank=True)
    amount_satang = models.BigIntegerField(_("amount"))
    units = models.IntegerField(_("shares"), default=0)
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="savings_movements")

    class Meta:
        verbose_name = _("savings movement")
        verbose_name_plural = _("savings movements")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SavingsKind.values), name="savings_kind_known"),
            models.CheckConstraint(condition=~Q(amount_satang=0), name="savings_amount_not_zero"),
        ]
        indexes = [models.Index(fields=["fund", "for_month"]), models.Index(fields=["member", "kind"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.amount_satang}"


METHOD_LABELS = [
    (Method.FLAT.value, _("Flat interest")),
    (Method.DECLINING_INSTALLMENT.value, _("Declining balance, equal installments")),
    (Method.DECLINING_PRINCIPAL.value, _("Declining balance, equal principal")),
    (Method.BULLET.value, _("One payment at the end (after the harvest)")),
]
FREQUENCY_LABELS = [
    (Frequency.MONTHLY.value, _("Monthly")),
    (Frequency.QUARTERLY.value, _("Every three months")),
    (Frequency.SEMIANNUAL.value, _("Every six months")),
    (Frequency.ANNUAL.value, _("Yearly")),
]


class LoanStatus(models.TextChoices):
    APPLIED = "APPLIED", _("Waiting for approval")
    APPROVED = "APPROVED", _("Approved, not yet paid out")
    REJECTED = "REJECTED", _("Rejected")
    ACTIVE = "ACTIVE", _("Being repaid")
    CLOSED = "CLOSED", _("Repaid and closed")


class LoanQuerySet(ScopedQuerySet["Loan"]):
    """Loans of funds the viewer sees; a member sees only their own loans."""

    visibility = Visibility(
        area="fund__area_code",
        area_roles=AREA_READERS,
        organisation="fund__organisation_id",
        person="borrower__person_id",
    )


class Loan(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="loans", verbose_name=_("fund"))
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="loans", verbose_name=_("book"))
    borrower = models.ForeignKey(
        FundMember, on_delete=models.PROTECT, related_name="loans", verbose_name=_("borrower")
    )
    number = models.CharField(_("loan number"), max_length=20)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    principal_satang = models.BigIntegerField(_("amount"))
    annual_rate_bp = models.PositiveIntegerField(_("interest a year (basis points)"))
    periods = models.PositiveSmallIntegerField(_("installments"))
    method = models.CharField(
        pgettext_lazy("loan interest", "method"), max_length=24, choices=[(m.value, m.value) for m in Method]
    )
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=[(f.value, f.value) for f in Frequency]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.APPLIED
    )
    bylaw = models.ForeignKey(BylawVersion, on_delete=models.PROTECT, related_name="+")
    applied_on = models.DateField(_("applied on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    application_key = models.CharField(max_length=80, null=True, blank=True)  # noqa: DJ001
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    first_due_date = models.DateField(_("first installment due"), null=True, blank=True)
    disbursed_on = models.DateField(_("paid out on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Cached sums of the repayments (kept under the loan's row lock; checked against the ledger).
    principal_repaid_satang = models.BigIntegerField(_("principal repaid"), default=0)
    interest_paid_satang = models.BigIntegerField(_("interest paid"), default=0)
    penalty_paid_satang = models.BigIntegerField(_("penalties paid"), default=0)
    schedule_version = models.PositiveSmallIntegerField(default=0)
    imported = models.BooleanField(_("brought over from paper books"), default=False)
    created_at = models.DateTimeField(_("created at"))

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            models.UniqueConstraint(fields=["fund", "number"], name="loan_number_unique_in_fund"),
            models.UniqueConstraint(
                fields=["fund", "application_key"],
                condition=Q(application_key__isnull=False),
                name="loan_application_key_unique",
            ),
            models.CheckConstraint(condition=Q(principal_satang__gt=0), name="loan_principal_positive"),
            models.CheckConstraint(
                condition=Q(
                    principal_repaid_satang__gte=0, principal_repaid_satang__lte=models.F("principal_satang")
                ),
                name="loan_repaid_within_principal",
            ),
            models.CheckConstraint(
                condition=Q(interest_paid_satang__gte=0, penalty_paid_satang__gte=0),
                name="loan_paid_not_negative",
            ),
            models.CheckConstraint(condition=Q(periods__gte=1), name="loan_periods_positive"),
            models.CheckConstraint(condition=Q(status__in=LoanStatus.values), name="loan_status_known"),
            models.CheckConstraint(
                condition=~Q(status=LoanStatus.CLOSED)
                | Q(principal_repaid_satang=models.F("principal_satang")),
                name="loan_closed_only_when_repaid",
            ),
        ]
        indexes = [models.Index(fields=["fund", "status"])]

    def __str__(self) -> str:
        return self.number

    def get_method_display(self) -> str:
        """How interest is charged, in words (the field's choices keep the codes)."""
        return str(dict(METHOD_LABELS).get(self.method, self.method))

    def get_frequency_display(self) -> str:
        """How often installments fall due, in words."""
        return str(dict(FREQUENCY_LABELS).get(self.frequency, self.frequency))

    @property
    def outstanding_satang(self) -> int:
        """Principal still owed: what was paid out minus the principal repaid."""
        if self.status in (LoanStatus.ACTIVE, LoanStatus.CLOSED):
            return self.principal_satang - self.principal_repaid_satang
        return 0


class LoanGuarantor(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="guarantors")
    member = models.ForeignKey(FundMember, on_delete=models.PROTECT, related_name="guarantees")

    class Meta:
        verbose_name = _("guarantor")
        verbose_name_plural = _("guarantors")
        constraints = [models.UniqueConstraint(fields=["loan", "member"], name="guarantor_once_per_loan")]

    def __str__(self) -> str:
        return f"{self.member_id} guarantees {self.loan_id}"


class Decision(models.TextChoices):
    APPROVE = "APPROVE", _("Approve")
    REJECT = "REJECT", _("Reject")


class LoanDecision(models.Model):
    """One committee member's vote on an application; the recorder may not vote on it."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="decisions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("loan decision")
        verbose_name_plural = _("loan decisions")
        constraints = [
            models.UniqueConstraint(fields=["loan", "by"], name="loan_decision_once_per_person"),
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="loan_decision_known"),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.decision} by {self.by_id}"


class InstallmentStatus(models.TextChoices):
    OPEN = "OPEN", _("Open")
    PAID = "PAID", _("Paid")
    WAIVED = "WAIVED", _("Not needed: the loan was paid off early")
    SUPERSEDED = "SUPERSEDED", _("Replaced by a new schedule")


class Installment(models.Model):
    """One row of a loan's schedule; a new schedule version supersedes the old rows but keeps them."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="installments")
    version = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    # The day its interest starts to run: the previous due date, the payout or the reschedule.
    starts_on = models.DateField()
    due_date = models.DateField(_("due"))
    principal_satang = models.BigIntegerField(_("principal"))
    interest_satang = models.BigIntegerField(_("interest"))
    principal_paid_satang = models.BigIntegerField(_("principal paid"), default=0)
    interest_paid_satang = models.BigIntegerField(_("interest paid"), default=0)
    penalty_paid_satang = models.BigIntegerField(_("penalty paid"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=InstallmentStatus.choices, default=InstallmentStatus.OPEN
    )
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True)

    class Meta:
        verbose_name = _("installment")
        verbose_name_plural = _("installments")
        ordering = ["loan", "version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "version", "number"], name="installment_unique"),
            models.CheckConstraint(
                condition=Q(principal_satang__gte=0, interest_satang__gte=0, penalty_paid_satang__gte=0)
                & Q(principal_paid_satang__gte=0, principal_paid_satang__lte=models.F("principal_satang"))
                & Q(interest_paid_satang__gte=0, interest_paid_satang__lte=models.F("interest_satang")),
                name="installment_paid_within_due",
            ),
        ]
        # On PostgreSQL migration 0002 adds a covering partial index of the late open installments
        # ((due_date) INCLUDE (loan, amounts) WHERE status = 'OPEN'), read by the month end and roll-ups.

    def __str__(self) -> str:
        return f"{self.loan_id} v{self.version} #{self.number}"

    @property
    def principal_due_satang(self) -> int:
        return self.principal_satang - self.principal_paid_satang

    @property
    def interest_due_satang(self) -> int:
        return self.interest_satang - self.interest_paid_satang


class RescheduleReason(models.TextChoices):
    RESTRUCTURE = "RESTRUCTURE", _("Restructured by the committee")
    PREPAYMENT = "PREPAYMENT", _("Principal prepaid")
    DISBURSEMENT_REVERSED = "DISBURSEMENT_REVERSED", _("Payout reversed")


class LoanReschedule(models.Model):
    """Why and when a loan got a new schedule version; the old version stays visible."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="reschedules")
    from_version = models.PositiveSmallIntegerField()
    to_version = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=24, choices=RescheduleReason.choices)
    on = models.DateField(_("date"))
    principal_satang = models.BigIntegerField(_("principal rescheduled"), default=0)
    carried_interest_satang = models.BigIntegerField(_("overdue interest carried over"), default=0)
    waived_penalty_satang = models.BigIntegerField(_("penalty waived"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("loan reschedule")
        verbose_name_plural = _("loan reschedules")

    def __str__(self) -> str:
        return f"{self.loan_id} v{self.from_version}→{self.to_version}"


class Repayment(models.Model):
    """Money a borrower paid, split penalty → interest → principal; a reversal is a negative copy."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    on = models.DateField(_("date"))
    amount_satang = models.BigIntegerField(_("amount"))
    principal_satang = models.BigIntegerField(_("principal"))
    interest_satang = models.BigIntegerField(_("interest"))
    penalty_satang = models.BigIntegerField(_("penalty"))
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="repayment")
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    # When paying more than was due re-scheduled the loan, the version it created.
    rescheduled_to = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["loan", "on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    amount_satang=models.F("principal_satang")
                    + models.F("interest_satang")
                    + models.F("penalty_satang")
                ),
                name="repayment_parts_sum_to_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.on} {self.amount_satang}"


class RepaymentAllocation(models.Model):
    """How much of a repayment went to each installment (so a reversal can undo exactly that)."""

    repayment = models.ForeignKey(Repayment, on_delete=models.CASCADE, related_name="allocations")
    installment = models.ForeignKey(Installment, on_delete=models.PROTECT, related_name="allocations")
    principal_satang = models.BigIntegerField(default=0)
    interest_satang = models.BigIntegerField(default=0)
    penalty_satang = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.repayment_id}→{self.installment_id}"


class LoanMonthEnd(models.Model):
    """Days past due, aging bucket and interest accrued for one loan at a month end (set-based run).

    A million rows a month: only the indexes that are read (the unique (loan, as_of) and (fund, as_of))
    are kept, and the bucket is its position in the fund's bands at the time, not a foreign key.
    """

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="month_ends", db_index=False)
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="+", db_index=False)
    as_of = models.DateField()
    days_past_due = models.IntegerField()
    bucket_position = models.PositiveSmallIntegerField(null=True)
    outstanding_satang = models.BigIntegerField()
    overdue_principal_satang = models.BigIntegerField()
    overdue_interest_satang = models.BigIntegerField()
    accrued_interest_satang = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["loan", "as_of"], name="loan_month_end_once")]
        indexes = [models.Index(fields=["fund", "as_of"])]

    def __str__(self) -> str:
        return f"{self.loan_id} @ {self.as_of}: {self.days_past_due} d"


class YearEndRun(models.Model):
    """A fund's year-end: net profit per book, allocations, each member's dividend and refund."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="year_ends")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    bylaw = models.ForeignKey(BylawVersion, on_delete=models.PROTECT, related_name="+")
    # Per book: net profit and each allocation in satang (what the meeting sees).
    summary = models.JSONField(default=dict)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)  # noqa: DJ001
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField()
    paid_out_on = models.DateField(_("paid out on"), null=True, blank=True)

    class Meta:
        verbose_name = _("year-end run")
        verbose_name_plural = _("year-end runs")
        constraints = [
            models.UniqueConstraint(fields=["fund", "period_end"], name="year_end_once_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="year_end_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.period_start}–{self.period_end}"


class MemberYearEnd(models.Model):
    run = models.ForeignKey(YearEndRun, on_delete=models.CASCADE, related_name="members")
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(FundMember, on_delete=models.PROTECT, related_name="year_ends")
    # Σ over the months of the balance held through the whole month (satang-months).
    dividend_weight = models.BigIntegerField(default=0)
    dividend_satang = models.BigIntegerField(default=0)
    interest_paid_satang = models.BigIntegerField(default=0)
    refund_satang = models.BigIntegerField(default=0)
    excluded_from_refund = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "book", "member"], name="member_year_end_once"),
            models.CheckConstraint(
                condition=Q(dividend_satang__gte=0, refund_satang__gte=0), name="member_year_end_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.member_id}"

    @property
    def total_satang(self) -> int:
        return self.dividend_satang + self.refund_satang
