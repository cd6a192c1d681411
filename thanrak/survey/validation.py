"""Checking answers against a survey version: types, ranges, who must answer what, consistency.

Used by the web form (as you type, through htmx), the file import and ODK submissions, so all
three refuse the same things with the same messages.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from thanrak.core.thai import from_thai_digits
from thanrak.survey import rules as rl
from thanrak.survey.models import Indicator, Question, QuestionKind, SurveyVersion, Unit

YES = {"1", "yes", "y", "true", "t", "ใช่", "มี", "ผ่าน"}
NO = {"0", "no", "n", "false", "f", "ไม่ใช่", "ไม่มี", "ไม่", "ไม่ผ่าน"}
AGE_TOLERANCE = 1  # a collector may count age on the visit day rather than the reference date


@dataclass
class Problem:
    field: str
    message: Any
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


_CACHE: dict[tuple[Any, ...], "Instrument"] = {}


@dataclass
class Instrument:
    """A version's questions and parsed rules, ready to check answers one household at a time."""

    version: SurveyVersion
    questions: dict[str, Question]
    indicators: list[Indicator]
    applies: dict[int, rl.Rule | None]
    passes: dict[int, rl.Rule]
    # person question -> indicators whose rule mentions it (in applies_when / pass_when)
    used_in_applies: dict[str, list[Indicator]]
    used_in_pass: dict[str, list[Indicator]]

    @classmethod
    def of(cls, version: SurveyVersion) -> "Instrument":
        """The version's instrument; cached until the version changes (every edit bumps form_version)."""
        key = (version.pk, version.form_version, version.updated_at)
        cached = _CACHE.get(key)
        if cached is None:
            cached = _CACHE[key] = cls._build(version)
            while len(_CACHE) > 16:
                _CACHE.pop(next(iter(_CACHE)))
        return cached

    @classmethod
    def _build(cls, version: SurveyVersion) -> "Instrument":
        questions = {q.name: q for q in version.questions.all()}
        indicators = list(version.indicators.all())
        applies = {i.number: (rl.parse(i.applies_when) if i.applies_when else None) for i in indicators}
        passes = {i.number: rl.parse(i.pass_when) for i in indicators}
        used_in_applies: dict[str, list[Indicator]] = {}
        used_in_pass: dict[str, list[Indicator]] = {}
        for i in indicators:
            for name in applies[i.number].names if applies[i.number] else ():
                used_in_applies.setdefault(name, []).append(i)
            for name in passes[i.number].names:
                used_in_pass.setdefault(name, []).append(i)
        return cls(version, questions, indicators, applies, passes, used_in_applies, used_in_pass)

    def household_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if q.unit == Unit.HOUSEHOLD]

    def person_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if q.unit == Unit.PERSON]

    def _in_age_sex(self, ind: Indicator, age: int | None, sex: str) -> bool:
        if ind.age_min is not None and (age is None or age < ind.age_min):
            return False
        if ind.age_max is not None and (age is None or age > ind.age_max):
            return False
        return not (ind.sex and sex != ind.sex)

    def person_asks(self, q: Question, age: int | None, sex: str, answers: Mapping[str, Any]) -> bool:
        """Whether this member must answer q: some indicator using it applies to them."""
        for ind in self.used_in_applies.get(q.name, []):
            if self._in_age_sex(ind, age, sex):
                return True
        values = {**answers, "age": age, "sex": sex}
        for ind in self.used_in_pass.get(q.name, []):
            if not self._in_age_sex(ind, age, sex):
                continue
            rule = self.applies[ind.number]
            if rule is None or rl.evaluate(rule, values, self.version.parameters) is True:
                return True
        return False


