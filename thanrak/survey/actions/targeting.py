"""Evaluating a round's indicators and frozen targeting runs (and reproducing them)."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import ensure_area
from thanrak.core.errors import DomainError
from thanrak.survey import evaluation as ev
from thanrak.survey.actions._common import _require
from thanrak.survey.models import (
    HouseholdResult,
    Method,
    PersonResult,
    Response,
    ResponseStatus,
    Round,
    RunArea,
    RunHousehold,
    TargetingRun,
)


class CannotRun(DomainError):
    """A targeting run's parameters do not fit the method."""


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


def _clean_run_parameters(  # noqa: C901
    method: str, parameters: Mapping[str, Any], snapshot: Mapping[str, Any]
) -> dict[str, Any]:
    numbers = {i["number"] for i in snapshot["indicators"]}
    if method == Method.TPMAP:
        known = {d["code"] for d in snapshot.get("dimensions", [])}
        dims = [str(d) for d in parameters.get("dimensions", [])]
        unknown = sorted(set(dims) - known)
        if unknown:
            raise CannotRun(
                _("The dimension %(code)s is not in this version."),
                code="dimension_not_in_version",
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
            code="weights_add_up",
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
    """Freeze the round's rules and the parameters, compute who is poor and every area's figures,
    keep it all."""
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
