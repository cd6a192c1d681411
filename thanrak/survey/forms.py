from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanrak.core.forms import ThaiDateField
from thanrak.survey.models import HelpKind, Method, QuestionKind, SurveyVersion, Unit


class RoundForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Survey version"), queryset=SurveyVersion.objects.order_by("-year_from_be")
    )
    year_be = forms.IntegerField(label=_("Year (B.E.)"), min_value=2500, max_value=2700)
    area_code = forms.RegexField(
        label=_("Area code (province, district or subdistrict)"), regex=r"^([0-9]{2}){1,3}$"
    )
    title = forms.CharField(label=pgettext_lazy("survey round", "Title"), max_length=200, required=False)
    reference_date = ThaiDateField(label=_("Reference date for ages"))


class AssignmentForm(forms.Form):
    village = forms.ChoiceField(label=_("Village"))
    collector = forms.ChoiceField(label=_("Volunteer"))

    def __init__(self, *args: object, villages: list, volunteers: list, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["village"].choices = [(v.code, f"{v.code} {v}") for v in villages]
        self.fields["collector"].choices = [(u.pk, u.get_full_name() or u.username) for u in volunteers]


class FileForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))


class WelfareForm(FileForm):
    year_be = forms.IntegerField(label=_("Register year (B.E.)"), min_value=2500, max_value=2700)


class RunForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, widget=forms.RadioSelect)
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    dimensions = forms.MultipleChoiceField(
        label=_("TPMAP dimensions"), required=False, widget=forms.CheckboxSelectMultiple
    )
    weights = forms.CharField(
        label=_("Alkire–Foster weights (indicator=weight, one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Fractions are fine, e.g. 22=1/15. Leave empty for the version's TPMAP dimensions with equal "
            "nested weights."
        ),
    )
    k = forms.CharField(label=_("Poverty cutoff k"), required=False, initial="1/3")

    def __init__(self, *args: object, version: SurveyVersion, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = version.dimension_choices()
        self.fields["dimensions"].choices = choices
        self.fields["dimensions"].initial = [code for code, _label in choices]

    def parameters(self) -> dict:
        data = self.cleaned_data
        if data["method"] == Method.TPMAP:
            return {"dimensions": data["dimensions"]}
        weights = {}
        for line in (data.get("weights") or "").splitlines():
            if "=" in line:
                n, w = line.split("=", 1)
                weights[n.strip()] = w.strip()
        return {"weights": weights, "k": data.get("k") or "1/3"}


class ParametersForm(forms.Form):
    def __init__(self, *args: object, parameters: dict, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, value in sorted(parameters.items()):
            self.fields[name] = forms.DecimalField(
                label=name, initial=value, min_value=0, max_digits=14, decimal_places=2
            )

    def values(self) -> dict:
        return {k: (int(v) if v == int(v) else float(v)) for k, v in self.cleaned_data.items()}


class IndicatorForm(forms.Form):
    text_th = forms.CharField(label=_("Thai wording"), max_length=300)
    text_en = forms.CharField(label=_("English wording"), max_length=300, required=False)
    age_min = forms.IntegerField(label=_("From age"), min_value=0, max_value=130, required=False)
    age_max = forms.IntegerField(label=_("To age"), min_value=0, max_value=130, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", _("Any")), ("M", _("Male")), ("F", _("Female"))], required=False
    )
    applies_when = forms.CharField(label=_("Applies when (status rule)"), max_length=500, required=False)
    pass_when = forms.CharField(label=_("Passes when (rule)"), max_length=500)
    tpmap_dimension = forms.ChoiceField(label=_("TPMAP dimension"), required=False)

    def __init__(self, *args: object, version: SurveyVersion, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["tpmap_dimension"].choices = [("", "—"), *version.dimension_choices()]


class VersionSettingsForm(forms.Form):
    """The household income question and TPMAP's dimensions (one per line: code | Thai | English)."""

    income_question = forms.ChoiceField(label=_("Household income question"), required=False)
    dimensions = forms.CharField(
        label=_("TPMAP dimensions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line: code | Thai label | English label."),
    )

    def __init__(self, *args: object, version: SurveyVersion, **kwargs: object):
        kwargs.setdefault(
            "initial",
            {
                "income_question": version.income_question,
                "dimensions": "\n".join(
                    f"{d['code']} | {d.get('label_th', '')} | {d.get('label_en', '')}"
                    for d in version.dimensions
                ),
            },
        )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        numeric = version.questions.filter(
            unit=Unit.HOUSEHOLD, kind__in=[QuestionKind.INTEGER, QuestionKind.DECIMAL]
        )
        self.fields["income_question"].choices = [
            ("", "—"),
            *[(q.name, f"{q.name}: {q.label}") for q in numeric],
        ]

    def dimension_rows(self) -> list[dict[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("dimensions") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", ""]
            rows.append({"code": parts[0], "label_th": parts[1], "label_en": parts[2]})
        return rows


class AssistanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of help"), choices=HelpKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    given_on = ThaiDateField(label=_("Given on"), not_future=True)
    indicators = forms.MultipleChoiceField(
        label=_("Needs addressed"), required=False, widget=forms.CheckboxSelectMultiple
    )
    linked = forms.ChoiceField(
        label=_("Linked record"),
        required=False,
        help_text=_("The household's loan, group or fund membership, or the programme that gave the help."),
    )

    def __init__(self, *args: object, needs: list, links: list, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicators"].choices = needs
        groups: dict[str, list[tuple[str, str]]] = {}
        for link in links:
            groups.setdefault(link.group, []).append((link.key, link.label))
        self.fields["linked"].choices = [("", "—"), *groups.items()]
