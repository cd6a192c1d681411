"""A survey version as an XLSForm (for ODK Collect / KoboCollect) and back; ODK submissions parsed.

The workbook has the XLSForm sheets (`survey`, `choices`, `settings`), which pyxform compiles, plus
sheets Thanrak reads back: `version` (code, titles, years, the household income question),
`parameters` (thresholds), `questions`, `dimensions` (TPMAP's dimensions) and `indicators` (each
rule in the rule language, and its dimension). Person questions sit in a `member` repeat whose
`relevant` formulas come from the indicators' rules, so a phone only asks what applies.
"""

import io
import re
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook

from thanrak.core.errors import DomainError
from thanrak.survey import rules as rl
from thanrak.survey.models import Indicator, QuestionKind, SurveyVersion, Unit

INDICATOR_COLUMNS = [
    "number",
    "category_th",
    "category_en",
    "text_th",
    "text_en",
    "unit",
    "age_min",
    "age_max",
    "sex",
    "applies_when",
    "pass_when",
    "tpmap_dimension",
]
DIMENSION_COLUMNS = ["code", "label_th", "label_en"]
QUESTION_COLUMNS = ["name", "unit", "kind", "label_th", "label_en", "min_value", "max_value"]
XLS_TYPES = {
    QuestionKind.YES_NO: "select_one yes_no",
    QuestionKind.INTEGER: "integer",
    QuestionKind.DECIMAL: "decimal",
    QuestionKind.TEXT: "text",
}
PERSON_BUILTINS = {"age": "${age}", "sex": "${sex}"}


class InvalidXlsForm(DomainError):
    """The XLSForm cannot be compiled or read back into a version."""


def _age_sex_xpath(ind: Indicator | dict[str, Any]) -> list[str]:
    get = ind.get if isinstance(ind, dict) else lambda k: getattr(ind, k)
    parts = []
    if get("age_min") is not None:
        parts.append(f"${{age}} >= {get('age_min')}")
    if get("age_max") is not None:
        parts.append(f"${{age}} <= {get('age_max')}")
    if get("sex"):
        parts.append(f"${{sex}} = '{get('sex')}'")
    return parts


def person_relevance(version: SurveyVersion) -> dict[str, str]:
    """For each person question, the XPath condition under which a member is asked it."""
    types = {q.name: q.kind for q in version.questions.all()}
    conditions: dict[str, list[str]] = {}
    for ind in version.indicators.filter(unit=Unit.PERSON):
        base = _age_sex_xpath(ind)
        applies = rl.parse(ind.applies_when) if ind.applies_when else None
        if applies is not None:
            for name in applies.names:
                conditions.setdefault(name, []).append(" and ".join(base) or "true()")
            base = [
                *base,
                "("
                + rl.to_xpath(applies, types=types, params=version.parameters, builtins=PERSON_BUILTINS)
                + ")",
            ]
        for name in rl.parse(ind.pass_when).names:
            conditions.setdefault(name, []).append(" and ".join(base) or "true()")
    out = {}
    for name, conds in conditions.items():
        if "true()" in conds:
            out[name] = ""
        else:
            unique = list(dict.fromkeys(conds))
            out[name] = " or ".join(f"({c})" for c in unique) if len(unique) > 1 else unique[0]
    return out


