"""From a round's stored answers to Ibis tables, and through thanrak.survey.analysis to results.

The rules used are always a snapshot (plain JSON): a version's current rules when evaluating,
a run's frozen copy when reproducing it.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import ibis
import pyarrow as pa

from thanrak.survey import analysis as compute
from thanrak.survey.models import (
    MemberAnswer,
    QuestionKind,
    Response,
    ResponseStatus,
    Round,
    SurveyVersion,
)

ARROW_TYPES = {
    QuestionKind.YES_NO: pa.bool_(),
    QuestionKind.INTEGER: pa.int64(),
    QuestionKind.DECIMAL: pa.float64(),
    QuestionKind.TEXT: pa.string(),
}


def rules_snapshot(version: SurveyVersion) -> dict[str, Any]:
    """Everything the evaluation depends on, as JSON (questions, indicators, thresholds)."""
    return {
        "version": version.code,
        "form_version": version.form_version,
        "parameters": dict(version.parameters),
        "income_question": version.income_question,
        "dimensions": list(version.dimensions),
        "questions": [
            {"name": q.name, "unit": q.unit, "kind": q.kind}
            for q in version.questions.order_by("order", "id")
        ],
        "indicators": [
            {
                "number": i.number,
                "unit": i.unit,
                "age_min": i.age_min,
                "age_max": i.age_max,
                "sex": i.sex,
                "applies_when": i.applies_when,
                "pass_when": i.pass_when,
                "tpmap_dimension": i.tpmap_dimension,
                "text_th": i.text_th,
                "text_en": i.text_en,
            }
            for i in version.indicators.order_by("number")
        ],
    }


def checksum(data: Any) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def specs_of(snapshot: Mapping[str, Any]) -> list[compute.IndicatorSpec]:
    return [compute.IndicatorSpec.from_dict(d) for d in snapshot["indicators"]]


@dataclass
class RoundTables:
    persons: pa.Table
    households: pa.Table


@dataclass(frozen=True)
class Inputs:
    """What a computation reads: each household's answers revision and its members holding a
    validated welfare card. A run keeps these, so it can be recomputed from exactly them."""

    revisions: dict[int, int]  # household_id -> ResponseRevision id
    welfare: dict[int, list[int]]  # household_id -> person ids with a validated card

    def per_household(self) -> dict[int, tuple[int, list[int]]]:
        return {h: (r, sorted(self.welfare.get(h, []))) for h, r in self.revisions.items()}

    def checksum(self) -> str:
        return checksum(sorted([h, r, w] for h, (r, w) in self.per_household().items()))

    def changed_households(self, other: "Inputs") -> list[int]:
        """Households whose answers or welfare cards differ (answered, withdrawn or changed since)."""
        mine, theirs = self.per_household(), other.per_household()
        return sorted(h for h in mine.keys() | theirs.keys() if mine.get(h) != theirs.get(h))


def current_inputs(round_: Round) -> Inputs:
    """The round's submitted answers as they are now, and today's validated welfare cards."""
    revisions = dict(
        Response.objects.filter(
            round=round_, status=ResponseStatus.SUBMITTED, revision__isnull=False
        ).values_list("household_id", "revision_id")
    )
    welfare: dict[int, list[int]] = {}
    for hid, pid in (
        MemberAnswer.objects.filter(round=round_, response__status=ResponseStatus.SUBMITTED)
        .filter(person__welfare_card__validated=True)
        .values_list("response__household_id", "person_id")
    ):
        welfare.setdefault(hid, []).append(pid)
    return Inputs(revisions=revisions, welfare=welfare)


def round_tables(inputs: Inputs, snapshot: Mapping[str, Any]) -> RoundTables:
    """The inputs' answers as two Arrow tables (persons, households) typed per question."""
    from thanrak.survey.models import ResponseRevision

    questions = snapshot["questions"]
    pq = [q for q in questions if q["unit"] == "person"]
    hq = [q for q in questions if q["unit"] == "household"]
    revisions = (
        ResponseRevision.objects.filter(pk__in=list(inputs.revisions.values()))
        .order_by("household_id")
        .values_list("household_id", "area_code", "answers", "members")
    )
    h_cols: dict[str, list[Any]] = {"household_id": [], "area_code": [], "members": []}
    for q in hq:
        h_cols[q["name"]] = []
    p_cols: dict[str, list[Any]] = {"household_id": [], "person_id": [], "age": [], "sex": [], "welfare": []}
    for q in pq:
        p_cols[q["name"]] = []
    for hid, area, answers, members in revisions.iterator(chunk_size=2000):
        h_cols["household_id"].append(hid)
        h_cols["area_code"].append(area)
        h_cols["members"].append(len(members))
        for q in hq:
            h_cols[q["name"]].append(answers.get(q["name"]))
        welfare = set(inputs.welfare.get(hid, ()))
        for pid, age, sex, person_answers in members:
            p_cols["household_id"].append(hid)
            p_cols["person_id"].append(pid)
            p_cols["age"].append(age)
            p_cols["sex"].append(sex or "")
            p_cols["welfare"].append(pid in welfare)
            for q in pq:
                p_cols[q["name"]].append(person_answers.get(q["name"]))
    h_schema = pa.schema(
        [("household_id", pa.int64()), ("area_code", pa.string()), ("members", pa.int64())]
        + [(q["name"], ARROW_TYPES[q["kind"]]) for q in hq]
    )
    p_schema = pa.schema(
        [
            ("household_id", pa.int64()),
            ("person_id", pa.int64()),
            ("age", pa.int64()),
            ("sex", pa.string()),
            ("welfare", pa.bool_()),
        ]
        + [(q["name"], ARROW_TYPES[q["kind"]]) for q in pq]
    )
    persons = pa.Table.from_pydict(p_cols, schema=p_schema)
    return RoundTables(
        persons=persons.sort_by([("household_id", "ascending"), ("person_id", "ascending")]),
        households=pa.Table.from_pydict(h_cols, schema=h_schema),
    )


