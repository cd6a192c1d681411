"""Forms of the services pages: what people type, read in Thai; the rules live in the actions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thanrak.core.forms import ThaiDateField
from thanrak.services.models import (
    Availability,
    CaseChannel,
    CaseOutcome,
    CaseStatus,
    CaseTopic,
    DevelopmentStatus,
    Expertise,
    HelperKind,
    SubjectKind,
    TargetStandard,
)
from thanrak.services.rules import TRANSITIONS

ANY = [("", _("Any"))]


class KeyedForm(forms.Form):
    """A form whose hidden key makes a double submit have one effect."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            import uuid

            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or words"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=ANY + list(CaseStatus.choices), required=False)
    topic = forms.ChoiceField(label=_("What is asked"), choices=ANY + list(CaseTopic.choices), required=False)


class CaseOpenForm(KeyedForm):
    subject_kind = forms.ChoiceField(label=_("Who is helped"), choices=SubjectKind.choices)
    subject_id = forms.IntegerField(
        label=_("Record number of the person, household or organisation"), min_value=1, max_value=2**62
    )
    topic = forms.ChoiceField(label=_("What is asked"), choices=CaseTopic.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=CaseChannel.choices)
    intake_date = ThaiDateField(label=_("Intake date"), not_future=True)
    summary = forms.CharField(label=_("Request"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class CaseStepForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Next step"), choices=[])
    on = ThaiDateField(label=_("Date"), not_future=True)
    outcome = forms.ChoiceField(
        label=_("Outcome (to close)"), choices=[("", "—"), *CaseOutcome.choices], required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, status: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nexts = sorted(TRANSITIONS.get(status, frozenset()) - {CaseStatus.REFERRED})
        self.fields["to_status"].choices = [(s, CaseStatus(s).label) for s in nexts]


class ReferForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label="—")
    request = forms.CharField(
        label=_("What is asked of the agency"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The agency reads this and the client's name (masked unless the client consented)."),
    )
    on = ThaiDateField(label=_("Sent on"), not_future=True)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class AssignForm(forms.Form):
    adviser = forms.ModelChoiceField(
        label=_("Adviser"), queryset=None, required=False, empty_label=_("No adviser")
    )

    def __init__(self, *args: Any, helpers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = helpers


class ConsentForm(forms.Form):
    given_on = ThaiDateField(label=_("Consent given on"), not_future=True)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline")), ("report", _("Report back"))],
    )
    on = ThaiDateField(label=_("Date"), not_future=True)
    text = forms.CharField(
        label=_("Reason for declining, or what was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class AgencyForm(forms.Form):
    code = forms.SlugField(label=_("Code (English letters)"), max_length=40, required=False)
    name_th = forms.CharField(label=_("Thai name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    services = forms.CharField(label=_("Services"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    area_code = forms.CharField(
        label=_("Province or district code (blank: national)"), max_length=4, required=False
    )
    answer_days = forms.IntegerField(label=_("Days to answer"), min_value=1, max_value=365, initial=14)
    is_active = forms.BooleanField(label=_("Takes referrals"), required=False, initial=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file (the layout of the template)"))


class AgencyImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file (the layout of the download)"))


class HelperFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or expertise in words"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + list(HelperKind.choices), required=False)
    expertise = forms.ChoiceField(label=_("Expertise"), choices=ANY + list(Expertise.choices), required=False)
    area = forms.CharField(label=_("Area code served"), required=False, max_length=8)


class HelperForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds"), choices=HelperKind.choices, widget=forms.CheckboxSelectMultiple
    )
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"), choices=Expertise.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    expertise_words = forms.CharField(label=_("Other expertise (free words)"), max_length=300, required=False)
    areas = forms.CharField(
        label=_("Areas served (codes, separated by spaces)"), max_length=300, required=False
    )
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices)
    capacity = forms.IntegerField(label=_("Open cases at once"), min_value=1, max_value=500, initial=5)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DevelopmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ANY + list(DevelopmentStatus.choices), required=False
    )
    standard = forms.ChoiceField(
        label=_("Standard"), choices=ANY + list(TargetStandard.choices), required=False
    )


class DevelopmentOpenForm(forms.Form):
    product_id = forms.IntegerField(label=_("Product number"), min_value=1, max_value=2**62)
    standard = forms.ChoiceField(label=_("Standard aimed at"), choices=TargetStandard.choices)
    level_before = forms.IntegerField(
        label=_("Level before (OTOP: stars; others: 0 or 1)"), min_value=0, max_value=5, initial=0
    )
    level_target = forms.IntegerField(label=_("Level aimed at"), min_value=1, max_value=5, initial=1)
    started_on = ThaiDateField(label=_("Started on"), not_future=True)
    adviser = forms.ModelChoiceField(
        label=_("Adviser"), queryset=None, required=False, empty_label=_("No adviser")
    )

    def __init__(self, *args: Any, helpers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = helpers


class DevelopmentStepForm(forms.Form):
    on = ThaiDateField(label=_("Date"), not_future=True)
    what = forms.CharField(label=_("What was done"), max_length=500)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class DevelopmentEndForm(forms.Form):
    end = forms.ChoiceField(label=_("End"), choices=[("done", _("Done")), ("drop", _("Dropped"))])
    finished_on = ThaiDateField(label=_("Date"), not_future=True)
    level_after = forms.IntegerField(label=_("Level reached"), min_value=0, max_value=5, required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    drop_reason = forms.CharField(label=_("Why dropped"), max_length=300, required=False)


class VisitForm(KeyedForm):
    on = ThaiDateField(label=_("Visited on"), not_future=True)
    what = forms.CharField(label=_("What was done"), max_length=500)
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)


class CaseloadAssignForm(forms.Form):
    run = forms.ModelChoiceField(label=_("Targeting run"), queryset=None, empty_label="—")
    helper = forms.ModelChoiceField(label=_("Volunteer"), queryset=None, empty_label="—")
    area = forms.RegexField(
        label=_("Village or subdistrict code"),
        regex=r"^[0-9]{6}([0-9]{2})?$",
        max_length=8,
        error_messages={"invalid": _("Write a subdistrict (6 digits) or village (8 digits) code.")},
    )

    def __init__(self, *args: Any, runs: Any = None, helpers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = runs
        self.fields["helper"].queryset = helpers
