"""The two fields every form shares for what people type: a date in the Buddhist era and an amount in baht.

ThaiDateField reads what a Thai clerk writes and shows the date back in B.E.:

- 8/12/2569, 08/12/2569, 08.12.2569, 08-12-2569 (day/month/year, B.E.); 8/12/2026 (C.E.) too;
- 2569-12-08 or 2026-12-08 (year first, as a machine or an old browser picker writes it);
- 08122569 (eight digits, day-month-year, as typed on a number pad without the slashes);
- 8 ธันวาคม 2569, 8 ธ.ค. 2569, 8 ธค. 2569 (Thai month names and abbreviations);
- a two-digit year is a B.E. year of the 2500s (8/12/69 and 8 ธ.ค. 69 are 8 December 2569),
  the way Thai documents abbreviate years;
- Thai digits (๘/๑๒/๒๕๖๙) anywhere.

A four-digit year of 2400 or more is B.E., below that C.E. (nobody alive was born before 1857 C.E.,
and no record is dated after 2399 C.E.). Years outside min_year..max_year (C.E., default 1900..2100)
are refused as implausible; `not_future=True` refuses a date after today in Bangkok.
"""

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thanrak.core.errors import DomainError
from thanrak.core.money import MAX_ABS_SATANG, MAX_ENTRY_SATANG, InvalidAmount, format_baht, parse_baht
from thanrak.core.thai import BE_OFFSET, TH_MONTHS_LONG, TH_MONTHS_SHORT, format_date, from_thai_digits

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DIGITS_ONLY = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_NAMED = re.compile(r"^(\d{1,2})\s*([^\d\s]+?)\s*(\d{2}|\d{4})$")


def _month_key(name: str) -> str:
    return name.replace(".", "").replace(" ", "")


# Month names as people write them: 'ธันวาคม', 'ธ.ค.', 'ธค', with or without dots.
_THAI_MONTHS = {
    **{_month_key(name): n for n, name in enumerate(TH_MONTHS_LONG, start=1)},
    **{_month_key(name): n for n, name in enumerate(TH_MONTHS_SHORT, start=1)},
}


def read_thai_date(text: str) -> dt.date | None:
    """The date in what a person typed (see the module's docstring), or None if it is not one."""
    text = " ".join(from_thai_digits(str(text)).split())
    if m := _YEAR_FIRST.match(text):
        year, month, day = (int(g) for g in m.groups())
        year_text = m.group(1)
    elif m := _NUMERIC.match(text) or _DIGITS_ONLY.match(text):
        day, month, year = (int(g) for g in m.groups())
        year_text = m.group(3)
    elif m := _NAMED.match(text):
        month = _THAI_MONTHS.get(_month_key(m.group(2)), 0)
        day, year = int(m.group(1)), int(m.group(3))
        year_text = m.group(3)
    else:
        return None
    if len(year_text) == 2:
        year += 2500
    if year >= 2400:
        year -= BE_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class ThaiDateInput(forms.TextInput):
    """A text box for dd/mm/yyyy in B.E.: phones get the number pad and thanrak-date.js adds a B.E. "
    "calendar."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(
            {
                "inputmode": "numeric",
                "autocomplete": "off",
                "maxlength": "20",
                "data-thai-date": "",
                **(attrs or {}),
            }
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.datetime):
            value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        if isinstance(value, dt.date):
            year = value.year + (BE_OFFSET if (get_language() or "th").startswith("th") else 0)
            return f"{value.day:02d}/{value.month:02d}/{year}"
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", str(_("dd/mm/yyyy")))
        return context


class ThaiDateField(forms.DateField):
    """A date typed in B.E. (or C.E.), Thai or Arabic digits, numbers or Thai month names."""

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("Write the date as day/month/year, for example 17/05/2523."),
        "implausible_year": _(
            "The year %(year)s is not plausible: write the year in B.E., for example 2569."
        ),
        "future": _("The date cannot be after today (%(today)s)."),
    }

    def __init__(
        self, *, not_future: bool = False, min_year: int = 1900, max_year: int = 2100, **kwargs: Any
    ):
        self.not_future = not_future
        self.min_year = min_year
        self.max_year = max_year
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return timezone.localdate(value) if timezone.is_aware(value) else value.date()
        if isinstance(value, dt.date):
            return value
        day = read_thai_date(str(value))
        if day is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if not self.min_year <= value.year <= self.max_year:
            raise forms.ValidationError(
                self.error_messages["implausible_year"],
                code="implausible_year",
                params={"year": value.year + BE_OFFSET},
            )
        today = timezone.localdate()
        if self.not_future and value > today:
            raise forms.ValidationError(
                self.error_messages["future"], code="future", params={"today": format_date(today)}
            )


# A form's amount is something a person counts: the ceiling catches a slip of the keyboard (an extra
# few zeros) long before it reaches the ledger. Pass max_satang for more.
FORM_MAX_SATANG = MAX_ENTRY_SATANG


class AmountField(forms.CharField):
    """An amount typed in baht ('1,234.50', '๑๒๓', '฿500'), cleaned by parse_baht to int satang."""

    default_error_messages = {
        "invalid": _("Write an amount in baht, such as 1,250.50."),
        "decimals": _("An amount has at most two decimals (satang)."),
        "negative": _("The amount cannot be negative."),
        "too_large": _("The amount is too large: at most %(max)s baht."),
        "too_small": _("The amount must be at least %(min)s baht."),
    }

    def __init__(
        self,
        *,
        min_satang: int | None = None,
        max_satang: int = FORM_MAX_SATANG,
        allow_negative: bool = False,
        **kwargs: Any,
    ) -> None:
        self.min_satang = min_satang
        self.max_satang = min(max_satang, MAX_ABS_SATANG)
        self.allow_negative = allow_negative
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        value = super().to_python(value)
        if value in ("", None):
            return None
        try:
            return parse_baht(value, allow_negative=self.allow_negative, max_satang=self.max_satang)
        except InvalidAmount as exc:
            code = exc.code if exc.code in self.error_messages else "invalid"
            raise forms.ValidationError(
                self.error_messages[code], code=code, params={"max": format_baht(self.max_satang)}
            ) from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if self.min_satang is not None and value < self.min_satang:
            raise forms.ValidationError(
                self.error_messages["too_small"],
                code="too_small",
                params={"min": format_baht(self.min_satang)},
            )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_baht(value)
        return value


def refuse(form: forms.Form, error: Exception, *, field_map: dict[str, str] | None = None) -> None:
    """Show a refusal from the actions on the form: next to the field it names (through `field_map`
    when the action's name differs from the form's), or above the form when it names no field the
    person sees (a hidden key, a date carried over from a preview). A PermissionError (outside the
    user's areas or organisations) is said in plain words, never as a 403 page after a POST."""
    if not isinstance(error, DomainError):
        form.add_error(None, _("This is outside your areas or organisations."))
        return
    name = (field_map or {}).get(error.field or "", error.field)
    fields = form.fields
    visible = name in fields and not fields[name].widget.is_hidden
    form.add_error(name if visible else None, str(error))
