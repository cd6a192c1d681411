"""Survey demo for Phayao (56): the จปฐ. 2560–2564 version, rounds 2563 and 2564 for the registry's
households, a volunteer with assigned villages, welfare cards, targeting runs, help given between
the rounds (so round against round shows who came out), and TPMAP 2561 as an external source.

Everything goes through actions; running it twice changes nothing.
"""

import csv
import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.demo.logins import Login, demo_user, password_of
from thanrak.demo.registry import DISTRICT_OFFICERS, VOLUNTEER_VILLAGE
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry import actions as registry_actions
from thanrak.registry.models import Household, HouseholdMember, Membership, Organisation
from thanrak.survey import actions
from thanrak.survey.models import (
    Assistance,
    ExternalAreaStat,
    HelpKind,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
    TargetingRun,
    WelfareCard,
)
from thanrak.survey.validation import Instrument

PROVINCE = "56"
ALL_DIMENSIONS = ["health", "living", "education", "income", "access"]
MAX_HOUSEHOLDS = 500  # keeps the demo quick; the rest of the province shows as "not surveyed yet"


def _phayao_rates() -> dict[int, float]:
    """Province-wide failure rates of Phayao in TPMAP 2561 (CNT / ALL per indicator)."""
    path = settings.REFERENCE_DATA_DIR / "tpmap2561" / "61_56_tambol_common.csv"
    applies = [0.0] * 32
    fails = [0.0] * 32
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for n in range(1, 32):
                applies[n] += float(row[f"indicator{n}.ALL"] or 0)
                fails[n] += float(row[f"indicator{n}.CNT"] or 0)
    # The real rates are low (a few per cent); the demo doubles them so that lists are not empty.
    return {n: min(0.5, 2 * fails[n] / applies[n]) if applies[n] else 0.0 for n in range(1, 32)}


QUESTION_INDICATOR = {
    "food_safe": 4,
    "medicine_ok": 5,
    "secure_tenure": 8,
    "durable_house": 8,
    "drinking_water": 9,
    "domestic_water": 10,
    "home_hygienic": 11,
    "no_pollution": 12,
    "disaster_prevention": 13,
    "safe": 14,
    "saves": 23,
    "public_activity": 30,
    "warm_family": 31,
    "breastfed_6m": 2,
    "vaccinated": 3,
    "checkup": 6,
    "exercise": 7,
    "preschool": 15,
    "in_school": 16,
    "continued_m4": 17,
    "vocational_training": 18,
    "literate": 19,
    "religious_weekly": 26,
    "elder_cared": 27,
    "disabled_cared": 28,
    "chronic_cared": 29,
}
YES_IS_BAD = {"drinks": 24, "smokes": 25}
STATUS_RATE = {
    "disabled": 0.03,
    "chronic": 0.08,
    "self_care_unable": 0.005,
    "student_full_time": 0.05,
    "finished_m3_last_year": 0.02,
    "left_school_no_job": 0.02,
}


