"""Demo records behind the Policy 7 report's computed figures, for Phayao (56), through the apps'
actions: for every computed figure of the figure map (monitoring/data/figure_map.csv) something in
Phayao is counted in the demo's fiscal year.

- trainings: a course of each programme that counts people trained or batches, with a batch in
  Mueang Phayao that ended this fiscal year and three people enrolled;
- groups: an organisation of each kind and programme the map counts, in a village of Mueang
  Phayao, with three members from the village's households and its participation in the programme;
- shops: the demo shops' organisations take part in the programmes whose sales, shops or products
  are counted;
- a poverty-alleviation fund (กข.คจ.) with members and loans, like the demo's village fund;
- the other modules' demos already cover the rest (forests, land, housing, cases, surveys).

Figures about another province (Trat's weaving groups, Phuket's wellness establishments) read that
province, where the demo has no records: the figure map's note says so.

Idempotent: what exists is found by name and kept.
"""

import dataclasses
import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.core.fiscal import FiscalYear
from thanrak.demo.logins import Login

OFFICER = "phayao"  # the provincial officer: every area of Phayao
DISTRICT = "5601"  # Mueang Phayao
PREFIX = "ตัวอย่างรายงาน"  # names of what this module makes start with it


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:
    from thanrak.monitoring.models import Indicator

    by = User.objects.filter(username=OFFICER).first()
    if by is None:
        stdout.write("  no registry demo (user 'phayao' missing): report records skipped")
        return []
    fy = FiscalYear.of(today)
    wanted = sorted(
        {
            (ind.computation, tuple(sorted((ind.computation_params or {}).items())))
            for ind in Indicator.objects.exclude(computation="").filter(published_figures__isnull=False)
        }
    )
    made: dict[str, int] = {"courses": 0, "groups": 0, "participations": 0}
    with transaction.atomic():
        for name, params in wanted:
            p = dict(params)
            if name.startswith("learning."):
                made["courses"] += _training(by, p.get("programme", ""), fy, today)
            elif name.startswith("registry."):
                made["groups"] += _group(by, p.get("kind", ""), p.get("programme", ""), fy)
            elif name.startswith("commerce.") and p.get("programme"):
                made["participations"] += _shops_take_part(by, p["programme"], fy)
        made["funds"] = _poverty_fund(rng, today, stdout)
        made["assets"] = _forest_in_network(by, fy) + _plot(by, today)
        made["caseloads"] = _improved_caseload(today)
    stdout.write(
        f"  report records: {made['courses']} courses, {made['groups']} groups, "
        f"{made['participations']} shop participations, {made['funds']} poverty fund, "
        f"{made['assets']} forest and plot, {made['caseloads']} households in a caseload of the earlier round"
    )
    # The report of the demo's fiscal year, recomputed from these records (the task's job afterwards).
    from thanrak.monitoring import report

    started = timezone.now()
    runs = report.recompute(fiscal_year=fy.year_be, today=today, clock=timezone.now)
    failed = [r.name for r in runs if r.status == "FAILED"]
    stdout.write(
        f"  computed figures of {fy.year_be}: {len(runs)} computations in "
        f"{(timezone.now() - started).total_seconds():.1f} s"
        + (f", FAILED {', '.join(failed)}" if failed else "")
    )
    return []


# --- trainings --------------------------------------------------------------------------------


def _adults(area: str, n: int, skip: int = 0) -> list[Any]:
    from thanrak.registry.models import Person

    people = Person.objects.filter(area_code__startswith=area, merged_into=None, birth_date__isnull=False)
    # `skip` spreads the programmes over the village's people; it wraps round, so a smaller demo
    # (the suite loads 600 households of the 2,000) still has three people to enrol.
    start = skip % max(people.count() - n + 1, 1)
    return list(people.order_by("pk")[start : start + n])