def ibis_tables(con: Any, tables: RoundTables) -> tuple[Any, Any]:
    """The Arrow tables as Ibis tables on the connection's backend."""
    return ibis.memtable(tables.persons), ibis.memtable(tables.households)


def connection(backend: str | None = None) -> Any:
    """An Ibis connection for the survey. On PostgreSQL it is Django's own connection, so Ibis reads
    the answers where they are stored, inside the same transaction as the ORM."""
    from django.conf import settings
    from django.db import connection as django_connection

    from thanrak.analytics.backends import connect

    name = backend or settings.THANRAK_ANALYTICS_BACKEND
    if name != "postgres":
        return connect(name)
    if django_connection.vendor != "postgresql":
        raise ValueError("the postgres analytics backend needs DB=postgres")
    from ibis.backends.postgres import Backend

    django_connection.ensure_connection()
    return Backend.from_connection(django_connection.connection)


def _answer(column: Any, name: str, kind: str) -> Any:
    """One typed answer out of a JSON answers column (PostgreSQL jsonb)."""
    value = column[name]
    if kind == QuestionKind.YES_NO:
        return value.unwrap_as("boolean")
    if kind == QuestionKind.TEXT:
        return value.unwrap_as("string")
    number = value.unwrap_as("float64")  # Ibis 12 cannot unwrap int64 on PostgreSQL
    return number.cast("int64") if kind == QuestionKind.INTEGER else number


