"""Forms for the finance pages: amounts in baht (Thai digits welcome), rates in per cent, dates in B.E."""

import re
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from thanrak.core.forms import AmountField, ThaiDateField, ThaiDateInput
from thanrak.core.thai import from_thai_digits
from thanrak.finance.models import (
    FREQUENCY_LABELS,
    METHOD_LABELS,
    AgingPreset,
    BookSource,
    BylawVersion,
    DividendBasis,
    FundKind,
    Rounding,
    SavingsKind,
)

METHOD_CHOICES = METHOD_LABELS
FREQUENCY_CHOICES = FREQUENCY_LABELS


class BahtField(AmountField):
    """An amount typed in baht ('1,234.50', '๑๒๓'); cleans to an int number of satang (at least 1 by
    default)."""

    def __init__(self, *, min_satang: int | None = 1, **kwargs: Any) -> None:
        super().__init__(min_satang=min_satang, **kwargs)


_PERCENT = re.compile(r"^\d+(\.\d+)?$")


class PercentField(forms.CharField):
    """A yearly rate typed in per cent ('12', '0.5'); cleans to basis points (12 % → 1200)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in ("", None):
            return None
        text = from_thai_digits(str(value)).strip().rstrip("%").strip()
        if not _PERCENT.match(text):  # no exponents ('1e1'), NaN or infinity: people write 6 or 0.5
            raise forms.ValidationError(_("Write a percentage, such as 6 or 0.5."))
        number = Decimal(text)
        bp = number * 100
        if not number.is_finite() or bp != bp.to_integral_value() or not 0 <= bp <= 10_000:
            raise forms.ValidationError(_("A percentage from 0 to 100 with at most two decimals."))
        return int(bp)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return f"{Decimal(value) / 100:g}"
        return value


# Kept for callers that name it: every date box is the Thai (B.E.) text box.
DateInput = ThaiDateInput


def new_key() -> str:
    """A fresh key for a form: sending the same form twice then has one effect."""
    return uuid.uuid4().hex


class KeyedForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_key())


ACCRUAL_LABEL = _("Book loan interest as it is earned (accrual basis)")
ACCRUAL_HELP = _(
    "Leave unticked for the cash basis the village-fund accounting manual teaches: interest is income when "
    "a member pays it. Ticked, each month end also books the interest earned but not yet paid as accrued "
    "interest receivable."
)


class FundOpenForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of fund"), choices=FundKind.choices)
    name_th = forms.CharField(label=_("Thai name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    opened_on = ThaiDateField(label=_("Opened on"), not_future=True)
    fiscal_year_start_month = forms.TypedChoiceField(
        label=_("The fiscal year starts in"), coerce=int, choices=[(m, m) for m in range(1, 13)], initial=1
    )
    aging_preset = forms.ChoiceField(
        label=_("Arrears buckets"), choices=[c for c in AgingPreset.choices if c[0] != AgingPreset.CUSTOM]
    )
    village_fund_books = forms.BooleanField(
        label=_(
            "Keep the village fund's three books apart (original million, top-up capital, members' savings)"
        ),
        required=False,
    )
    loan_rate_bp = PercentField(label=_("Loan interest, per cent a year"), initial=600)
    max_loan_satang = BahtField(label=_("Largest loan (baht)"), min_satang=0, initial=2_000_000)
    monthly_savings_satang = BahtField(label=_("Monthly sajja savings (baht)"), min_satang=0, initial=10_000)
    share_price_satang = BahtField(label=_("Share price (baht)"), initial=10_000)
    approvals_required = forms.IntegerField(
        label=_("Committee approvals a loan needs"), min_value=1, initial=1
    )
    accrual_basis = forms.BooleanField(label=ACCRUAL_LABEL, help_text=ACCRUAL_HELP, required=False)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations


VF_BOOKS = [
    ("seed", "บัญชีเงินล้าน", BookSource.SEED_CAPITAL, "Original million"),
    ("topup", "บัญชีเงินเพิ่มทุน", BookSource.TOP_UP, "Top-up capital"),
    ("savings", "บัญชีเงินออม", BookSource.MEMBER_SAVINGS, "Members' savings"),
]


class BylawForm(forms.ModelForm):
    """A new version of the bylaw; amounts in baht and rates in per cent."""

    share_price_satang = BahtField(label=_("Share price (baht)"))
    monthly_savings_satang = BahtField(label=_("Monthly sajja savings (baht)"), min_satang=0)
    max_loan_satang = BahtField(label=_("Largest loan (baht, 0 = no limit)"), min_satang=0)
    guarantors_above_satang = BahtField(label=_("Guarantors needed for loans above (baht)"), min_satang=0)
    loan_rate_bp = PercentField(label=_("Loan interest, per cent a year"))
    penalty_rate_bp = PercentField(label=_("Penalty, per cent a year on overdue amounts"))
    penalty_cap_bp = PercentField(label=_("Penalty at most, per cent of the overdue amount"))
    reserve_bp = PercentField(label=_("Reserve, per cent of profit"))
    welfare_bp = PercentField(label=_("Welfare, per cent of profit"))
    committee_bp = PercentField(label=_("Committee, per cent of profit"))
    public_benefit_bp = PercentField(label=_("Public benefit, per cent of profit"))
    dividend_bp = PercentField(label=_("Dividends, per cent of profit"))
    patronage_bp = PercentField(label=_("Patronage refunds, per cent of profit"))
    dividend_cap_bp = PercentField(label=_("Highest dividend, per cent a year (0 = no cap)"))

    class Meta:
        model = BylawVersion
        fields = [
            "effective_from",
            "resolution",
            "share_price_satang",
            "max_shares",
            "monthly_savings_satang",
            "savings_withdrawable",
            "loan_rate_bp",
            "max_loan_satang",
            "max_periods",
            "guarantors_required",
            "guarantors_above_satang",
            "approvals_required",
            "penalty_rate_bp",
            "penalty_grace_days",
            "penalty_cap_bp",
            "rounding",
            "reserve_bp",
            "welfare_bp",
            "committee_bp",
            "public_benefit_bp",
            "dividend_bp",
            "patronage_bp",
            "dividend_basis",
            "dividend_cap_bp",
            "patronage_excludes_arrears",
        ]
        field_classes = {"effective_from": ThaiDateField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rounding"].choices = Rounding.choices
        self.fields["dividend_basis"].choices = DividendBasis.choices


class BasisForm(forms.Form):
    accrual_basis = forms.BooleanField(label=ACCRUAL_LABEL, help_text=ACCRUAL_HELP, required=False)


class BookForm(forms.Form):
    """Another money source kept apart in its own book (the same action as POST /funds/{id}/books)."""

    code = forms.SlugField(
        label=_("Short code (letters, digits, dashes)"),
        max_length=20,
        help_text=_("Used in exports and the API, e.g. topup-2569."),
    )
    name_th = forms.CharField(label=_("Thai name"), max_length=120)
    name_en = forms.CharField(label=_("English name"), max_length=120, required=False)
    source = forms.ChoiceField(label=_("Money source"), choices=BookSource.choices)


class AgingForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Arrears buckets"), choices=AgingPreset.choices, widget=forms.RadioSelect
    )


MAX_BANDS = 10


class BandForm(forms.Form):
    """One band of days past due; the last band leaves "to" empty (and over)."""

    label_th = forms.CharField(label=_("Band name (Thai)"), max_length=60, required=False)
    label_en = forms.CharField(label=_("Band name (English)"), max_length=60, required=False)
    min_days = forms.IntegerField(label=_("From day"), min_value=0, max_value=100_000, required=False)
    max_days = forms.IntegerField(
        label=_("To day (empty: and over)"), min_value=0, max_value=100_000, required=False
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(data.get(f) not in (None, "") for f in self.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = [f for f in self.fields if data.get(f) not in (None, "")]
        if filled and data.get("min_days") is None:
            self.add_error("min_days", _("Give the first day of the band."))
        if filled and not (data.get("label_th") or "").strip():
            self.add_error("label_th", _("Every band needs a name."))
        return data


BandFormSet = forms.formset_factory(
    BandForm, extra=0, min_num=MAX_BANDS, max_num=MAX_BANDS, validate_max=True
)


class EnrolForm(forms.Form):
    citizen_id = forms.CharField(label=_("Citizen ID of the new member"), max_length=20)
    joined_on = ThaiDateField(label=_("Joined on"), not_future=True)
    member_no = forms.CharField(label=_("Member number (empty: the next one)"), max_length=20, required=False)


class SavingsForm(KeyedForm):
    direction = forms.ChoiceField(
        choices=[("in", _("Deposit")), ("out", _("Withdrawal"))], label=_("Deposit or withdrawal")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SavingsKind.choices)
    amount = BahtField(label=_("Amount (baht)"))
    on = ThaiDateField(label=_("Date"), not_future=True)
    for_month = ThaiDateField(label=_("For the month (sajja)"), required=False)


class CollectForm(KeyedForm):
    on = ThaiDateField(label=_("Meeting date"), not_future=True)
    month = ThaiDateField(label=_("For the month"))


class CollectRowForm(forms.Form):
    """One member's row of the collection-day sheet: the month's savings (or welfare contribution) and
    shares, in baht; an empty box records nothing. Its inputs are named amount-<member id> and
    shares-<member id> (the form's prefix is the member's id)."""

    amount = BahtField(required=False)
    shares = BahtField(required=False)

    def __init__(self, *args: Any, member_name: str, welfare: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs.update(
            placeholder=_("Contribution") if welfare else _("Sajja"), **{"aria-label": member_name}
        )
        self.fields["shares"].widget.attrs.update(
            placeholder=_("Shares"), **{"aria-label": f"{_('Shares')} {member_name}"}
        )

    def add_prefix(self, field_name: str) -> str:
        return f"{field_name}-{self.prefix}"

    def error_text(self) -> str:
        """What is wrong in the row, in one line under the member's name."""
        return " ".join(message for messages in self.errors.values() for message in messages)