def _training(by: User, programme: str, fy: FiscalYear, today: dt.date) -> int:
    """A course of the programme with a batch that ended this fiscal year, three people enrolled
    (a batch an earlier load left without anyone gets its three people now)."""
    from thanrak.learning import actions
    from thanrak.learning.models import Course

    title = f"{PREFIX} {programme or 'ทั่วไป'}"
    course = Course.objects.filter(title=title, programme_code=programme).first()
    made = 0
    if course is None:
        course = actions.course_create(
            by=by,
            title=title,
            topic="OCCUPATION",
            hours=6,
            programme_code=programme,
            fiscal_year=fy.year_be,
            area_code=DISTRICT,
        )
        day = max(fy.start, today - dt.timedelta(days=14))
        actions.batch_create(
            by=by,
            course=course,
            start_date=day,
            end_date=day,
            place="ศาลาประชาคมอำเภอเมืองพะเยา",
            area_code="560101",
            capacity=30,
        )
        made = 1
    batch = course.batches.order_by("pk").first()
    if batch is not None and not batch.enrolments.exists():
        seed_no = sum(ord(c) for c in programme) % 200
        actions.enrol_people(by=by, batch=batch, people=_adults("560101", 3, skip=seed_no))
    return made


# --- groups -----------------------------------------------------------------------------------


def _village_with_households(skip: int) -> str:
    from thanrak.registry.models import Household

    villages = list(
        Household.objects.filter(area_code__startswith=DISTRICT)
        .order_by("area_code")
        .values_list("area_code", flat=True)
        .distinct()[:40]
    )
    return villages[skip % len(villages)]


def _group(by: User, kind: str, programme: str, fy: FiscalYear) -> int:
    """An organisation of the kind, in a village of Mueang Phayao, with three members from the
    village's households, taking part in the programme from the fiscal year's start."""
    from thanrak.registry import actions
    from thanrak.registry.models import (
        HouseholdMember,
        Organisation,
        OrganisationKind,
        ProgrammeParticipation,
    )

    kind = kind or OrganisationKind.COMMUNITY_ENTERPRISE
    name = f"{PREFIX} {OrganisationKind(kind).label} {programme}".strip()
    org = Organisation.objects.filter(name_th=name, kind=kind).first()
    at = timezone.now()
    created = 0
    if org is None:
        area = _village_with_households(sum(ord(c) for c in name))
        org = actions.organisation_register(
            by=by,
            at=at,
            kind=kind,
            name_th=name,
            area_code=area,
            registered_date=fy.start - dt.timedelta(days=365),
        )
        people = (
            HouseholdMember.objects.filter(household__area_code=area, left_date__isnull=True)
            .order_by("pk")
            .values_list("person", flat=True)[:3]
        )
        from thanrak.registry.models import Person

        for person in Person.objects.filter(pk__in=list(people)):
            actions.membership_add(
                organisation=org, person=person, by=by, start_date=fy.start - dt.timedelta(days=300)
            )
        created = 1
    if (
        programme
        and not ProgrammeParticipation.objects.filter(organisation=org, programme_code=programme).exists()
    ):
        actions.programme_participation_add(
            organisation=org, programme_code=programme, since=fy.start, by=by, at=at
        )
    return created


def _shops_take_part(by: User, programme: str, fy: FiscalYear) -> int:
    """The demo shops' organisations (Phayao) take part in a programme whose sales, shops or
    products the report counts."""
    from thanrak.commerce.models import Shop
    from thanrak.registry import actions
    from thanrak.registry.models import ProgrammeParticipation

    added = 0
    for shop in Shop.objects.filter(area_code__startswith="56").select_related("organisation"):
        if ProgrammeParticipation.objects.filter(
            organisation=shop.organisation, programme_code=programme
        ).exists():
            continue
        actions.programme_participation_add(
            organisation=shop.organisation, programme_code=programme, since=fy.start, by=by, at=timezone.now()
        )
        added += 1
    return added


# --- a forest of a network, a plot allocated, households improved since the earlier round ------


