"""Survey versions: loading the จปฐ. instrument, parameters, settings, indicators, XLSForm import."""

import csv
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.errors import DomainError
from thanrak.survey import instruments, xlsform
from thanrak.survey import rules as rl
from thanrak.survey.actions._common import _next_form_version, _require
from thanrak.survey.models import Indicator, Question, QuestionKind, SurveyVersion, Unit


class CannotEditVersion(DomainError):
    """A version change would leave a rule or threshold invalid."""


DIMENSION_CODE = r"^[a-z][a-z0-9_]{0,19}$"


def _clean_dimensions(rows: Any) -> list[dict[str, str]]:
    """TPMAP dimensions as [{code, label_th, label_en}]: codes well-formed and unique, a Thai label each."""
    clean: list[dict[str, str]] = []
    for row in rows or []:
        code = str(row.get("code") or "").strip()
        if not re.fullmatch(DIMENSION_CODE, code):
            raise CannotEditVersion(
                _("“%(code)s” is not a valid dimension code (lower-case letters, digits and _)."),
                code="valid_dimension_code_lower",
                field="dimensions",
                params={"code": code},
            )
        if code in {d["code"] for d in clean}:
            raise CannotEditVersion(
                _("The dimension %(code)s is listed twice."),
                code="dimension_listed_twice",
                field="dimensions",
                params={"code": code},
            )
        label_th = " ".join(str(row.get("label_th") or "").split())
        if not label_th:
            raise CannotEditVersion(
                _("The dimension %(code)s needs a Thai label."),
                code="dimension_needs_thai_label",
                field="dimensions",
                params={"code": code},
            )
        clean.append(
            {
                "code": code,
                "label_th": label_th[:100],
                "label_en": " ".join(str(row.get("label_en") or "").split())[:100],
            }
        )
    return clean


def _check_rules(version: SurveyVersion) -> None:
    """Every indicator rule parses, names questions of the right unit and known thresholds; the income
    question is a numeric household question and every indicator's dimension is one of the version's."""
    questions = {q.name: q.unit for q in version.questions.all()}
    params = set(version.parameters)
    if version.income_question:
        q = version.questions.filter(name=version.income_question).first()
        if (
            q is None
            or q.unit != Unit.HOUSEHOLD
            or q.kind not in (QuestionKind.INTEGER, QuestionKind.DECIMAL)
        ):
            raise CannotEditVersion(
                _("The income question %(name)s must be a household question answered with a number."),
                code="income_question_household_question",
                field="income_question",
                params={"name": version.income_question},
            )
    dimensions = {d["code"] for d in version.dimensions}
    for ind in version.indicators.all():
        if ind.tpmap_dimension and ind.tpmap_dimension not in dimensions:
            raise CannotEditVersion(
                _("Indicator %(n)s: the dimension %(code)s is not one of this version's dimensions."),
                code="indicator_dimension_version_dimensions",
                field="tpmap_dimension",
                params={"n": ind.number, "code": ind.tpmap_dimension},
            )
        allowed = [n for n, u in questions.items() if u == ind.unit]
        for field_name in ("applies_when", "pass_when"):
            text = getattr(ind, field_name)
            if not text:
                continue
            try:
                rl.parse(text, known_names=allowed, known_params=params)
            except rl.InvalidRule as exc:
                raise CannotEditVersion(
                    _("Indicator %(n)s: %(error)s"),
                    code=exc.code,
                    field=field_name,
                    params={"n": ind.number, "error": str(exc)},
                ) from exc


@transaction.atomic
def version_load_jpt2560(*, csv_path: Path, by: User, at: dt.datetime) -> SurveyVersion:
    """Load จปฐ. 2560–2564 (31 indicators, 5 categories) from the CSV catalogue; loading twice
    changes nothing."""
    _require(by, "survey.version", "change")
    existing = SurveyVersion.objects.filter(code=instruments.VERSION["code"]).first()
    if existing is not None:
        return existing
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) != 31:
        raise CannotEditVersion(
            _("The indicator catalogue should have 31 rows; it has %(n)s."),
            code="indicator_catalogue_should_rows",
            params={"n": len(rows)},
        )
    with open(csv_path.parent / "dimensions.csv", encoding="utf-8", newline="") as fh:
        dimensions = _clean_dimensions(csv.DictReader(fh))
    version = SurveyVersion.objects.create(
        **instruments.VERSION,
        parameters=dict(instruments.PARAMETERS),
        dimensions=dimensions,
        form_version=_next_form_version("", at),
        created_at=at,
        updated_at=at,
    )
    Question.objects.bulk_create(
        Question(
            version=version,
            name=n,
            unit=u,
            kind=k,
            label_th=th,
            label_en=en,
            min_value=lo,
            max_value=hi,
            order=i,
        )
        for i, (n, u, k, th, en, lo, hi) in enumerate(instruments.QUESTIONS)
    )
    indicators = []
    for row in rows:
        number = int(row["number"])
        age_min, age_max, applies, passes = instruments.RULES[number]
        indicators.append(
            Indicator(
                version=version,
                number=number,
                category_th=row["category_th"],
                category_en=row["category_en"],
                text_th=row["text_th"],
                text_en=row["text_en"],
                unit=row["unit"],
                age_min=age_min,
                age_max=age_max,
                applies_when=applies,
                pass_when=passes,
                tpmap_dimension=row["tpmap_dimension"],
                notes=row["source_notes"],
            )
        )
    Indicator.objects.bulk_create(indicators)
    _check_rules(version)
    return version