def tables_in_place(con: Any, inputs: Inputs, snapshot: Mapping[str, Any]) -> tuple[Any, Any]:
    """The inputs as Ibis tables over PostgreSQL's own tables: only the selection (household,
    revision, welfare card holders; integers) is sent, the answers never leave the database."""
    questions = snapshot["questions"]
    households = sorted(inputs.revisions)
    selection = ibis.memtable(
        pa.table(
            {"household_id": households, "revision_id": [inputs.revisions[h] for h in households]},
            schema=pa.schema([("household_id", pa.int64()), ("revision_id", pa.int64())]),
        )
    )
    holders = sorted({p for persons in inputs.welfare.values() for p in persons})
    welfare = ibis.memtable(
        pa.table({"welfare_person": holders}, schema=pa.schema([("welfare_person", pa.int64())]))
    )
    revisions = con.table("survey_responserevision")
    members = con.table("survey_revision_member")
    counts = members.group_by("revision_id").aggregate(member_count=members.count())
    h = selection.join(revisions, selection.revision_id == revisions.id)
    h = h.left_join(counts, h.revision_id == counts.revision_id)
    hh = h.select(
        household_id=h.household_id.cast("int64"),
        area_code=h.area_code,
        members=h.member_count.fill_null(0).cast("int64"),
        **{
            q["name"]: _answer(h.answers, q["name"], q["kind"]) for q in questions if q["unit"] == "household"
        },
    )
    p = selection.join(members, selection.revision_id == members.revision_id)
    p = p.left_join(welfare, p.person_id == welfare.welfare_person)
    persons = p.select(
        household_id=p.household_id.cast("int64"),
        person_id=p.person_id.cast("int64"),
        age=p.age.cast("int64"),
        sex=p.sex,
        welfare=p.welfare_person.notnull(),
        **{q["name"]: _answer(p.answers, q["name"], q["kind"]) for q in questions if q["unit"] == "person"},
    )
    return persons, hh


def input_tables(con: Any, inputs: Inputs, snapshot: Mapping[str, Any]) -> tuple[Any, Any]:
    """Persons and households of the inputs: read in place on PostgreSQL, through Arrow elsewhere."""
    if getattr(con, "name", "") == "postgres":
        return tables_in_place(con, inputs, snapshot)
    return ibis_tables(con, round_tables(inputs, snapshot))


@dataclass
class Evaluation:
    households: list[dict[str, Any]]  # household_id, area_code, members, applicable, failed
    persons: list[dict[str, Any]]  # person_id, household_id, applicable, failed


def evaluate_round(con: Any, round_: Round, snapshot: Mapping[str, Any]) -> Evaluation:
    """Indicator results per household and person for the round's submitted answers."""
    specs = specs_of(snapshot)
    persons, households = input_tables(con, current_inputs(round_), snapshot)
    pflags, hflags = compute.evaluate(persons, households, specs, snapshot["parameters"])
    numbers = [s.number for s in specs]
    person_numbers = [s.number for s in specs if s.unit == "person"]
    hdf = con.to_pyarrow(hflags.order_by("household_id")).to_pylist()
    pdf = con.to_pyarrow(pflags.order_by("person_id")).to_pylist()
    return Evaluation(
        households=[
            {
                "household_id": r["household_id"],
                "area_code": r["area_code"],
                "members": r["members"],
                "applicable": [n for n in numbers if r[f"a{n}"]],
                "failed": [n for n in numbers if r[f"f{n}"]],
            }
            for r in hdf
        ],
        persons=[
            {
                "person_id": r["person_id"],
                "household_id": r["household_id"],
                "applicable": [n for n in person_numbers if r[f"a{n}"]],
                "failed": [n for n in person_numbers if r[f"f{n}"]],
            }
            for r in pdf
        ],
    )


def scoring_for(
    method: str, parameters: Mapping[str, Any], snapshot: Mapping[str, Any]
) -> tuple[compute.Scoring, list[int]]:
    """The integer scoring of a run and the indicators it uses."""
    if method == "TPMAP":
        dims: dict[str, list[int]] = {}
        for ind in snapshot["indicators"]:
            if ind["tpmap_dimension"] and ind["tpmap_dimension"] in parameters["dimensions"]:
                dims.setdefault(ind["tpmap_dimension"], []).append(ind["number"])
        scoring = compute.tpmap_scoring(dims)
    else:
        weights = {int(n): Fraction(w) for n, w in parameters["weights"].items()}
        scoring = compute.Scoring.from_weights(weights, Fraction(parameters["k"]))
    return scoring, sorted(scoring.numerators)