def _answers(
    rng: random.Random,
    inst: Instrument,
    round_: Round,
    household: Household,
    members: list[HouseholdMember],
    rates: dict[int, float],
    *,
    better: bool,
) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """Plausible answers; `better` (after help) halves the chance of failing and raises income."""
    factor = 0.4 if better else 1.0
    hh: dict[str, Any] = {}
    for q in inst.household_questions():
        if q.name == "income_total_baht":
            poor = rng.random() < rates[22] * factor
            per_person = rng.randint(12_000, 37_000) if poor else rng.randint(40_000, 140_000)
            hh[q.name] = per_person * max(1, len(members)) + (rng.randint(5_000, 30_000) if better else 0)
        else:
            hh[q.name] = "0" if rng.random() < rates[QUESTION_INDICATOR[q.name]] * factor else "1"
    out: dict[int, dict[str, Any]] = {}
    from thanrak.survey.validation import age_on

    for m in members:
        age = age_on(m.person.birth_date, round_.reference_date)
        answers: dict[str, Any] = {}
        for q in inst.person_questions():
            if q.name in STATUS_RATE:
                answers[q.name] = "1" if rng.random() < STATUS_RATE[q.name] else "0"
            elif q.name in YES_IS_BAD:
                answers[q.name] = "1" if rng.random() < rates[YES_IS_BAD[q.name]] * factor else "0"
            elif q.name == "birth_weight_g":
                answers[q.name] = str(
                    rng.randint(2100, 2450) if rng.random() < rates[1] * factor else rng.randint(2600, 3900)
                )
            elif q.name in ("has_occupation", "has_income"):
                answers[q.name] = (
                    "0" if rng.random() < rates[20 if (age or 30) < 60 else 21] * factor else "1"
                )
            else:
                answers[q.name] = "0" if rng.random() < rates[QUESTION_INDICATOR[q.name]] * factor else "1"
        out[m.person_id] = {"age": age if age is not None else rng.randint(20, 70), "answers": answers}
    return hh, out


