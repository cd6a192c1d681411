"""Forms for the registry pages. They parse input only: the rules live in actions and come back as
DomainError, which `thanrak.core.forms.refuse` puts on the field it names."""

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thanrak.core.forms import ThaiDateField
from thanrak.geo.widgets import AreaField
from thanrak.registry.models import IdKind, MemberRole, OrganisationKind, Relation, Sex


def _choices(choices: list[tuple[str, Any]], blank: Any = None) -> list[tuple[str, Any]]:
    return ([("", blank)] if blank is not None else []) + list(choices)


# --- filters -------------------------------------------------------------------------------------


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, citizen ID or house number")}
        ),
    )
    area = AreaField(label=_("Area"), depth=4, min_depth=1, required=False)


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or citizen ID")}),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_choices(Sex.choices, _("Any")))
    area = AreaField(label=_("Area"), depth=4, min_depth=1, required=False)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or registration number")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_choices(OrganisationKind.choices, _("Any kind"))
    )
    area = AreaField(label=_("Area"), depth=3, min_depth=1, required=False)


class VillageFilterForm(forms.Form):
    subdistrict = AreaField(label=_("Subdistrict"), depth=3, min_depth=3, required=False)


class DuplicateFilterForm(forms.Form):
    area = AreaField(label=_("Area"), depth=3, min_depth=1, required=False)


class PersonSearchForm(forms.Form):
    """Find a registered person to add to a household or an organisation."""

    q = forms.CharField(
        label=_("Find a registered person"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or citizen ID")}),
    )


# --- persons -------------------------------------------------------------------------------------


class PersonForm(forms.Form):
    """A person's details; `with_area=False` when the person lives where the household is."""

    id_kind = forms.ChoiceField(label=_("Identity document"), choices=IdKind.choices, initial=IdKind.THAI_ID)
    citizen_id = forms.CharField(
        label=_("Citizen ID"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "1-2345-67890-12-1"}
        ),
    )
    other_id = forms.CharField(label=_("Other document number"), required=False, max_length=40)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"list": "person-titles"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    first_name_en = forms.CharField(label=_("First name (English)"), required=False, max_length=100)
    last_name_en = forms.CharField(label=_("Last name (English)"), required=False, max_length=100)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_choices(Sex.choices, _("Not recorded")))
    birth_date = ThaiDateField(
        label=_("Birth date"), required=False
    )  # the action says a birth date is in the future
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20, widget=forms.TextInput(attrs={"type": "tel"})
    )
    area_code = AreaField(label=_("Where the person lives"), depth=4, min_depth=3)

    def __init__(self, *args: Any, with_area: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not with_area:
            del self.fields["area_code"]

    def person_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in PERSON_FORM_FIELDS}


PERSON_FORM_FIELDS = (
    "id_kind",
    "citizen_id",
    "other_id",
    "title",
    "first_name",
    "last_name",
    "first_name_en",
    "last_name_en",
    "sex",
    "birth_date",
    "phone",
    "area_code",
)


class NewMemberForm(PersonForm):
    """A new person living in the household, with their relation to the head."""

    relation = forms.ChoiceField(
        label=_("Relation to the head"),
        choices=[(v, label) for v, label in Relation.choices if v != Relation.HEAD],
    )

    field_order = ["relation"]

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs["with_area"] = False
        super().__init__(*args, **kwargs)


class BaseNewMemberFormSet(forms.BaseFormSet):
    """Blank member rows are skipped: only rows with a first name are people."""


NewMemberFormSet = forms.formset_factory(NewMemberForm, formset=BaseNewMemberFormSet, extra=2, max_num=20)


class ExistingMemberForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    relation = forms.ChoiceField(label=_("Relation to the head"), choices=Relation.choices)


# --- households ----------------------------------------------------------------------------------


class HouseholdForm(forms.Form):
    village = AreaField(label=_("Village"), depth=4, min_depth=4)
    house_no = forms.CharField(label=_("House number"), max_length=30)
    house_code = forms.CharField(
        label=_("House registration code (11 digits)"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    address_detail = forms.CharField(label=_("Lane, road"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20, widget=forms.TextInput(attrs={"type": "tel"})
    )


class HeadChangeForm(forms.Form):
    new_head = forms.TypedChoiceField(label=_("New head of household"), coerce=int)
    old_head_relation = forms.ChoiceField(
        label=_("The former head's relation to the new head"),
        choices=[(v, label) for v, label in Relation.choices if v != Relation.HEAD],
    )

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["new_head"].choices = [
            (m.pk, m.person.full_name) for m in members if m.relation != Relation.HEAD
        ]


# --- organisations -------------------------------------------------------------------------------


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(OrganisationKind.choices, _("Choose…")))
    name_th = forms.CharField(label=_("Thai name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), required=False, max_length=200)
    registration_no = forms.CharField(label=_("Registration number"), required=False, max_length=40)
    registered_date = ThaiDateField(label=_("Registered on"), required=False)
    tax_id = forms.CharField(
        label=_("Tax ID"),
        required=False,
        max_length=17,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    vat_registered = forms.BooleanField(label=_("VAT registered"), required=False)
    area_code = AreaField(label=_("Area"), depth=4, min_depth=3)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("Email"), required=False)
    line_id = forms.CharField(label=_("LINE ID"), required=False, max_length=50)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]


class MembershipAddForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    start_date = ThaiDateField(label=_("From"), not_future=True)


class MembershipEndForm(forms.Form):
    end_date = ThaiDateField(label=_("Until"))


# --- villages and merging ------------------------------------------------------------------------


class VillageForm(forms.Form):
    number = forms.IntegerField(
        label=_("Village number (หมู่ที่)"),
        min_value=1,
        max_value=99,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    name_th = forms.CharField(label=_("Thai name"), max_length=150)
    name_en = forms.CharField(label=_("English name"), required=False, max_length=150)


class MergeForm(forms.Form):
    survivor = forms.TypedChoiceField(label=_("Keep this record"), coerce=int, widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label=_("I have checked that these records are the same person."), required=True
    )

    def __init__(self, *args: Any, persons: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(p.pk, _survivor_label(n, p)) for n, p in enumerate(persons, 1)]


def _survivor_label(n: int, person: Any) -> str:
    """Two duplicates share a name; the choice says which card above it is (its number and when
    it was registered), so the two radio buttons never read the same."""
    from thanrak.core.thai import format_date

    return _("Record %(n)s: #%(pk)s %(name)s, registered %(date)s") % {
        "n": n,
        "pk": person.pk,
        "name": person.full_name,
        "date": format_date(person.created_at, lang=get_language() or "th"),
    }


class ImportForm(forms.Form):
    """Upload a registry file; the size limit is checked by the view (a clear message, not a 413)."""

    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("persons", _("People")),
            ("households", _("Households")),
            ("organisations", _("Organisations")),
        ],
    )
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the wrong ones (otherwise: all rows or none)"), required=False
    )