def parse_value(q: Question, raw: Any) -> Any:  # noqa: C901
    """One answer in its type; None when empty. Raises ValueError with a Problem-ready message."""
    if raw is None:
        return None
    if isinstance(raw, bool) and q.kind == QuestionKind.YES_NO:
        return raw
    text = from_thai_digits(str(raw)).strip().replace(",", "")
    if text == "":
        return None
    if q.kind == QuestionKind.YES_NO:
        low = text.lower()
        if low in YES:
            return True
        if low in NO:
            return False
        raise ValueError(_("Answer yes or no."))
    if q.kind in (QuestionKind.INTEGER, QuestionKind.DECIMAL):
        try:
            value = int(text) if q.kind == QuestionKind.INTEGER else float(text)
        except ValueError as exc:
            raise ValueError(_("Enter a number.")) from exc
        if q.min_value is not None and value < q.min_value:
            raise ValueError(_("The answer must be at least %(min)s.") % {"min": f"{q.min_value:,}"})
        if q.max_value is not None and value > q.max_value:
            raise ValueError(_("The answer must be at most %(max)s.") % {"max": f"{q.max_value:,}"})
        return value
    return text[:300]


def age_on(birth_date: dt.date | None, day: dt.date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass
class Checked:
    household: dict[str, Any]
    members: dict[int, dict[str, Any]]  # person id -> {"age": int|None, "answers": {...}}
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(  # noqa: C901
    inst: Instrument,
    *,
    reference_date: dt.date,
    household_raw: Mapping[str, Any],
    members_raw: Mapping[int, Mapping[str, Any]],
    persons: Mapping[int, Any],
    complete: bool,
) -> Checked:
    """Parse and check a household's answers; with complete=True every question asked must be answered.

    `members_raw` maps person id -> {"age": raw, "answers": {name: raw}}; `persons` maps person id ->
    registry Person (for the birth date and sex). Field names in problems are the form's names:
    `hh-<question>`, `m<person id>-<question>`, `m<person id>-age`.
    """
    problems: list[Problem] = []
    household: dict[str, Any] = {}
    for q in inst.household_questions():
        try:
            value = parse_value(q, household_raw.get(q.name))
        except ValueError as exc:
            problems.append(Problem(f"hh-{q.name}", str(exc)))
            continue
        if value is None and complete:
            problems.append(Problem(f"hh-{q.name}", _("Please answer this question.")))
        if value is not None:
            household[q.name] = value
    members: dict[int, dict[str, Any]] = {}
    for pid, raw in members_raw.items():
        person = persons[pid]
        known_age = age_on(person.birth_date, reference_date)
        reported = raw.get("age")
        age = known_age
        if reported not in (None, ""):
            try:
                reported_age = int(from_thai_digits(str(reported)).strip())
                if not 0 <= reported_age <= 130:
                    raise ValueError
            except ValueError:
                problems.append(Problem(f"m{pid}-age", _("The age must be a whole number from 0 to 130.")))
                reported_age = None
            if reported_age is not None:
                if known_age is not None and abs(reported_age - known_age) > AGE_TOLERANCE:
                    problems.append(
                        Problem(
                            f"m{pid}-age",
                            _(
                                "%(name)s: age %(age)s contradicts the birth date in the registry "
                                "(%(known)s years on the reference date)."
                            ),
                            {"name": person.full_name, "age": reported_age, "known": known_age},
                        )
                    )
                age = known_age if known_age is not None else reported_age
        if age is None and complete:
            problems.append(
                Problem(
                    f"m{pid}-age",
                    _("%(name)s: enter the age (the registry has no birth date)."),
                    {"name": person.full_name},
                )
            )
        answers: dict[str, Any] = {}
        raw_answers = raw.get("answers", {})
        for q in inst.person_questions():
            try:
                value = parse_value(q, raw_answers.get(q.name))
            except ValueError as exc:
                problems.append(Problem(f"m{pid}-{q.name}", f"{person.full_name}: {exc}"))
                continue
            if value is not None:
                answers[q.name] = value
        # Only the questions asked of this member are kept; missing ones are reported.
        asked = {q.name for q in inst.person_questions() if inst.person_asks(q, age, person.sex, answers)}
        answers = {k: v for k, v in answers.items() if k in asked}
        if complete:
            for name in sorted(asked - set(answers), key=lambda n: inst.questions[n].order):
                problems.append(
                    Problem(
                        f"m{pid}-{name}",
                        _("%(name)s: please answer “%(question)s”."),
                        {"name": person.full_name, "question": inst.questions[name].label},
                    )
                )
        members[pid] = {"age": age, "answers": answers}
    return Checked(household, members, problems)