class BaseCollectFormSet(forms.BaseFormSet):
    """The collection-day sheet: one CollectRowForm per member on it, named by the member's id rather
    than by its place on the page. The rows are the sheet's members, not a count the browser sends, so
    the page needs no management form."""

    def __init__(
        self, data: Any = None, *, members: list[tuple[int, str]], welfare: bool, **kwargs: Any
    ) -> None:
        self.members = members
        self.welfare = welfare
        super().__init__(data, prefix="collect", **kwargs)

    def total_form_count(self) -> int:
        return len(self.members)

    def initial_form_count(self) -> int:
        return len(self.members)

    def add_prefix(self, index: Any) -> str:
        return str(self.members[index][0]) if isinstance(index, int) else super().add_prefix(index)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        name = self.members[index][1] if index is not None else ""
        return {"member_name": name, "welfare": self.welfare}

    @cached_property
    def management_form(self) -> ManagementForm:
        count = {TOTAL_FORM_COUNT: len(self.members), INITIAL_FORM_COUNT: len(self.members)}
        data = {self.add_prefix(k): v for k, v in count.items()} if self.is_bound else None
        form = ManagementForm(data, auto_id=self.auto_id, prefix=self.prefix, initial=count)
        form.full_clean()
        return form

    def payments(self, kind: str) -> list[tuple[int, str, int]]:
        """(member id, kind, satang) for every box filled in: the month's savings first, then shares."""
        rows = [
            (member_id, form.cleaned_data)
            for (member_id, _name), form in zip(self.members, self.forms, strict=True)
        ]
        return [(m, kind, d["amount"]) for m, d in rows if d.get("amount")] + [
            (m, SavingsKind.SHARES, d["shares"]) for m, d in rows if d.get("shares")
        ]