def workbook(version: SurveyVersion, *, round_id: int | None = None) -> Workbook:  # noqa: C901
    """The version as an XLSForm workbook (for a round, the round is fixed in the form's id and data)."""
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            "label::Thai (th)",
            "label::English (en)",
            "required",
            "relevant",
            "constraint",
            "constraint_message::Thai (th)",
            "calculation",
            "default",
        ]
    )
    form_id = version.form_id + (f"_r{round_id}" if round_id else "")
    survey.append(["calculate", "round_id", "", "", "", "", "", "", str(round_id or 0), ""])
    survey.append(
        [
            "text",
            "village_code",
            "รหัสหมู่บ้าน 8 หลัก",
            "Village code (8 digits)",
            "yes",
            "",
            "regex(., '^[0-9]{8}$')",
            "ใส่ตัวเลข 8 หลัก",
            "",
            "",
        ]
    )
    survey.append(["text", "house_no", "บ้านเลขที่", "House number", "yes", "", "", "", "", ""])

    def question_row(q: Any, relevant: str = "") -> list[Any]:
        constraint = ""
        if q.min_value is not None and q.max_value is not None:
            constraint = f". >= {q.min_value} and . <= {q.max_value}"
        message = f"{q.min_value:,}–{q.max_value:,}" if constraint else ""
        return [
            XLS_TYPES[q.kind],
            q.name,
            q.label_th,
            q.label_en,
            "yes",
            relevant,
            constraint,
            message,
            "",
            "",
        ]

    for q in version.questions.filter(unit=Unit.HOUSEHOLD).order_by("order", "id"):
        survey.append(question_row(q))
    survey.append(["begin repeat", "member", "สมาชิกในครัวเรือน", "Household member", "", "", "", "", "", ""])
    survey.append(
        [
            "text",
            "citizen_id",
            "เลขประจำตัวประชาชน",
            "Citizen ID",
            "yes",
            "",
            "regex(., '^[0-9]{13}$')",
            "ใส่ตัวเลข 13 หลัก",
            "",
            "",
        ]
    )
    survey.append(
        [
            "integer",
            "age",
            "อายุ (ปีเต็ม)",
            "Age (completed years)",
            "yes",
            "",
            ". >= 0 and . <= 130",
            "0–130",
            "",
            "",
        ]
    )
    survey.append(["select_one sex", "sex", "เพศ", "Sex", "yes", "", "", "", "", ""])
    relevance = person_relevance(version)
    for q in version.questions.filter(unit=Unit.PERSON).order_by("order", "id"):
        survey.append(question_row(q, relevance.get(q.name, "")))
    survey.append(["end repeat", "", "", "", "", "", "", "", "", ""])

    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::Thai (th)", "label::English (en)"])
    for row in (
        ("yes_no", "1", "ใช่", "Yes"),
        ("yes_no", "0", "ไม่ใช่", "No"),
        ("sex", "M", "ชาย", "Male"),
        ("sex", "F", "หญิง", "Female"),
    ):
        choices.append(list(row))
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    settings.append(
        [
            version.title_th,
            form_id,
            version.form_version,
            "Thai (th)",
            "concat(${village_code}, ' ', ${house_no})",
        ]
    )

    meta = wb.create_sheet("version")
    meta.append(["key", "value"])
    for key in ("code", "title_th", "title_en", "year_from_be", "year_to_be", "income_question"):
        meta.append([key, getattr(version, key)])
    dims = wb.create_sheet("dimensions")
    dims.append(DIMENSION_COLUMNS)
    for d in version.dimensions:
        dims.append([d.get(c, "") for c in DIMENSION_COLUMNS])
    params = wb.create_sheet("parameters")
    params.append(["name", "value"])
    for name, value in sorted(version.parameters.items()):
        params.append([name, value])
    qs = wb.create_sheet("questions")
    qs.append(QUESTION_COLUMNS)
    for q in version.questions.order_by("order", "id"):
        qs.append([getattr(q, c) for c in QUESTION_COLUMNS])
    inds = wb.create_sheet("indicators")
    inds.append(INDICATOR_COLUMNS)
    for ind in version.indicators.order_by("number"):
        inds.append([getattr(ind, c) for c in INDICATOR_COLUMNS])
    return wb


def export(version: SurveyVersion, *, round_id: int | None = None) -> bytes:
    out = io.BytesIO()
    workbook(version, round_id=round_id).save(out)
    return out.getvalue()


def xform(version: SurveyVersion, *, round_id: int) -> str:
    """The ODK XForm XML of a round's form, compiled by pyxform."""
    from pyxform.xls2xform import convert

    return convert(xlsform=io.BytesIO(export(version, round_id=round_id)), file_type=".xlsx").xform


# --- reading an XLSForm back ---------------------------------------------------------------------

_BAD_XPATH = re.compile(r"[<>=!]{3,}|<<|>>|\$\{[^}]*$|\(\s*\)|\b(and|or)\s*$|^\s*(and|or)\b")


def _check_formula(text: str, sheet: str, row: int, column: str) -> None:
    """A quick syntax check pyxform does not do without Java: brackets, quotes, operators."""
    depth = 0
    quote = ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                break
    if depth != 0 or quote or _BAD_XPATH.search(text):
        raise InvalidXlsForm(
            _(
                "Sheet %(sheet)s, row %(row)s, column %(column)s: the formula “%(formula)s” is broken "
                "(check brackets, quotes and operators)."
            ),
            code="formula_broken_check_brackets",
            field="file",
            params={"sheet": sheet, "row": row, "column": column, "formula": text},
        )


