"""Every write of the survey module: versions, rounds, answers, evaluation, runs, help, imports."""

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.core import citizen_id
from thanrak.core.access import user_may
from thanrak.core.errors import DomainError
from thanrak.core.tabular import Issue, TableError, bound_issues, read_table
from thanrak.geo.models import Village
from thanrak.registry.models import Household, HouseholdMember, Person
from thanrak.survey import evaluation as ev
from thanrak.survey import instruments
from thanrak.survey import rules as rl
from thanrak.survey.models import (
    Assignment,
    Assistance,
    HelpKind,
    HouseholdResult,
    Indicator,
    MemberAnswer,
    Method,
    PersonResult,
    Question,
    QuestionKind,
    Response,
    ResponseRevision,
    ResponseStatus,
    Round,
    RoundStatus,
    RunArea,
    RunHousehold,
    Source,
    Submission,
    SurveyVersion,
    TargetingRun,
    Unit,
    WelfareCard,
)
from thanrak.survey.validation import Checked, Instrument, check


class CannotEditVersion(DomainError):
    """A version change would leave a rule or threshold invalid."""


class CannotManageRound(DomainError):
    """A round or assignment cannot be created or changed this way."""


class CannotCollect(DomainError):
    """Answers cannot be stored (wrong round, village, member or value)."""

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
        problems: list[Any] | None = None,
    ):
        super().__init__(message, code=code, field=field, params=params)
        self.problems = problems or []


class CannotRun(DomainError):
    """A targeting run's parameters do not fit the method."""


class CannotRecordHelp(DomainError):
    """Help cannot be recorded for this household or link."""


def _require(by: User, resource: str, action: str) -> None:
    if not user_may(by, resource, action):
        raise PermissionError(f"{resource}:{action}")


def _next_form_version(current: str, at: dt.datetime) -> str:
    """yyyymmddrr, strictly increasing (ODK Collect refetches a form when its version changes)."""
    stem = at.strftime("%Y%m%d")
    if current.startswith(stem) and len(current) == 10:
        return f"{stem}{int(current[8:]) + 1:02d}"
    return f"{stem}00" if current < f"{stem}00" else str(int(current) + 1)


# --- versions ------------------------------------------------------------------------------------


DIMENSION_CODE = r"^[a-z][a-z0-9_]{0,19}$"


def _clean_dimensions(rows: Any) -> list[dict[str, str]]:
    """TPMAP dimensions as [{code, label_th, label_en}]: codes well-formed and unique, a Thai label each."""
    import re

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
    """Load จปฐ. 2560–2564 (31 indicators, 5 categories) from the CSV catalogue; loading twice changes nothing."""
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
    from thanrak.survey import xlsform

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


# --- rounds --------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    version: SurveyVersion,
    year_be: int,
    area_code: str,
    title: str,
    reference_date: dt.date,
    by: User,
    at: dt.datetime,
) -> Round:
    """Open a round for a year and an area inside the officer's areas (one per year and area)."""
    _require(by, "survey.round", "change")
    ensure_area(by, area_code)
    if not version.year_from_be <= year_be <= version.year_to_be:
        raise CannotManageRound(
            _("The version %(version)s covers %(start)s–%(end)s, not %(year)s."),
            code="version_covers",
            field="year_be",
            params={
                "version": version.title_th,
                "start": version.year_from_be,
                "end": version.year_to_be,
                "year": year_be,
            },
        )
    overlapping = Round.objects.filter(year_be=year_be).filter(
        models.Q(area_code__startswith=area_code)
        | models.Q(area_code__in=[area_code[:n] for n in (2, 4, 6) if n < len(area_code)])
    )
    if overlapping.exists():
        raise CannotManageRound(
            _("A round for %(year)s already covers this area."),
            code="round_already_covers_area",
            field="area_code",
            params={"year": year_be},
        )
    return Round.objects.create(
        version=version,
        year_be=year_be,
        area_code=area_code,
        title=title.strip() or f"{version.title_th} {year_be}",
        reference_date=reference_date,
        created_by=by,
        created_at=at,
    )


@transaction.atomic
def round_close(*, round_: Round, by: User, at: dt.datetime) -> Round:
    """Stop collection; drafts stay but can no longer be submitted."""
    _require(by, "survey.round", "change")
    ensure_area(by, round_.area_code)
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED)
    round_.refresh_from_db()
    return round_