@transaction.atomic
def version_parameters_set(
    *, version: SurveyVersion, parameters: Mapping[str, Any], by: User, at: dt.datetime
) -> SurveyVersion:
    """Change thresholds (e.g. the income line); every rule must still find the thresholds it names."""
    _require(by, "survey.version", "change")
    version = SurveyVersion.objects.select_for_update().get(pk=version.pk)
    clean: dict[str, Any] = {}
    for name, value in parameters.items():
        if not str(name).isidentifier():
            raise CannotEditVersion(
                _("“%(name)s” is not a valid threshold name."),
                code="valid_threshold_name",
                field="parameters",
                params={"name": name},
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CannotEditVersion(
                _("The threshold %(name)s must be a number."),
                code="threshold_number",
                field=name,
                params={"name": name},
            )
        if value < 0 or value > 10**9:
            raise CannotEditVersion(
                _("The threshold %(name)s must be between 0 and 1,000,000,000."),
                code="threshold_between",
                field=name,
                params={"name": name},
            )
        clean[name] = value
    version.parameters = clean
    _check_rules(version)
    version.form_version = _next_form_version(version.form_version, at)
    version.updated_at = at
    version.save(update_fields=["parameters", "form_version", "updated_at"])
    return version


@transaction.atomic
def version_settings_set(
    *,
    version: SurveyVersion,
    income_question: str,
    dimensions: list[Mapping[str, Any]],
    by: User,
    at: dt.datetime,
) -> SurveyVersion:
    """Choose the household income question and the TPMAP dimensions (a dimension still used by an
    indicator cannot be removed)."""
    _require(by, "survey.version", "change")
    version = SurveyVersion.objects.select_for_update().get(pk=version.pk)
    version.income_question = (income_question or "").strip()
    version.dimensions = _clean_dimensions(dimensions)
    _check_rules(version)
    version.form_version = _next_form_version(version.form_version, at)
    version.updated_at = at
    version.save(update_fields=["income_question", "dimensions", "form_version", "updated_at"])
    return version


@transaction.atomic
def indicator_update(*, indicator: Indicator, by: User, at: dt.datetime, **fields: Any) -> Indicator:
    """Change an indicator's wording or rule (who it applies to, when it passes); rules are checked first."""
    _require(by, "survey.version", "change")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    editable = (
        "text_th",
        "text_en",
        "age_min",
        "age_max",
        "sex",
        "applies_when",
        "pass_when",
        "tpmap_dimension",
    )
    for key, value in fields.items():
        if key in editable:
            setattr(indicator, key, value if value is not None or key in ("age_min", "age_max") else "")
    if indicator.unit == Unit.HOUSEHOLD and (
        indicator.age_min is not None or indicator.age_max is not None or indicator.sex
    ):
        raise CannotEditVersion(
            _("A household indicator cannot have an age or sex filter."),
            code="household_indicator_age_sex",
            field="age_min",
        )
    if (
        indicator.age_min is not None
        and indicator.age_max is not None
        and indicator.age_max < indicator.age_min
    ):
        raise CannotEditVersion(
            _("The upper age is below the lower age."), code="upper_age_below_lower", field="age_max"
        )
    if not indicator.pass_when.strip():
        raise CannotEditVersion(_("The pass rule is required."), code="pass_rule_required", field="pass_when")
    indicator.save()
    version = indicator.version
    _check_rules(version)
    version.form_version = _next_form_version(version.form_version, at)
    version.updated_at = at
    version.save(update_fields=["form_version", "updated_at"])
    return indicator


@transaction.atomic
def version_import_xlsform(*, data: bytes, by: User, at: dt.datetime) -> SurveyVersion:
    """Create a new version from an XLSForm made by `xlsform.export` (checked by pyxform first)."""
    _require(by, "survey.version", "import")
    spec = xlsform.read(data)
    if SurveyVersion.objects.filter(code=spec.code).exists():
        raise CannotEditVersion(
            _("A version with the code %(code)s already exists."),
            code="version_code_already_exists",
            field="file",
            params={"code": spec.code},
        )
    version = SurveyVersion.objects.create(
        code=spec.code,
        title_th=spec.title_th,
        title_en=spec.title_en,
        year_from_be=spec.year_from_be,
        year_to_be=spec.year_to_be,
        parameters=spec.parameters,
        income_question=spec.income_question,
        dimensions=_clean_dimensions(spec.dimensions),
        form_version=_next_form_version("", at),
        created_at=at,
        updated_at=at,
    )
    Question.objects.bulk_create(
        Question(version=version, order=i, **q) for i, q in enumerate(spec.questions)
    )
    Indicator.objects.bulk_create(Indicator(version=version, **i) for i in spec.indicators)
    _check_rules(version)
    return version
