"""The markets pages' forms: dates in B.E. (ThaiDateField), money in baht to satang (AmountField)."""

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanrak.commerce.models import OtopCategory
from thanrak.core.forms import AmountField, ThaiDateField
from thanrak.markets.models import BuyerKind, EventKind, MeetingStatus

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class QuickSelect(forms.Select):
    """A select written in one pass: Django renders a template per option, and a fair's 200 booths
    took a third of the turnover page's time."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        chosen = "" if value is None else str(value[0] if isinstance(value, list | tuple) else value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if str(v) == chosen else "", label) for v, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>", flatatt({**self.build_attrs(self.attrs, attrs), "name": name}), options
        )


class KeyedForm(forms.Form):
    """A form sent twice has one effect: the key marks the sending."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class EventForm(KeyedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    programme_code = forms.CharField(label=_("Funding programme (code)"), max_length=40, required=False)
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700)
    place = forms.CharField(label=_("Place"), max_length=200)
    area_code = forms.RegexField(
        label=pgettext_lazy("market event", "Area code of the place"), regex=r"^\d{6}(\d{2})?$", max_length=8
    )
    start_date = ThaiDateField(label=_("From"))
    end_date = ThaiDateField(label=_("Until (a recurring market may leave it empty)"), required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week (recurring markets)"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organiser = forms.IntegerField(
        label=_("Organiser (registry number of the organisation, if any)"), min_value=1, required=False
    )
    fund = forms.IntegerField(
        label=_("Fund receiving the booth fees (number, if the organiser keeps its books here)"),
        min_value=1,
        required=False,
    )
    slot_minutes = forms.IntegerField(
        label=_("Length of a matching meeting (minutes)"), min_value=5, max_value=240, initial=30
    )


class BoothForm(KeyedForm):
    label = forms.CharField(label=_("Booth number"), max_length=20)
    vendor = forms.IntegerField(label=_("Vendor (registry number of the organisation)"), min_value=1)
    category = forms.ChoiceField(label=_("What the vendor sells"), choices=OtopCategory.choices)
    fee = AmountField(label=_("Booth fee (baht)"), required=False)
    pos_location = forms.TypedChoiceField(
        label=_("POS at the booth"), coerce=int, required=False, empty_value=None, widget=QuickSelect
    )

    def __init__(self, *args: Any, locations: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["pos_location"].choices = [("", _("No POS: figures are typed")), *locations]


class TurnoverForm(KeyedForm):
    booth = forms.TypedChoiceField(label=_("Booth"), coerce=int, widget=QuickSelect)
    date = ThaiDateField(label=_("Date"))
    amount = AmountField(label=_("Sales of the day (baht)"))
    reason = forms.CharField(label=_("Reason for a correction"), max_length=200, required=False)

    def __init__(self, *args: Any, booths: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["booth"].choices = list(booths)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())


class TurnoverFileForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX, Thai headers)"))


class BuyerForm(KeyedForm):
    name = forms.CharField(label=_("Buyer's name (company, hotel, hospital, school…)"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BuyerKind.choices)
    categories = forms.MultipleChoiceField(
        label=_("Categories it buys"), choices=OtopCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    area_code = forms.RegexField(
        label=_("Area code"), regex=r"^\d{2}(\d{2}){0,3}$", max_length=8, required=False
    )
    contact = forms.CharField(label=_("Contact (work phone or e-mail)"), max_length=200, required=False)


class MeetingForm(KeyedForm):
    buyer = forms.TypedChoiceField(label=_("Buyer"), coerce=int, widget=QuickSelect)
    booth = forms.TypedChoiceField(label=_("Producer"), coerce=int, widget=QuickSelect)
    date = ThaiDateField(label=_("Date"))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(
        self,
        *args: Any,
        buyers: list[tuple[int, str]] = (),  # type: ignore[assignment]
        booths: list[tuple[int, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buyer"].choices = list(buyers)
        self.fields["booth"].choices = list(booths)

    def starts_at(self) -> dt.datetime:
        tz = timezone.get_default_timezone()
        return dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=tz)


class OutcomeForm(KeyedForm):
    status = forms.ChoiceField(
        label=_("What came of the meeting"),
        choices=[(s.value, s.label) for s in MeetingStatus if s != MeetingStatus.SCHEDULED],
    )
    deal = AmountField(label=_("Deal value (baht)"), required=False)
    follow_up = forms.CharField(label=_("Follow-up"), max_length=300, required=False)
    follow_up_on = ThaiDateField(label=_("Follow up on"), required=False)
    order_number = forms.CharField(
        label=_("Storefront order number (if the deal was ordered)"), max_length=20, required=False
    )