CollectFormSet = forms.formset_factory(CollectRowForm, formset=BaseCollectFormSet, extra=0)


class LoanApplyForm(KeyedForm):
    borrower = forms.TypedChoiceField(label=_("Borrower"), coerce=int)
    principal = BahtField(label=_("Amount (baht)"))
    periods = forms.IntegerField(label=_("Number of installments"), min_value=1, max_value=600, initial=12)
    method = forms.ChoiceField(label=_("How interest is charged"), choices=METHOD_CHOICES)
    frequency = forms.ChoiceField(label=_("Installments"), choices=FREQUENCY_CHOICES)
    annual_rate_bp = PercentField(
        label=_("Interest, per cent a year (empty: the bylaw's rate)"), required=False
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    guarantors = forms.TypedMultipleChoiceField(label=_("Guarantors"), coerce=int, required=False)
    book = forms.TypedChoiceField(label=_("Book"), coerce=int, required=False)
    applied_on = ThaiDateField(label=_("Applied on"), not_future=True)

    def __init__(
        self, *args: Any, members: list[tuple[int, str]], books: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["borrower"].choices = members
        self.fields["guarantors"].choices = members
        self.fields["guarantors"].widget.attrs["size"] = min(6, max(2, len(members)))
        self.fields["book"].choices = books
        if len(books) < 2:
            self.fields["book"].widget = forms.HiddenInput()


class CalculatorForm(forms.Form):
    principal = BahtField(label=_("Amount (baht)"))
    annual_rate_bp = PercentField(label=_("Interest, per cent a year"))
    periods = forms.IntegerField(label=_("Number of installments"), min_value=1, max_value=600)
    method = forms.ChoiceField(label=_("How interest is charged"), choices=METHOD_CHOICES)
    frequency = forms.ChoiceField(label=_("Installments"), choices=FREQUENCY_CHOICES)
    first_due_date = ThaiDateField(label=_("First installment due"))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("APPROVE", _("Approve")), ("REJECT", _("Reject"))])
    note = forms.CharField(label=_("Note (the reason, when rejecting)"), max_length=300, required=False)