@transaction.atomic
def assignment_set(
    *, round_: Round, village: Village, collector: User, by: User, at: dt.datetime
) -> Assignment:
    """Give a village of the round to a volunteer working there (replaces the previous collector)."""
    _require(by, "survey.round", "change")
    ensure_area(by, village.code)
    if not village.code.startswith(round_.area_code):
        raise CannotManageRound(
            _("This village is outside the round's area."), code="village_outside_round_area", field="village"
        )
    if collector.role != Role.VOLUNTEER:
        raise CannotManageRound(
            _("Villages are assigned to volunteers (collectors)."),
            code="villages_assigned_volunteers_collectors",
            field="collector",
        )
    if not scope_of(collector).covers_area(village.code):
        raise CannotManageRound(
            _("%(name)s does not work in this village; give them the area first."),
            code="does_work_village_give",
            field="collector",
            params={"name": str(collector)},
        )
    assignment, created = Assignment.objects.get_or_create(
        round=round_, village=village, defaults={"collector": collector, "assigned_at": at}
    )
    if not created and assignment.collector_id != collector.pk:
        assignment.collector = collector
        assignment.assigned_at = at
        assignment.save(update_fields=["collector", "assigned_at"])
    return assignment


# --- collection ----------------------------------------------------------------------------------


def _ensure_may_collect(*, round_: Round, household: Household, by: User) -> None:
    _require(by, "survey.response", "change")
    if not household.area_code.startswith(round_.area_code):
        raise CannotCollect(
            _("This household is outside the round's area."),
            code="household_outside_round_area",
            field="household",
        )
    try:
        ensure_area(by, household.area_code)
    except PermissionError as exc:
        raise CannotCollect(
            _("Village %(village)s is outside your area."),
            code="village_outside_your_area",
            field="household",
            params={"village": household.area_code},
        ) from exc
    if by.role == Role.VOLUNTEER:
        assigned = Assignment.objects.filter(
            round=round_, village_id=household.area_code, collector=by
        ).exists()
        if not assigned:
            raise CannotCollect(
                _("Village %(village)s is not assigned to you in this round."),
                code="village_assigned_you_round",
                field="household",
                params={"village": household.area_code},
            )


def _current_members(household: Household, round_: Round) -> dict[int, Person]:
    """The household's members in the registry who were born by the round's reference date."""
    born = models.Q(person__birth_date__isnull=True) | models.Q(person__birth_date__lte=round_.reference_date)
    return {
        m.person_id: m.person
        for m in HouseholdMember.objects.filter(
            born, household=household, left_date__isnull=True
        ).select_related("person")
    }


@transaction.atomic
def response_save_draft(
    *,
    round_: Round,
    household: Household,
    household_raw: Mapping[str, Any],
    members_raw: Mapping[int, Mapping[str, Any]],
    by: User,
    at: dt.datetime,
) -> Response:
    """Keep whatever the collector typed, as typed, so that no draft is ever lost (checked on submit)."""
    _ensure_may_collect(round_=round_, household=household, by=by)
    response, _created = Response.objects.select_for_update().get_or_create(
        round=round_,
        household=household,
        defaults={"area_code": household.area_code, "collector": by, "started_at": at, "updated_at": at},
    )
    if response.status == ResponseStatus.SUBMITTED:
        raise CannotCollect(
            _("This household's answers were already submitted."),
            code="household_answers_already_submitted",
            field="household",
        )
    members = _current_members(household, round_)
    response.answers = {k: v for k, v in household_raw.items() if v not in (None, "")}
    response.answers["_members"] = {
        str(pid): {
            "age": raw.get("age"),
            "answers": {k: v for k, v in raw.get("answers", {}).items() if v not in (None, "")},
        }
        for pid, raw in members_raw.items()
        if pid in members
    }
    response.updated_at = at
    response.save(update_fields=["answers", "updated_at"])
    return response


def draft_values(response: Response | None) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """A draft's raw household answers and members (for filling the form again)."""
    if response is None:
        return {}, {}
    answers = dict(response.answers)
    members = answers.pop("_members", None)
    if members is None:  # a submitted response: members are in MemberAnswer
        return answers, {m.person_id: {"age": m.age, "answers": m.answers} for m in response.members.all()}
    return answers, {int(pid): raw for pid, raw in members.items()}


