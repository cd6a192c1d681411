"""The learning pages' forms: dates in B.E. (ThaiDateField), money in baht to satang (AmountField)."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thanrak.core.forms import AmountField, ThaiDateField
from thanrak.learning.models import Topic
from thanrak.learning.programmes import programme_choices


class KeyedForm(forms.Form):
    """A form sent twice has one effect: the actions are idempotent, the key marks the sending."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class CourseForm(KeyedForm):
    title = forms.CharField(label=_("Course title"), max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    curriculum = forms.CharField(
        label=_("Standard curriculum"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=2000)
    programme_code = forms.ChoiceField(label=_("Funding programme"), required=False)
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700)
    min_attendance_percent = forms.IntegerField(
        label=_("Minimum attendance (%)"), min_value=0, max_value=100, initial=80
    )
    pass_score = forms.IntegerField(
        label=_("Pass score (leave empty when there is no test)"), min_value=0, max_value=100, required=False
    )
    area_code = forms.RegexField(label=_("Area code"), regex=r"^\d{2}(\d{2}){0,3}$", max_length=8)
    organisation = forms.IntegerField(
        label=_("Organiser (registry number of the organisation, if any)"), min_value=1, required=False
    )
    agency = forms.CharField(
        label=_("Agency named on the certificates"),
        max_length=200,
        required=False,
        help_text=_("Empty: the organiser's name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The report's programmes (monitoring's list), read when the form is made: a seed loaded
        # later adds its programmes without a restart.
        self.fields["programme_code"].choices = [("", _("No programme")), *programme_choices()]


class CourseCertificateForm(forms.Form):
    agency = forms.CharField(
        label=_("Agency named on the certificates"),
        max_length=200,
        required=False,
        help_text=_("Empty: the organiser's name."),
    )
    logo = forms.FileField(
        label=_("Agency logo (PNG, JPEG or WebP, at most 1 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(
        label=_("Remove the logo (print the agency's name only)"), required=False
    )


class BatchForm(KeyedForm):
    start_date = ThaiDateField(label=_("From"))
    end_date = ThaiDateField(label=_("Until"))
    place = forms.CharField(label=_("Place"), max_length=200)
    area_code = forms.RegexField(label=_("Area code of the place"), regex=r"^\d{6}(\d{2})?$", max_length=8)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100000)
    budget = AmountField(label=_("Budget (baht)"), required=False)
    directory_trainers = forms.TypedMultipleChoiceField(
        label=_("Trainers from the advisers' directory"),
        coerce=int,
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trainers = forms.CharField(
        label=_("Other trainers (registry numbers, separated by commas)"), max_length=400, required=False
    )

    def __init__(self, *args: Any, directory: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directory_trainers"].choices = directory or []
        if not directory:
            del self.fields["directory_trainers"]

    def clean_trainers(self) -> list[int]:
        text = self.cleaned_data.get("trainers") or ""
        try:
            return [int(part) for part in text.replace(" ", "").split(",") if part]
        except ValueError as exc:
            raise forms.ValidationError(_("Write registry numbers such as 12, 15.")) from exc


class SessionForm(forms.Form):
    date = ThaiDateField(label=_("Date"))
    starts_at = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    title = forms.CharField(label=_("Subject"), max_length=200, required=False)


class EnrolForm(KeyedForm):
    person = forms.CharField(label=_("Citizen ID or registry number"), max_length=20)


class EnrolListForm(KeyedForm):
    organisation = forms.IntegerField(label=_("Organisation (registry number)"), min_value=1, required=False)
    fund = forms.IntegerField(label=_("Community fund (number)"), min_value=1, required=False)


class EnrolFileForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX, Thai headers)"))


class CheckInForm(forms.Form):
    token = forms.CharField(label=_("Check-in code (scanned or typed)"), max_length=200)