@dataclass
class VersionSpec:
    code: str
    title_th: str
    title_en: str
    year_from_be: int
    year_to_be: int
    parameters: dict[str, Any]
    income_question: str = ""
    dimensions: list[dict[str, str]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)


def _rows(wb: Any, name: str) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    if name not in wb.sheetnames:
        raise InvalidXlsForm(
            _("The sheet %(sheet)s is missing."), code="sheet_missing", field="file", params={"sheet": name}
        )
    values = list(wb[name].iter_rows(values_only=True))
    if not values:
        raise InvalidXlsForm(
            _("The sheet %(sheet)s is empty."), code="sheet_empty", field="file", params={"sheet": name}
        )
    header = [str(h or "").strip() for h in values[0]]
    rows = []
    for number, vals in enumerate(values[1:], start=2):
        if all(v in (None, "") for v in vals):
            continue
        rows.append((number, {h: vals[i] if i < len(vals) else None for i, h in enumerate(header) if h}))
    return header, rows


def read(data: bytes) -> VersionSpec:  # noqa: C901
    """Check an XLSForm with pyxform and our own checks, and return the version it describes."""
    from django.conf import settings
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    from thanrak.core.tabular import TableError, check_xlsx

    try:
        check_xlsx(
            data, max_rows=settings.THANRAK_IMPORT_MAX_ROWS, max_columns=settings.THANRAK_IMPORT_MAX_COLUMNS
        )
    except TableError as exc:  # a zip bomb or a sheet of millions of rows: refused unread
        raise InvalidXlsForm(exc.issues[0].message, field="file", params=exc.issues[0].params) from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a truncated or non-Excel upload
        raise InvalidXlsForm(
            _("The file is not a complete Excel workbook (.xlsx)."),
            code="file_complete_excel_workbook",
            field="file",
        ) from exc
    _header, survey_rows = _rows(wb, "survey")
    for number, row in survey_rows:
        for column in ("relevant", "constraint", "calculation"):
            text = str(row.get(column) or "").strip()
            if text:
                _check_formula(text, "survey", number, column)
    try:
        convert(xlsform=io.BytesIO(data), file_type=".xlsx")
    except PyXFormError as exc:
        raise InvalidXlsForm(
            _("The XLSForm does not compile: %(error)s"),
            code="xlsform_does_compile",
            field="file",
            params={"error": str(exc)},
        ) from exc
    _h, meta_rows = _rows(wb, "version")
    meta = {str(r["key"]): r["value"] for _n, r in meta_rows}
    try:
        spec = VersionSpec(
            code=str(meta["code"]).strip(),
            title_th=str(meta["title_th"]),
            title_en=str(meta.get("title_en") or ""),
            year_from_be=int(meta["year_from_be"]),
            year_to_be=int(meta["year_to_be"]),
            parameters={},
            income_question=str(meta.get("income_question") or "").strip(),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidXlsForm(
            _("The version sheet needs code, title_th, year_from_be and year_to_be."),
            code="version_needs_code_title",
            field="file",
        ) from exc
    if not re.fullmatch(r"[a-z0-9-]{2,40}", spec.code):
        raise InvalidXlsForm(
            _("The version code may use lower-case letters, digits and hyphens only."),
            code="version_code_may_use",
            field="file",
        )
    _h, param_rows = _rows(wb, "parameters")
    for number, r in param_rows:
        value = r.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidXlsForm(
                _("Sheet parameters, row %(row)s: the value must be a number."),
                code="parameters_value_number",
                field="file",
                params={"row": number},
            )
        spec.parameters[str(r["name"]).strip()] = value
    if "dimensions" in wb.sheetnames:  # workbooks exported before dimensions were data have none
        _h, d_rows = _rows(wb, "dimensions")
        spec.dimensions = [{c: str(r.get(c) or "").strip() for c in DIMENSION_COLUMNS} for _n, r in d_rows]
    _h, q_rows = _rows(wb, "questions")
    names_by_unit: dict[str, list[str]] = {Unit.HOUSEHOLD: [], Unit.PERSON: []}
    for number, r in q_rows:
        name = str(r.get("name") or "").strip()
        if (
            not re.fullmatch(r"[a-z][a-z0-9_]*", name)
            or r.get("unit") not in Unit.values
            or r.get("kind") not in QuestionKind.values
        ):
            raise InvalidXlsForm(
                _("Sheet questions, row %(row)s: check the name, unit and kind."),
                code="questions_check_name_unit",
                field="file",
                params={"row": number},
            )
        names_by_unit[r["unit"]].append(name)
        spec.questions.append(
            {
                "name": name,
                "unit": r["unit"],
                "kind": r["kind"],
                "label_th": str(r.get("label_th") or name),
                "label_en": str(r.get("label_en") or ""),
                "min_value": int(r["min_value"]) if r.get("min_value") not in (None, "") else None,
                "max_value": int(r["max_value"]) if r.get("max_value") not in (None, "") else None,
            }
        )
    _h, i_rows = _rows(wb, "indicators")
    for number, r in i_rows:
        unit = r.get("unit")
        if unit not in Unit.values:
            raise InvalidXlsForm(
                _("Sheet indicators, row %(row)s: unit must be household or person."),
                code="indicators_unit_household_person",
                field="file",
                params={"row": number},
            )
        for column in ("applies_when", "pass_when"):
            text = str(r.get(column) or "").strip()
            if not text and column == "applies_when":
                continue
            try:
                rl.parse(text, known_names=names_by_unit[unit], known_params=spec.parameters)
            except rl.InvalidRule as exc:
                raise InvalidXlsForm(
                    _("Sheet indicators, row %(row)s, column %(column)s: %(error)s"),
                    code="sheet_indicators_row_column",
                    field="file",
                    params={"row": number, "column": column, "error": str(exc)},
                ) from exc
        spec.indicators.append(
            {
                "number": int(r["number"]),
                "category_th": str(r.get("category_th") or ""),
                "category_en": str(r.get("category_en") or ""),
                "text_th": str(r.get("text_th") or ""),
                "text_en": str(r.get("text_en") or ""),
                "unit": unit,
                "age_min": int(r["age_min"]) if r.get("age_min") not in (None, "") else None,
                "age_max": int(r["age_max"]) if r.get("age_max") not in (None, "") else None,
                "sex": str(r.get("sex") or ""),
                "applies_when": str(r.get("applies_when") or ""),
                "pass_when": str(r.get("pass_when") or ""),
                "tpmap_dimension": str(r.get("tpmap_dimension") or ""),
            }
        )
    if "dimensions" not in wb.sheetnames:
        codes = dict.fromkeys(i["tpmap_dimension"] for i in spec.indicators if i["tpmap_dimension"])
        spec.dimensions = [{"code": c, "label_th": c, "label_en": c} for c in codes]
    return spec


# --- submissions ---------------------------------------------------------------------------------


@dataclass
class ParsedSubmission:
    form_id: str
    round_id: int
    instance_id: str
    village_code: str
    house_no: str
    household: dict[str, str]
    members: list[dict[str, str]]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_submission(xml: bytes) -> ParsedSubmission:
    """Read an ODK instance document (refusing entities and malformed or truncated XML)."""
    try:
        root = SafeET.fromstring(xml)
    except Exception as exc:
        raise InvalidXlsForm(
            _("The submission is not complete, well-formed XML."),
            code="submission_complete_well_formed",
            field="xml_submission_file",
        ) from exc
    form_id = root.get("id") or ""
    match = re.fullmatch(r"thanrak_[a-z0-9_]+_r(\d+)", form_id)
    if not match:
        raise InvalidXlsForm(
            _("The submission is not for a Thanrak round form."),
            code="submission_thanrak_round_form",
            field="xml_submission_file",
        )
    household: dict[str, str] = {}
    members: list[dict[str, str]] = []
    instance_id = ""
    for child in root:
        tag = _local(child.tag)
        if tag == "meta":
            for m in child:
                if _local(m.tag) == "instanceID":
                    instance_id = (m.text or "").strip()
        elif tag == "member":
            members.append({_local(c.tag): (c.text or "").strip() for c in child})
        else:
            household[tag] = (child.text or "").strip()
    if not instance_id:
        raise InvalidXlsForm(
            _("The submission has no instanceID."), code="submission_instanceid", field="xml_submission_file"
        )
    return ParsedSubmission(
        form_id=form_id.rsplit("_r", 1)[0],
        round_id=int(match.group(1)),
        instance_id=instance_id[:80],
        village_code=household.pop("village_code", ""),
        house_no=household.pop("house_no", ""),
        household=household,
        members=members,
    )