def _store_submitted(
    *,
    round_: Round,
    household: Household,
    checked: Checked,
    by: User,
    at: dt.datetime,
    source: str,
    instance_id: str | None = None,
) -> Response:
    response, _created = Response.objects.select_for_update().get_or_create(
        round=round_,
        household=household,
        defaults={"area_code": household.area_code, "collector": by, "started_at": at, "updated_at": at},
    )
    if response.status == ResponseStatus.SUBMITTED:
        raise CannotCollect(
            _("This household's answers were already submitted."),
            code="household_answers_already_submitted",
            field="household",
        )
    clash = (
        MemberAnswer.objects.filter(round=round_, person_id__in=list(checked.members))
        .exclude(response=response)
        .select_related("person", "response__household")
        .first()
    )
    if clash is not None:
        raise CannotCollect(
            _("%(name)s is already listed in household %(house)s in this round."),
            code="already_listed_household_round",
            field=f"m{clash.person_id}-age",
            params={"name": clash.person.full_name, "house": clash.response.household.house_no},
        )
    response.members.all().delete()
    try:
        MemberAnswer.objects.bulk_create(
            MemberAnswer(response=response, round=round_, person_id=pid, age=m["age"], answers=m["answers"])
            for pid, m in checked.members.items()
        )
    except IntegrityError as exc:  # a concurrent submission took the same person
        raise CannotCollect(
            _("A member is already listed in another household in this round."),
            code="member_already_listed_another",
        ) from exc
    sexes = dict(Person.objects.filter(pk__in=list(checked.members)).values_list("pk", "sex"))
    response.revision = ResponseRevision.objects.create(
        response=response,
        round=round_,
        household=household,
        area_code=response.area_code,
        answers=checked.household,
        members=[
            [pid, m["age"], sexes.get(pid) or "", m["answers"]] for pid, m in sorted(checked.members.items())
        ],
        source=source,
        submitted_by=by,
        submitted_at=at,
    )
    response.answers = checked.household
    response.status = ResponseStatus.SUBMITTED
    response.source = source
    response.collector = by
    response.instance_id = instance_id
    response.submitted_at = at
    response.updated_at = at
    response.save()
    return response


def _check_or_refuse(
    inst: Instrument,
    round_: Round,
    household_raw: Mapping[str, Any],
    members_raw: Mapping[int, Any],
    persons: Mapping[int, Person],
) -> Checked:
    checked = check(
        inst,
        reference_date=round_.reference_date,
        household_raw=household_raw,
        members_raw=members_raw,
        persons=persons,
        complete=True,
    )
    if not checked.ok:
        first = checked.problems[0]
        raise CannotCollect(first.text, field=first.field, problems=checked.problems)
    return checked


@transaction.atomic
def response_submit(*, response: Response, by: User, at: dt.datetime) -> Response:
    """Check a draft completely and submit it; on any problem the draft stays as it was."""
    response = (
        Response.objects.select_for_update().select_related("round__version", "household").get(pk=response.pk)
    )
    round_ = response.round
    _ensure_may_collect(round_=round_, household=response.household, by=by)
    if round_.status != RoundStatus.OPEN:
        raise CannotCollect(_("This round is closed."), code="round_closed")
    if response.status == ResponseStatus.SUBMITTED:
        return response
    household_raw, members_raw = draft_values(response)
    members = _current_members(response.household, round_)
    if not members:
        raise CannotCollect(
            _("The household has no members in the registry."),
            code="household_members_registry",
            field="household",
        )
    missing = set(members) - set(members_raw)
    members_raw = {
        **{pid: {} for pid in missing},
        **{pid: v for pid, v in members_raw.items() if pid in members},
    }
    checked = _check_or_refuse(Instrument.of(round_.version), round_, household_raw, members_raw, members)
    return _store_submitted(
        round_=round_, household=response.household, checked=checked, by=by, at=at, source=Source.WEB
    )


# --- file import ---------------------------------------------------------------------------------

IMPORT_FIXED = ("village_code", "house_no", "citizen_id", "age")


@dataclass
class ImportReport:
    households: int = 0
    persons: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


def import_columns(version: SurveyVersion) -> list[str]:
    """The documented layout: one row per member; household answers repeated on each member's row."""
    names = [q.name for q in version.questions.order_by("order", "id")]
    return [*IMPORT_FIXED, *names]