def _fallback_households(rng: random.Random, by: User, at: dt.datetime, stdout: Any) -> None:
    """Without the registry demo (it runs first in seed_demo), register a few households so the survey has "
    "data."""
    from thanrak.core.citizen_id import check_digit

    if not Subdistrict.objects.exists():
        from thanrak.geo.actions import geography_load

        geography_load()
    sub = Subdistrict.objects.filter(code__startswith="5601").order_by("code").first()
    stdout.write("  no households in Phayao: registering 120 in two villages for the survey demo")
    for number in (1, 2):
        village = Village.objects.filter(
            code=f"{sub.code}{number:02d}"
        ).first() or registry_actions.village_register(
            by=by, subdistrict=sub, number=number, name_th=f"บ้านสาธิต {number}"
        )
        for i in range(60):
            people = []
            for j in range(rng.randint(1, 5)):
                base = f"5{village.code[-6:]}{i:02d}{j}{number}"[:12].ljust(12, "0")
                people.append(
                    registry_actions.person_register(
                        by=by,
                        at=at,
                        citizen_id=base + str(check_digit(base)),
                        title="นาย" if j % 2 == 0 else "นาง",
                        first_name=rng.choice(["สมชาย", "สมศรี", "บุญมี", "คำปัน", "แสงเดือน", "อินทร์"]) + str(i),
                        last_name=rng.choice(["ใจดี", "ศรีวงศ์", "คำมา", "ปัญญา"]),
                        sex="M" if j % 2 == 0 else "F",
                        birth_date=dt.date(rng.randint(1945, 2022), rng.randint(1, 12), rng.randint(1, 28)),
                        area_code=village.code,
                    )
                )
            registry_actions.household_register(
                by=by,
                at=at,
                village=village,
                house_no=f"{i + 1}/{number}",
                head=people[0],
                members=[(p, "CHILD") for p in people[1:]],
            )


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:  # noqa: C901
    at = timezone.now()
    manager = demo_user("manager", Role.NATIONAL_MANAGER, first_name="ผู้จัดการ จปฐ. ส่วนกลาง")
    if not Household.objects.filter(area_code__startswith=PROVINCE).exists():
        _fallback_households(rng, manager, at, stdout)
    households = list(
        Household.objects.filter(area_code__startswith=PROVINCE).order_by("area_code", "id")[:MAX_HOUSEHOLDS]
    )
    by_village: dict[str, int] = {}
    for h in households:
        by_village[h.area_code] = by_village.get(h.area_code, 0) + 1
    # The registry demo's volunteer keeps their own village and takes the busiest one besides it.
    busiest = sorted(by_village, key=lambda c: (-by_village[c], c))
    if VOLUNTEER_VILLAGE in by_village:
        mine = [VOLUNTEER_VILLAGE, *[c for c in busiest if c != VOLUNTEER_VILLAGE][:1]]
    else:
        mine = busiest[:2]
    district_code = mine[0][:4]
    officer_name = DISTRICT_OFFICERS.get(district_code, f"district{district_code}")
    officer = demo_user(officer_name, Role.DISTRICT_OFFICER, district_code, first_name="พัฒนากรอำเภอ")
    provincial = demo_user("phayao", Role.PROVINCIAL_OFFICER, PROVINCE, first_name="พัฒนาการจังหวัดพะเยา")
    volunteer = demo_user("volunteer", Role.VOLUNTEER, *mine, first_name="อาสาสมัครเก็บข้อมูล จปฐ.")

    version = actions.version_load_jpt2560(
        csv_path=settings.REFERENCE_DATA_DIR / "jpt2560" / "indicators.csv", by=manager, at=at
    )
    inst = Instrument.of(version)
    rates = _phayao_rates()
    members_of: dict[int, list[HouseholdMember]] = {}
    for m in HouseholdMember.objects.filter(household__in=households, left_date__isnull=True).select_related(
        "person"
    ):
        members_of.setdefault(m.household_id, []).append(m)

    # Welfare cards: about a third of the persons in lower-income households (imported attribute).
    if not WelfareCard.objects.filter(person__area_code__startswith=PROVINCE).exists():
        for ms in members_of.values():
            if rng.random() < 0.3:
                for m in ms:
                    WelfareCard.objects.get_or_create(
                        person=m.person,
                        defaults={"validated": rng.random() < 0.85, "year_be": 2563, "imported_at": at},
                    )

    runs: list[TargetingRun] = []
    helped: set[int] = set()
    for year in (2563, 2564):
        round_ = Round.objects.filter(year_be=year, area_code=PROVINCE).first() or actions.round_create(
            version=version,
            year_be=year,
            area_code=PROVINCE,
            title=f"จปฐ. ปี {year} จังหวัดพะเยา",
            reference_date=dt.date(year - 543, 6, 30),
            by=provincial,
            at=at,
        )
        for code in mine:
            actions.assignment_set(
                round_=round_, village=Village.objects.get(code=code), collector=volunteer, by=officer, at=at
            )
        if not Response.objects.filter(round=round_).exists():
            year_rng = random.Random(f"{year}-{rng.random()}")
            left_for_volunteer = (
                [h.pk for h in households if h.area_code == mine[0]][-4:] if year == 2564 else []
            )
            for h in households:
                ms = members_of.get(h.pk, [])
                if not ms or h.pk in left_for_volunteer:
                    continue  # a few households of the volunteer's village are left to survey in the demo
                hh, members = _answers(year_rng, inst, round_, h, ms, rates, better=h.pk in helped)
                collector = volunteer if h.area_code in mine else manager
                try:
                    draft = actions.response_save_draft(
                        round_=round_, household=h, household_raw=hh, members_raw=members, by=collector, at=at
                    )
                    actions.response_submit(response=draft, by=collector, at=at)
                except actions.CannotCollect as exc:  # e.g. a registry birth date the random age cannot match
                    stdout.write(f"  skipped house {h.house_no} ({h.area_code}): {exc}")
            for h in households:
                if h.pk in left_for_volunteer[:1] and members_of.get(h.pk):
                    hh, members = _answers(year_rng, inst, round_, h, members_of[h.pk], rates, better=False)
                    hh.pop("saves", None)  # a draft with one answer missing
                    actions.response_save_draft(
                        round_=round_, household=h, household_raw=hh, members_raw=members, by=volunteer, at=at
                    )
        if not round_.household_results.exists():
            actions.round_evaluate(round_=round_, by=manager, at=at)
        run = TargetingRun.objects.filter(round=round_, method="TPMAP").first() or actions.run_create(
            round_=round_,
            method="TPMAP",
            parameters={"dimensions": ALL_DIMENSIONS},
            label=f"TPMAP 5 มิติ ปี {year}",
            by=manager,
            at=at,
        )
        if not TargetingRun.objects.filter(round=round_, method="AF").exists():
            from thanrak.survey.evaluation import default_weights, rules_snapshot

            actions.run_create(
                round_=round_,
                method="AF",
                parameters={"weights": default_weights(rules_snapshot(version)), "k": "1/10"},
                label=f"Alkire–Foster k = 1/10 ปี {year}",
                by=manager,
                at=at,
            )
        runs.append(run)
        if year == 2563:
            helped = _help_between_rounds(rng, run, officer, manager, at)
    Round.objects.filter(year_be=2563, area_code=PROVINCE).update(status=RoundStatus.CLOSED)
    if not ExternalAreaStat.objects.filter(source="TPMAP 2561").exists():
        actions.external_tpmap_import(
            directory=settings.REFERENCE_DATA_DIR / "tpmap2561", source="TPMAP 2561", year_be=2561, at=at
        )
    submitted = Response.objects.filter(
        status=ResponseStatus.SUBMITTED, area_code__startswith=PROVINCE
    ).count()
    stdout.write(
        f"  {submitted} household answers in 2 rounds; {len(helped)} households helped between the rounds"
    )
    return [
        Login(u, password_of(u), d)
        for u, d in (
            (volunteer.username, f"จปฐ.: collects in villages {', '.join(mine)}"),
            (officer.username, f"จปฐ.: rounds, targeting runs, help given in district {district_code}"),
            (provincial.username, "จปฐ.: survey dashboards of Phayao"),
            (manager.username, "จปฐ.: survey versions and thresholds"),
        )
    ]