@dataclass
class RunResult:
    households: list[dict[str, Any]]
    areas: list[dict[str, Any]]


def run_compute(
    con: Any,
    round_: Round,
    snapshot: Mapping[str, Any],
    method: str,
    parameters: Mapping[str, Any],
    inputs: Inputs | None = None,
) -> RunResult:
    """Identification per household and figures per area and subgroup for one targeting run, on the
    given inputs (by default the round's current answers)."""
    specs = specs_of(snapshot)
    scoring, indicators = scoring_for(method, parameters, snapshot)
    persons, households = input_tables(con, inputs or current_inputs(round_), snapshot)
    pflags, hflags = compute.evaluate(persons, households, specs, snapshot["parameters"])
    scored = compute.identify(hflags, scoring)
    targets = pflags.group_by("household_id").aggregate(
        target=compute.flag(pflags.welfare.fill_null(False)).cast("int64").sum()
    )
    hh = scored.left_join(targets, "household_id").drop("household_id_right")
    cols = [
        "household_id",
        "area_code",
        "members",
        "score_num",
        "poor",
        "target",
        *[f"f{n}" for n in indicators],
    ]
    hh_rows = con.to_pyarrow(hh.select(*cols).order_by("household_id")).to_pylist()
    pv, hv = compute.village_sums(pflags, scored, indicators)
    areas = con.to_pyarrow(compute.rollup(pv, hv).order_by("area_code", "subgroup")).to_pylist()
    out_areas = []
    for row in areas:
        figures = compute.area_figures(row, scoring, indicators)
        out_areas.append(
            {
                "area_code": row["area_code"],
                "subgroup": row["subgroup"],
                "households": int(row["households"] or 0),
                "poor_households": int(row["poor_households"] or 0),
                "persons": int(row["persons"] or 0),
                "poor_persons": int(row["poor_persons"] or 0),
                "target_poor": int(row["target_poor"] or 0),
                **figures,
            }
        )
    return RunResult(
        households=[
            {
                "household_id": r["household_id"],
                "area_code": r["area_code"],
                "members": r["members"],
                "failed": [n for n in indicators if r[f"f{n}"]],
                "score": r["score_num"] / scoring.denominator,
                "is_poor": bool(r["poor"]),
                "target_persons": int(r["target"] or 0) if r["poor"] else 0,
            }
            for r in hh_rows
        ],
        areas=out_areas,
    )


def result_checksum(result: RunResult) -> str:
    """A fingerprint of a run's outcome: who is poor with which needs, and every area's sums."""
    return checksum(
        {
            "households": [
                [h["household_id"], h["failed"], h["is_poor"], h["target_persons"]] for h in result.households
            ],
            "areas": [
                [
                    a["area_code"],
                    a["subgroup"],
                    a["persons"],
                    a["poor_persons"],
                    a["target_poor"],
                    round(a["m0"], 12),
                ]
                for a in result.areas
            ],
        }
    )


def default_weights(snapshot: Mapping[str, Any], indicators: Sequence[int] | None = None) -> dict[str, str]:
    """Nested equal weights over TPMAP's dimensions (or equal weights over chosen indicators)."""
    from thanrak.survey.mpi import nested_weights

    if indicators:
        return {str(n): str(Fraction(1, len(indicators))) for n in indicators}
    dims: dict[str, list[int]] = {}
    for ind in snapshot["indicators"]:
        if ind["tpmap_dimension"]:
            dims.setdefault(ind["tpmap_dimension"], []).append(ind["number"])
    return {str(n): str(w) for n, w in nested_weights(dims).items()}