def _forest_in_network(by: User, fy: FiscalYear) -> int:
    """A community forest registered this fiscal year, kept by a group that belongs to a network."""
    from thanrak.assets import actions as assets
    from thanrak.assets.models import CommunityForest
    from thanrak.registry import actions
    from thanrak.registry.models import Organisation, OrganisationKind

    name = f"{PREFIX} ป่าชุมชนเครือข่ายอำเภอเมืองพะเยา"
    if CommunityForest.objects.filter(name=name).exists():
        return 0
    at = timezone.now()
    area = _village_with_households(7)
    network = Organisation.objects.filter(
        name_th=f"{PREFIX} เครือข่ายป่าชุมชน"
    ).first() or actions.organisation_register(
        by=by, at=at, kind=OrganisationKind.NETWORK, name_th=f"{PREFIX} เครือข่ายป่าชุมชน", area_code=area[:6]
    )
    keeper = actions.organisation_register(
        by=by,
        at=at,
        kind=OrganisationKind.COMMUNITY_ENTERPRISE,
        name_th=f"{PREFIX} คณะกรรมการป่าชุมชน",
        area_code=area,
        network=network,
        registered_date=fy.start - dt.timedelta(days=400),
    )
    assets.forest_register(
        name=name,
        area_code=area,
        legal_status="APPROVED",
        by=by,
        at=at,
        organisation=keeper,
        approved_on=fy.start,
    )
    return 1


def _plot(by: User, today: dt.date) -> int:
    """A plot of state land allocated this fiscal year to a household of Mueang Phayao."""
    from thanrak.assets import actions as assets
    from thanrak.assets.models import LandPlot
    from thanrak.registry.models import Household

    programme = f"{PREFIX} คทช. (จัดที่ดินทำกินให้ชุมชน)"
    if LandPlot.objects.filter(programme=programme).exists():
        return 0
    household = Household.objects.filter(area_code__startswith=DISTRICT).order_by("pk")[5]
    assets.plot_allocate(
        household=household,
        programme=programme,
        tenure="RIGHT_OF_USE",
        allocated_on=max(FiscalYear.of(today).start, today - dt.timedelta(days=10)),
        by=by,
        at=timezone.now(),
    )
    return 1


def _improved_caseload(today: dt.date) -> int:
    """Households poor in the earlier survey round's TPMAP run and no longer poor in the later one
    go to a social-welfare volunteer's caseload from the earlier run, so their improvement counts."""
    from thanrak.services import actions as services
    from thanrak.services.models import CaseloadAssignment, Helper
    from thanrak.survey.models import RunHousehold, TargetingRun

    runs = list(
        TargetingRun.objects.filter(round__area_code__in=["56", ""]).order_by("round__year_be", "created_at")
    )
    officer = User.objects.filter(username="mueang").first()
    helper = Helper.objects.filter(kinds__kind="WELFARE_VOLUNTEER", area_code__startswith=DISTRICT).first()
    if len(runs) < 2 or officer is None or helper is None:
        return 0
    earlier, later = runs[0], runs[-1]
    if CaseloadAssignment.objects.filter(run=earlier).exists():
        return 0
    poor_then = RunHousehold.objects.filter(run=earlier, is_poor=True, area_code__startswith=DISTRICT).values(
        "household_id"
    )
    better = RunHousehold.objects.filter(run=later, is_poor=False, household_id__in=poor_then)
    ids = list(better.order_by("household_id").values_list("household_id", flat=True)[:8])
    return services.caseload_assign(
        run=earlier, helper=helper, household_ids=ids, by=officer, on=today - dt.timedelta(days=40)
    )


# --- a poverty-alleviation fund ---------------------------------------------------------------