@transaction.atomic
def responses_import(
    *, round_: Round, data: bytes, by: User, at: dt.datetime, max_bytes: int | None = None
) -> ImportReport:
    """Import a round's answers from CSV/XLSX: all rows are checked first and nothing is written on any problem."""
    _require(by, "survey.response", "import")
    if not Round.objects.visible_to(by).filter(pk=round_.pk).exists():
        raise PermissionError("survey.round outside the user's areas")  # each row's village is checked below
    if round_.status != RoundStatus.OPEN:
        raise CannotCollect(_("This round is closed."), code="round_closed")
    version = round_.version
    inst = Instrument.of(version)
    columns = import_columns(version)
    try:
        table = read_table(data, required=columns, max_bytes=max_bytes)
    except TableError as exc:
        return ImportReport(issues=exc.issues)
    report = ImportReport()
    groups: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    for number, row in table.rows:
        groups.setdefault((row["village_code"], row["house_no"]), []).append((number, row))
    hh_questions = [q.name for q in inst.household_questions()]
    p_questions = [q.name for q in inst.person_questions()]
    citizen_ids = [row["citizen_id"].replace("-", "").replace(" ", "") for _n, row in table.rows]
    persons_by_cid = {p.citizen_id: p for p in Person.objects.filter(citizen_id__in=citizen_ids)}
    seen_cid: dict[str, int] = {}
    prepared = []
    for (village_code, house_no), rows in groups.items():
        first_row = rows[0][0]
        household = Household.objects.filter(area_code=village_code, house_no=house_no).first()
        if household is None:
            report.issues.append(
                Issue(
                    first_row,
                    "house_no",
                    _("No household %(house)s in village %(village)s in the registry."),
                    {"house": house_no, "village": village_code},
                )
            )
            continue
        if not village_code.startswith(round_.area_code) or not scope_of(by).covers_area(village_code):
            report.issues.append(
                Issue(
                    first_row,
                    "village_code",
                    _("Village %(village)s is outside the round's area or yours."),
                    {"village": village_code},
                )
            )
            continue
        members = _current_members(household, round_)
        household_raw = {q: rows[0][1].get(q, "") for q in hh_questions}
        members_raw: dict[int, dict[str, Any]] = {}
        row_of: dict[int, int] = {}
        bad = False
        for number, row in rows:
            for q in hh_questions:
                if row.get(q, "") != household_raw[q]:
                    report.issues.append(
                        Issue(number, q, _("Household answers differ between the rows of one household."))
                    )
                    bad = True
            cid = row["citizen_id"].replace("-", "").replace(" ", "")
            person = persons_by_cid.get(cid)
            if cid in seen_cid:
                report.issues.append(
                    Issue(
                        number,
                        "citizen_id",
                        _("This person is already listed on row %(row)s."),
                        {"row": seen_cid[cid]},
                    )
                )
                bad = True
                continue
            seen_cid[cid] = number
            if person is None or person.pk not in members:
                report.issues.append(
                    Issue(
                        number,
                        "citizen_id",
                        _("This person is not a current member of household %(house)s in the registry."),
                        {"house": house_no},
                    )
                )
                bad = True
                continue
            members_raw[person.pk] = {
                "age": row.get("age"),
                "answers": {q: row.get(q, "") for q in p_questions},
            }
            row_of[person.pk] = number
        if bad:
            continue
        checked = check(
            inst,
            reference_date=round_.reference_date,
            household_raw=household_raw,
            members_raw=members_raw,
            persons=members,
            complete=True,
        )
        for problem in checked.problems:
            column = problem.field.split("-", 1)[1]
            row_no = first_row
            if problem.field.startswith("m"):
                row_no = row_of.get(int(problem.field[1:].split("-", 1)[0]), first_row)
            report.issues.append(Issue(row_no, column, problem.text))
        if checked.ok:
            already = MemberAnswer.objects.filter(round=round_, person_id__in=list(checked.members)).exclude(
                response__household=household
            )
            if already.exists():
                report.issues.append(
                    Issue(
                        first_row,
                        "citizen_id",
                        _("A member is already listed in another household in this round."),
                    )
                )
                continue
            prepared.append((household, checked))
    if report.issues:
        report.issues = bound_issues(report.issues)
        return report
    for household, checked in prepared:
        existing = Response.objects.filter(
            round=round_, household=household, status=ResponseStatus.SUBMITTED
        ).first()
        if existing is not None:
            existing.members.all().delete()
            Response.objects.filter(pk=existing.pk).update(status=ResponseStatus.DRAFT)
        _store_submitted(
            round_=round_, household=household, checked=checked, by=by, at=at, source=Source.IMPORT
        )
        report.households += 1
        report.persons += len(checked.members)
    audit_record(
        by=by,
        event=AuditEvent.IMPORT,
        at=at,
        object_type="survey.round",
        object_id=str(round_.pk),
        area_code=round_.area_code,
        detail={"households": report.households},
    )
    return report