class DisburseForm(KeyedForm):
    on = ThaiDateField(label=_("Paid out on"), not_future=True)
    first_due_date = ThaiDateField(label=_("First installment due"), required=False)


class RepayForm(KeyedForm):
    amount = BahtField(label=_("Amount paid (baht)"))
    on = ThaiDateField(label=_("Paid on"), not_future=True)
    prepay = forms.BooleanField(
        label=_("Extra money pays off principal (re-spreads or closes the loan)"), required=False
    )


class RestructureForm(forms.Form):
    on = ThaiDateField(label=_("Committee decision on"), not_future=True)
    periods = forms.IntegerField(label=_("New number of installments"), min_value=1, max_value=600)
    first_due_date = ThaiDateField(label=_("First new installment due"))
    method = forms.ChoiceField(label=_("How interest is charged"), choices=METHOD_CHOICES)
    frequency = forms.ChoiceField(label=_("Installments"), choices=FREQUENCY_CHOICES)
    annual_rate_bp = PercentField(label=_("Interest, per cent a year (may only go down)"), required=False)
    note = forms.CharField(label=_("Committee's reason"), max_length=300)


MANUAL_CHOICES = [
    ("cash", _("Cash on hand")),
    ("bank", _("Bank deposits")),
    ("capital", _("Capital from government and donors")),
    ("reserve", _("Reserve")),
    ("welfare_reserve", _("Welfare reserve")),
    ("public_benefit", _("Public benefit reserve")),
    ("retained", _("Retained earnings")),
    ("committee_payable", _("Committee remuneration payable")),
    ("fee_income", _("Fees")),
    ("bank_interest", _("Bank interest")),
    ("grant_income", _("Grants and donations")),
    ("operating_expense", _("Operating expenses")),
    ("deposit_interest", _("Interest paid on deposits")),
]


class ManualEntryForm(KeyedForm):
    on = ThaiDateField(label=_("Date"), not_future=True)
    memo = forms.CharField(label=_("Description"), max_length=300)
    debit_role = forms.ChoiceField(label=_("Debit (money goes to)"), choices=MANUAL_CHOICES)
    credit_role = forms.ChoiceField(label=_("Credit (money comes from)"), choices=MANUAL_CHOICES)
    amount = BahtField(label=_("Amount (baht)"))
    book = forms.TypedChoiceField(label=_("Book"), coerce=int, required=False)

    def __init__(self, *args: Any, books: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["book"].choices = books
        if len(books) < 2:
            self.fields["book"].widget = forms.HiddenInput()


class ReverseForm(KeyedForm):
    on = ThaiDateField(label=_("Date of the reversal"), not_future=True)
    reason = forms.CharField(label=_("Why"), max_length=200)


class PeriodCloseForm(forms.Form):
    through = ThaiDateField(label=_("Close the books through"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class StatementsForm(forms.Form):
    as_of = ThaiDateField(label=_("As of"), required=False)
    start = ThaiDateField(label=_("Income from"), required=False)
    book = forms.TypedChoiceField(label=_("Book"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, books: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["book"].choices = [("", _("All books together")), *books]


class YearEndForm(KeyedForm):
    period_end = ThaiDateField(label=_("Last day of the year"))


class PayOutForm(KeyedForm):
    on = ThaiDateField(label=_("Paid on"), not_future=True)
    to_deposits = forms.BooleanField(label=_("Into members' deposit accounts (not in cash)"), required=False)


class WelfareForm(KeyedForm):
    amount = BahtField(label=_("Benefit (baht)"))
    on = ThaiDateField(label=_("Date"), not_future=True)
    reason = forms.CharField(label=_("For"), max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))
    opening_date = ThaiDateField(label=_("Balances as of"), not_future=True)
    cash = BahtField(label=_("Cash on hand on that day (baht)"), min_satang=0)
    bank = BahtField(label=_("Bank deposits on that day (baht)"), min_satang=0, required=False)


class MonthForm(forms.Form):
    month = ThaiDateField(label=_("Month"), required=False)


class MonthEndForm(forms.Form):
    as_of = ThaiDateField(label=_("Month end (the last day of the month)"))