def _poverty_fund(rng: random.Random, today: dt.date, stdout: Any) -> int:
    """A กข.คจ. fund lending to households, made the way the finance demo makes its village fund."""
    from thanrak.finance import demo as finance_demo
    from thanrak.finance.models import Fund, FundKind

    if Fund.objects.filter(kind=FundKind.POVERTY_FUND, area_code__startswith="56").exists():
        return 0
    by = User.objects.get(username=OFFICER)
    plan = dataclasses.replace(
        finance_demo.VILLAGE,
        kind=FundKind.POVERTY_FUND,
        area="56",
        name_th=f"{PREFIX} กองทุนโครงการแก้ไขปัญหาความยากจน (กข.คจ.)",
        treasurer="kkkj_treasurer",
        chair="kkkj_chair",
        # lends every month (the women's fund's terms) and opens from its paper books (cash in the bank)
        loans=dataclasses.replace(finance_demo.WOMEN.loans, book="seed"),
        import_paper_books=True,
    )
    org = finance_demo._organisation(plan, by)  # noqa: SLF001 — the demo's own way to find the village
    if org is None:
        stdout.write("  no village fund organisation: poverty fund skipped")
        return 0
    fund_rng = random.Random(f"{rng.random()}:poverty")
    fund = finance_demo._seed_fund(plan, org, rng=fund_rng, today=today, by=by, extra_members=[])  # noqa: SLF001
    if _loan_not_repaid(plan, fund, fund_rng, today) is None:
        stdout.write("  poverty fund: no loan in arrears (not enough cash): its overdue figures stay empty")
    return 1


def _loan_not_repaid(plan: Any, fund: Any, rng: random.Random, today: dt.date) -> Any:
    """A household borrowed at a meeting three months ago and has paid nothing since: the loan the
    fund's committee follows up (the report counts the village and the principal overdue). The
    fund's own history is left as the finance demo made it: its borrowers happened to catch up."""
    from thanrak.finance import demo as finance_demo
    from thanrak.finance.models import Loan, LoanStatus
    from thanrak.finance.schedules import add_months
    from thanrak.registry.models import MemberRole

    by = User.objects.get(username=OFFICER)
    at = timezone.now()
    demo = finance_demo.Demo(
        plan,
        fund,
        finance_demo._officer(plan.treasurer, fund.organisation, MemberRole.TREASURER, by=by, at=at),  # noqa: SLF001
        finance_demo._officer(plan.chair, fund.organisation, MemberRole.CHAIR, by=by, at=at),  # noqa: SLF001
        rng,
        today,
    )
    demo.members = list(fund.members.select_related("person").order_by("pk"))
    busy = set(
        Loan.objects.filter(
            fund=fund, status__in=[LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.ACTIVE]
        ).values_list("borrower_id", flat=True)
    )
    for months_ago in (3, 2):  # a meeting after the last closed year, two installments due at least
        day = add_months(today.replace(day=1), -months_ago).replace(day=finance_demo.MEETING_DAY)
        if fund.closed_through and day <= fund.closed_through:
            continue
        free = [m for m in demo.members if m.pk not in busy and m.joined_on <= day]
        if not free:  # every member already owes the fund: a household of the village joins first
            newcomer = _newcomer(fund, joined_on=add_months(day, -1), by=by, at=at)
            if newcomer is None:
                return None
            demo.members.append(newcomer)
            free = [newcomer]
        for borrower in free:
            if (loan := demo.loan(borrower, day)) is not None:
                return loan
    return None


def _newcomer(fund: Any, *, joined_on: dt.date, by: User, at: dt.datetime) -> Any:
    """A registered adult of the fund's village, not yet a member, enrolled in the fund."""
    from thanrak.finance import actions
    from thanrak.registry.models import HouseholdMember

    members = fund.members.values("person")
    person = (
        HouseholdMember.objects.filter(
            household__area_code=fund.area_code,
            left_date__isnull=True,
            person__merged_into=None,
            person__birth_date__lte=joined_on.replace(year=joined_on.year - 20),
        )
        .exclude(person__in=members)
        .exclude(person__citizen_id="")
        .order_by("pk")
        .select_related("person")
        .first()
    )
    if person is None:
        return None
    return actions.fund_member_enrol(
        fund=fund,
        person=person.person,
        joined_on=joined_on,
        by=by,
        at=at,
        member_no=str(fund.members.count() + 1),
    )