# --- ODK / OpenRosa ------------------------------------------------------------------------------


@transaction.atomic
def odk_submission_receive(*, xml: bytes, by: User, at: dt.datetime) -> tuple[Response, bool]:
    """Store an ODK Collect submission once per instanceID; returns (response, created)."""
    from thanrak.survey import xlsform

    parsed = xlsform.parse_submission(xml)
    existing = Submission.objects.filter(instance_id=parsed.instance_id).select_related("response").first()
    if existing is not None and existing.response is not None:
        return existing.response, False
    round_ = Round.objects.filter(pk=parsed.round_id).select_related("version").first()
    if round_ is None or round_.version.form_id != parsed.form_id:
        raise CannotCollect(
            _("The form does not belong to an open round."), code="form_does_belong_open", field="round"
        )
    if round_.status != RoundStatus.OPEN:
        raise CannotCollect(_("This round is closed."), code="round_closed", field="round")
    household = Household.objects.filter(area_code=parsed.village_code, house_no=parsed.house_no).first()
    if household is None:
        raise CannotCollect(
            _("No household %(house)s in village %(village)s in the registry."),
            code="household_village_registry",
            field="house_no",
            params={"house": parsed.house_no, "village": parsed.village_code},
        )
    _ensure_may_collect(round_=round_, household=household, by=by)
    members = _current_members(household, round_)
    by_cid = {p.citizen_id: p for p in members.values() if p.citizen_id}
    members_raw: dict[int, dict[str, Any]] = {}
    for m in parsed.members:
        person = by_cid.get(m.get("citizen_id", ""))
        if person is None:
            raise CannotCollect(
                _("Citizen ID %(cid)s is not a current member of this household."),
                code="citizen_id_current_member",
                field="citizen_id",
                params={"cid": m.get("citizen_id", "")},
            )
        if person.pk in members_raw:
            raise CannotCollect(
                _("%(name)s is listed twice."),
                code="listed_twice",
                field="citizen_id",
                params={"name": person.full_name},
            )
        members_raw[person.pk] = {"age": m.get("age"), "answers": m}
    checked = _check_or_refuse(Instrument.of(round_.version), round_, parsed.household, members_raw, members)
    response = _store_submitted(
        round_=round_,
        household=household,
        checked=checked,
        by=by,
        at=at,
        source=Source.ODK,
        instance_id=parsed.instance_id,
    )
    Submission.objects.update_or_create(
        instance_id=parsed.instance_id,
        defaults={"received_at": at, "by": by, "xml": xml.decode("utf-8", "replace"), "response": response},
    )
    return response, True


# --- welfare cards -------------------------------------------------------------------------------


@transaction.atomic
def welfare_cards_import(*, data: bytes, year_be: int, by: User, at: dt.datetime) -> ImportReport:
    """Import the welfare card register (citizen_id, validated 1/0); unknown IDs are reported, nothing half-written."""
    _require(by, "survey.welfare", "import")
    try:
        table = read_table(data, required=("citizen_id", "validated"))
    except TableError as exc:
        return ImportReport(issues=exc.issues)
    report = ImportReport()
    ids = [citizen_id.normalise(r["citizen_id"]) for _n, r in table.rows]
    persons = {p.citizen_id: p for p in Person.objects.visible_to(by).filter(citizen_id__in=ids)}
    rows = []
    for number, row in table.rows:
        person = persons.get(citizen_id.normalise(row["citizen_id"]))
        if person is None:
            report.issues.append(
                Issue(number, "citizen_id", _("No person with this citizen ID in your area."))
            )
            continue
        flag = row["validated"].strip().lower()
        if flag not in ("1", "0", "yes", "no", "true", "false"):
            report.issues.append(Issue(number, "validated", _("Write 1 (validated) or 0 (registered only).")))
            continue
        rows.append((person, flag in ("1", "yes", "true")))
    if report.issues:
        report.issues = bound_issues(report.issues)
        return report
    for person, validated in rows:
        WelfareCard.objects.update_or_create(
            person=person, defaults={"validated": validated, "year_be": year_be, "imported_at": at}
        )
    report.persons = len(rows)
    audit_record(
        by=by, event=AuditEvent.IMPORT, at=at, object_type="survey.welfarecard", detail={"persons": len(rows)}
    )
    return report


