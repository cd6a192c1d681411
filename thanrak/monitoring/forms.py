"""Forms parse what people type; the rules themselves live in actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thanrak.monitoring import computed
from thanrak.monitoring.models import (
    Agency,
    Direction,
    Indicator,
    IndicatorKind,
    PolicyItem,
    Programme,
    ProgrammeKind,
    TargetBasis,
    Temporal,
    Unit,
)


class FilterForm(forms.Form):
    """The area and fiscal year a page shows (checked against the viewer's scope in queries)."""

    area = forms.CharField(label=_("Area code"), required=False, max_length=8)
    fy = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=2400, max_value=2700)
    item = forms.CharField(label=_("Policy item"), required=False, max_length=12)
    approved = forms.BooleanField(label=_("Approved values only"), required=False)


class ProgrammeForm(forms.Form):
    section = forms.CharField(
        label=_("Report section number"), max_length=30, help_text=_("e.g. 1.1.3 or 1.1.3(1)")
    )
    policy_item = forms.ModelChoiceField(
        label=_("Policy item"), queryset=PolicyItem.objects.order_by("sort_key")
    )
    name_th = forms.CharField(label=_("Thai name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Programme.objects.order_by("sort_key"), required=False
    )
    owner_agency = forms.ModelChoiceField(
        label=_("Owner agency"), queryset=Agency.objects.order_by("name_th"), required=False
    )
    first_fiscal_year = forms.IntegerField(
        label=_("From fiscal year"), required=False, min_value=2400, max_value=2700
    )
    last_fiscal_year = forms.IntegerField(
        label=_("Until fiscal year"), required=False, min_value=2400, max_value=2700
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class IndicatorForm(forms.Form):
    name_th = forms.CharField(label=_("Thai name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    unit_label_th = forms.CharField(
        label=_("Thai counting word"),
        max_length=40,
        required=False,
        help_text=_("Needed for the unit 'other'; e.g. ราย, แห่ง"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    numerator = forms.ModelChoiceField(
        label=_("Numerator"), queryset=Indicator.objects.none(), required=False
    )
    denominator = forms.ModelChoiceField(
        label=_("Denominator (the total)"), queryset=Indicator.objects.none(), required=False
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    temporal = forms.ChoiceField(label=_("Over time"), choices=Temporal.choices)
    decimals = forms.IntegerField(label=_("Decimals"), min_value=0, max_value=4, required=False)
    computation = forms.ChoiceField(label=_("Computed by"), required=False)
    dhis2_uid = forms.CharField(label=_("DHIS2 data element id"), max_length=11, required=False)

    def __init__(self, *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        parts = Indicator.objects.filter(
            kind__in=[IndicatorKind.COUNT, IndicatorKind.SUM], is_active=True
        ).order_by("code")
        self.fields["numerator"].queryset = parts  # type: ignore[attr-defined]
        self.fields["denominator"].queryset = parts  # type: ignore[attr-defined]
        self.fields["computation"].choices = [("", _("— typed in by officers —")), *computed.choices()]  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    area = forms.CharField(
        label=_("Area code"), max_length=8, required=False, help_text=_("Empty for the whole country")
    )
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2400, max_value=2700)
    value = forms.CharField(label=_("Target"), max_length=40)
    basis = forms.ChoiceField(label=_("Basis"), choices=TargetBasis.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EntryChoiceForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    period = forms.CharField(
        label=_("Period"), max_length=24, help_text=_("A month such as 2569-01, or FY2569")
    )
    area = forms.CharField(label=_("Area code"), max_length=8)

    def __init__(self, *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator"].queryset = (  # type: ignore[attr-defined]
            Indicator.objects.filter(is_active=True, computation="")
            .exclude(kind__in=[IndicatorKind.RATIO, IndicatorKind.SHARE])
            .select_related("programme")
            .order_by("programme__sort_key", "sort_order")
        )


class WorkflowForm(forms.Form):
    area = forms.CharField(max_length=8, required=False)
    period = forms.CharField(max_length=24)
    comment = forms.CharField(required=False, max_length=2000)


class LockForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=24, help_text=_("FY2569, FY2569Q1 or a month 2569-01")
    )
    include_unapproved = forms.BooleanField(
        label=_("Lock even if some values are not approved"), required=False
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must this period be reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, Excel or DHIS2 JSON)"))
    dry_run = forms.BooleanField(label=_("Check only, do not save"), required=False)


class ExportForm(forms.Form):
    FORMATS = [("csv", "CSV"), ("xlsx", "Excel (XLSX)"), ("dhis2", _("DHIS2 dataValueSets JSON"))]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.order_by("code"), required=False
    )
    area = forms.CharField(label=_("Area code"), max_length=8, required=False)
    fy = forms.IntegerField(label=_("Fiscal year"), min_value=2400, max_value=2700, required=False)


class ReportForm(forms.Form):
    fy = forms.IntegerField(label=_("Fiscal year"), min_value=2400, max_value=2700)
    area = forms.CharField(label=_("Area code"), max_length=8, required=False)
    digits = forms.ChoiceField(
        label=_("Digits"),
        choices=[("thai", _("Thai digits")), ("arabic", _("Arabic digits"))],
        required=False,
    )


class FigureMappingForm(forms.Form):
    """How one figure of the published report is answered (the national manager's change)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("computed", _("Computed from records")),
            ("typed", _("Typed (another agency's figure)")),
            ("unmapped", _("Not yet mapped")),
        ],
    )
    computation = forms.ChoiceField(label=_("Computed by"), required=False)
    parameters = forms.CharField(
        label=_("Parameters"),
        required=False,
        max_length=300,
        help_text=_("name=value, separated by ; (e.g. programme=2.4(2);kind=COOPERATIVE)"),
    )
    aggregate = forms.ChoiceField(
        label=_("Aggregate"),
        required=False,
        choices=[
            ("sum", _("Sum over areas")),
            ("provinces", _("Distinct provinces")),
            ("districts", _("Distinct districts")),
            ("subdistricts", _("Distinct subdistricts")),
            ("villages", _("Distinct villages")),
        ],
    )
    area_code = forms.CharField(label=_("Province the figure is about"), required=False, max_length=2)
    source_th = forms.CharField(label=_("Source (agency), in Thai"), required=False, max_length=200)
    note_th = forms.CharField(
        label=_("Note, in Thai"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(label=_("Source (agency), in English"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Note, in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["computation"].choices = [("", "—"), *computed.choices()]