def _help_between_rounds(
    rng: random.Random, run: TargetingRun, officer: User, manager: User, at: dt.datetime
) -> set[int]:
    """Record help for about half of the poor households (a membership when an organisation is near)."""
    existing = set(Assistance.objects.filter(run=run).values_list("household_id", flat=True))
    if existing:
        return existing
    helped: set[int] = set()
    poor = list(run.households.filter(is_poor=True).select_related("household").order_by("household_id"))
    organisations = list(
        Organisation.objects.filter(area_code__startswith=PROVINCE, is_active=True).order_by("id")[:20]
    )
    for rh in poor:
        if rng.random() > 0.5:
            continue
        by = officer if rh.area_code.startswith(officer.area_assignments.first().area_code) else manager
        kind = rng.choice([HelpKind.TRAINING, HelpKind.PROGRAMME, HelpKind.MEMBERSHIP, HelpKind.LOAN])
        linked = None
        description = {
            HelpKind.TRAINING: "อบรมอาชีพเสริม ทอผ้าและแปรรูปอาหาร",
            HelpKind.PROGRAMME: "โครงการบ้านพอเพียง ปรับปรุงที่อยู่อาศัย",
            HelpKind.MEMBERSHIP: "เข้าเป็นสมาชิกวิสาหกิจชุมชน",
            HelpKind.LOAN: "สินเชื่อจากกองทุนหมู่บ้าน",
        }[kind]
        if kind == HelpKind.MEMBERSHIP and organisations:
            head = rh.household.members.filter(left_date__isnull=True).select_related("person").first()
            org = rng.choice(organisations)
            if head is not None:
                linked = Membership.objects.filter(
                    person=head.person, organisation=org, end_date__isnull=True
                ).first()
                if linked is None:
                    try:
                        linked = registry_actions.membership_add(
                            organisation=org,
                            person=head.person,
                            by=manager,
                            start_date=timezone.localdate(at),
                        )
                    except Exception:  # noqa: BLE001 - the demo goes on without the link
                        linked = None
        actions.assistance_record(
            household=rh.household,
            kind=kind,
            description=description,
            given_on=timezone.localdate(at) - dt.timedelta(days=rng.randint(30, 300)),
            indicators=rh.failed,
            linked=linked,
            run=run,
            by=by,
            at=at,
        )
        helped.add(rh.household_id)
    return helped