# --- evaluation and targeting --------------------------------------------------------------------


@transaction.atomic
def round_evaluate(*, round_: Round, by: User, at: dt.datetime, backend: str | None = None) -> int:
    """Indicator results per household and person for the round's submitted answers (replacing older ones)."""
    _require(by, "survey.targeting", "change")
    ensure_area(by, round_.area_code)
    round_ = Round.objects.select_related("version").get(pk=round_.pk)
    snapshot = ev.rules_snapshot(round_.version)
    digest = ev.checksum(snapshot)
    result = ev.evaluate_round(ev.connection(backend), round_, snapshot)
    HouseholdResult.objects.filter(round=round_).delete()
    PersonResult.objects.filter(round=round_).delete()
    income_question = round_.version.income_question
    incomes = {}
    if income_question:
        incomes = {
            r["household_id"]: r["answers"].get(income_question)
            for r in Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).values(
                "household_id", "answers"
            )
        }
    HouseholdResult.objects.bulk_create(
        [
            HouseholdResult(
                round=round_,
                household_id=h["household_id"],
                area_code=h["area_code"],
                members=h["members"],
                applicable=h["applicable"],
                failed=h["failed"],
                evaluated_at=at,
                rules_checksum=digest,
                income_per_person_satang=(int(Decimal(str(incomes[h["household_id"]])) * 100) // h["members"])
                if incomes.get(h["household_id"]) is not None and h["members"]
                else None,
            )
            for h in result.households
        ],
        batch_size=1000,
    )
    PersonResult.objects.bulk_create(
        [
            PersonResult(
                round=round_,
                person_id=p["person_id"],
                household_id=p["household_id"],
                applicable=p["applicable"],
                failed=p["failed"],
            )
            for p in result.persons
        ],
        batch_size=1000,
    )
    return len(result.households)


def _clean_run_parameters(
    method: str, parameters: Mapping[str, Any], snapshot: Mapping[str, Any]
) -> dict[str, Any]:
    from fractions import Fraction

    numbers = {i["number"] for i in snapshot["indicators"]}
    if method == Method.TPMAP:
        known = {d["code"] for d in snapshot.get("dimensions", [])}
        dims = [str(d) for d in parameters.get("dimensions", [])]
        unknown = sorted(set(dims) - known)
        if unknown:
            raise CannotRun(
                _("The dimension %(code)s is not in this version."),
                code="dimension_version",
                field="dimensions",
                params={"code": unknown[0]},
            )
        if not dims:
            raise CannotRun(
                _("Choose at least one dimension."), code="choose_least_dimension", field="dimensions"
            )
        return {"dimensions": sorted(set(dims))}
    if method != Method.ALKIRE_FOSTER:
        raise CannotRun(_("Unknown method."), code="unknown_method", field="method")
    raw = parameters.get("weights") or {}
    try:
        weights = {int(n): Fraction(str(w)) for n, w in raw.items()}
        k = Fraction(str(parameters.get("k", "")))
    except (ValueError, ZeroDivisionError) as exc:
        raise CannotRun(
            _("Weights and k must be numbers or fractions such as 1/3."),
            code="weights_numbers_fractions_such",
            field="weights",
        ) from exc
    if not weights:
        raise CannotRun(_("Choose at least one indicator."), code="choose_least_indicator", field="weights")
    unknown = sorted(set(weights) - numbers)
    if unknown:
        raise CannotRun(
            _("Indicator %(n)s is not in this version."),
            code="indicator_version",
            field="weights",
            params={"n": unknown[0]},
        )
    if any(w <= 0 for w in weights.values()):
        raise CannotRun(
            _("Every weight must be greater than zero."), code="every_weight_greater_zero", field="weights"
        )
    if sum(weights.values()) != 1:
        raise CannotRun(
            _("The weights must add up to 1 (they add up to %(sum)s)."),
            code="weights_add_up_they",
            field="weights",
            params={"sum": f"{float(sum(weights.values())):.4f}"},
        )
    if not 0 < k <= 1:
        raise CannotRun(
            _("The poverty cutoff k must be greater than 0 and at most 1."),
            code="poverty_cutoff_greater_most",
            field="k",
        )
    return {"weights": {str(n): str(w) for n, w in sorted(weights.items())}, "k": str(k)}


@transaction.atomic
def run_create(
    *,
    round_: Round,
    method: str,
    parameters: Mapping[str, Any],
    label: str,
    by: User,
    at: dt.datetime,
    backend: str | None = None,
) -> TargetingRun:
    """Freeze the round's rules and the parameters, compute who is poor and every area's figures, keep it all."""
    _require(by, "survey.targeting", "change")
    ensure_area(by, round_.area_code)
    round_ = Round.objects.select_related("version").get(pk=round_.pk)
    snapshot = ev.rules_snapshot(round_.version)
    clean = _clean_run_parameters(method, parameters, snapshot)
    name = backend or settings.THANRAK_ANALYTICS_BACKEND
    inputs = ev.current_inputs(round_)
    result = ev.run_compute(ev.connection(name), round_, snapshot, method, clean, inputs)
    if not result.households:
        raise CannotRun(
            _("No household of this round has submitted answers yet."),
            code="household_round_submitted_answers",
        )
    national = next((a for a in result.areas if a["area_code"] == "" and a["subgroup"] == "all"), {})
    run = TargetingRun.objects.create(
        round=round_,
        method=method,
        label=label.strip() or f"{Method(method).label} {round_.year_be}",
        parameters=clean,
        rules_snapshot=snapshot,
        rules_checksum=ev.checksum(snapshot),
        result_checksum=ev.result_checksum(result),
        inputs_checksum=inputs.checksum(),
        summary={
            k: national.get(k)
            for k in (
                "households",
                "poor_households",
                "persons",
                "poor_persons",
                "target_poor",
                "h",
                "a",
                "m0",
            )
        },
        backend=name,
        created_by=by,
        created_at=at,
    )
    RunHousehold.objects.bulk_create(
        [
            RunHousehold(
                run=run,
                household_id=h["household_id"],
                area_code=h["area_code"],
                members=h["members"],
                failed=h["failed"],
                score=h["score"],
                is_poor=h["is_poor"],
                target_persons=h["target_persons"],
                revision_id=inputs.revisions[h["household_id"]],
                welfare=sorted(inputs.welfare.get(h["household_id"], [])),
            )
            for h in result.households
        ],
        batch_size=1000,
    )
    RunArea.objects.bulk_create(
        [
            RunArea(
                run=run,
                area_code=a["area_code"],
                subgroup=a["subgroup"],
                households=a["households"],
                poor_households=a["poor_households"],
                persons=a["persons"],
                poor_persons=a["poor_persons"],
                target_poor=a["target_poor"],
                h=a["h"],
                a=a["a"],
                m0=a["m0"],
                censored=a["censored"],
                contributions=a["contributions"],
            )
            for a in result.areas
        ],
        batch_size=1000,
    )
    return run


@dataclass
class Reproduction:
    """Two separate facts about a run: does it recompute identically from what it froze, and have
    the round's answers (or welfare cards) changed since it was made."""

    identical: bool
    # None for a run made before inputs were frozen: it can only be recomputed from today's answers.
    changed_households: int | None

    @property
    def inputs_frozen(self) -> bool:
        return self.changed_households is not None

    @property
    def answers_changed(self) -> bool:
        return self.changed_households > 0 if self.changed_households is not None else not self.identical


def run_inputs(run: TargetingRun) -> ev.Inputs | None:
    """The inputs a run read (None for a run made before inputs were frozen)."""
    rows = list(run.households.values_list("household_id", "revision_id", "welfare"))
    if any(r is None for _h, r, _w in rows):
        return None
    inputs = ev.Inputs(revisions={h: r for h, r, _w in rows}, welfare={h: list(w) for h, _r, w in rows if w})
    return inputs if not run.inputs_checksum or inputs.checksum() == run.inputs_checksum else None


def run_reproduce(*, run: TargetingRun, backend: str | None = None) -> Reproduction:
    """Recompute a run from its frozen rules, parameters and inputs (the answers revisions and welfare
    cards it read), and tell separately whether the round's answers changed since."""
    frozen = run_inputs(run)
    current = ev.current_inputs(run.round)
    result = ev.run_compute(
        ev.connection(backend), run.round, run.rules_snapshot, run.method, run.parameters, frozen or current
    )
    if frozen is None:
        return Reproduction(
            identical=ev.result_checksum(result) == run.result_checksum, changed_households=None
        )
    return Reproduction(
        identical=ev.result_checksum(result) == run.result_checksum,
        changed_households=len(frozen.changed_households(current)),
    )


# --- follow-up -----------------------------------------------------------------------------------

# What help of each kind may point at (app_label.model): the loan it was, the group or fund the
# household joined, the programme that trained or served it.
LINKABLE = {
    HelpKind.LOAN: {"finance.loan"},
    HelpKind.MEMBERSHIP: {"registry.membership", "finance.fundmember"},
    HelpKind.TRAINING: {"monitoring.programme", "registry.membership"},
    HelpKind.PROGRAMME: {"monitoring.programme"},
}


@transaction.atomic
def assistance_record(
    *,
    household: Household,
    kind: str,
    description: str,
    given_on: dt.date,
    by: User,
    at: dt.datetime,
    indicators: list[int] | None = None,
    linked: models.Model | None = None,
    run: TargetingRun | None = None,
) -> Assistance:
    """Record help given to a household, linked to its record in another module (a membership, a loan…)."""
    _require(by, "survey.assistance", "change")
    ensure_area(by, household.area_code)
    if kind not in HelpKind.values:
        raise CannotRecordHelp(_("Choose the kind of help."), code="choose_kind_help", field="kind")
    description = " ".join((description or "").split())
    if not description:
        raise CannotRecordHelp(_("Describe the help given."), code="describe_help_given", field="description")
    if given_on > timezone.localdate(at):
        raise CannotRecordHelp(
            _("The date of the help is in the future."), code="date_help_future", field="given_on"
        )
    linked_type = None
    linked_id = ""
    if linked is not None:
        from thanrak.survey.queries import help_link_allowed

        if linked._meta.label_lower not in LINKABLE[HelpKind(kind)]:
            raise CannotRecordHelp(
                _(
                    "This kind of help cannot be linked to that record: a loan to a loan, a membership to a "
                    "group or fund membership, a training to a programme or a group, a programme to a programme."
                ),
                code="kind_help_linked_record",
                field="linked",
            )
        if not help_link_allowed(viewer=by, household=household, record=linked):
            raise CannotRecordHelp(
                _("The record belongs to someone outside this household or is outside your areas."),
                code="record_belongs_someone_outside",
                field="linked",
            )
        linked_type = ContentType.objects.get_for_model(linked)
        linked_id = str(linked.pk)
    return Assistance.objects.create(
        household=household,
        area_code=household.area_code,
        kind=kind,
        description=description[:300],
        given_on=given_on,
        indicators=sorted({int(i) for i in indicators or []}),
        run=run,
        linked_type=linked_type,
        linked_id=linked_id,
        recorded_by=by,
        recorded_at=at,
    )


# --- external sources ----------------------------------------------------------------------------


@dataclass
class ExternalImport:
    source: str
    areas: int
    national: Any
    unmatched: list[str]


@transaction.atomic
def external_tpmap_import(*, directory: Path, source: str, year_be: int, at: dt.datetime) -> ExternalImport:
    """Import TPMAP's published totals (replacing the same source); 2018 codes that no longer
    match today's geography are kept and reported, never dropped."""
    from thanrak.geo.models import District, Province, Subdistrict
    from thanrak.survey.external import read_directory
    from thanrak.survey.models import ExternalAreaStat

    totals = read_directory(directory)
    known = {
        2: set(Province.objects.values_list("code", flat=True)),
        4: set(District.objects.values_list("code", flat=True)),
        6: set(Subdistrict.objects.values_list("code", flat=True)),
    }
    ExternalAreaStat.objects.filter(source=source, year_be=year_be).delete()
    rows = []
    unmatched = []
    for code, t in sorted(totals.items()):
        matched = code == "" or code in known.get(len(code), set())
        if not matched:
            unmatched.append(code)
        rows.append(
            ExternalAreaStat(
                source=source,
                year_be=year_be,
                area_code=code,
                matched=matched,
                households=t.households,
                persons=t.persons,
                poor_households=t.poor_households,
                poor_persons=t.poor_persons,
                welfare_registered=t.welfare_registered,
                target_poor=t.target_poor,
                dimensions=t.dimensions,
                indicator_failures=t.indicator_failures,
                imported_at=at,
            )
        )
    ExternalAreaStat.objects.bulk_create(rows, batch_size=2000)
    return ExternalImport(source=source, areas=len(rows), national=totals[""], unmatched=unmatched)
