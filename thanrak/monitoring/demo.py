"""Demo data for monitoring: the whole published Policy 7 report, Phayao's monthly figures with
their submit / approve history, computed registry indicators, and a login per persona.

Idempotent: a second run finds everything in place and changes nothing.
"""

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.core.fiscal import FiscalYear
from thanrak.demo.logins import Login, demo_user, password_of
from thanrak.monitoring import actions, periods
from thanrak.monitoring import seed as published
from thanrak.monitoring.models import (
    ComputationRun,
    Direction,
    Indicator,
    IndicatorKind,
    PeriodLock,
    Programme,
    Value,
    WorkflowEvent,
)

# The registry demo's personas, and a district officer of Chiang Kham (5603) for monitoring alone.
DISTRICTS = {"5601": "mueang", "5602": "chun", "5603": "chiangkham"}
# Seed indicators Phayao reports monthly by subdistrict: (code, monthly range, months it runs). They
# are figures the platform cannot compute (data/figure_map.csv marks them typed); the figures it
# computes from records are refreshed, never typed.
TYPED = {
    "2.4(2)-06": ((0, 25), None),  # people hired on monthly service contracts (Khok Nong Na)
    "2.4(1)-04": ((0, 12), None),  # households with increased income (90-day plan)
    "1.1.1-01": ((20_000, 400_000), None),  # OTOP sales, baht
    "2.4(1)-01": ((80, 420), (1, 2, 3, 4)),  # households growing ten kinds of vegetables, January to April
}
COMPUTED = [
    ("registry.households", "ครัวเรือนในทะเบียนฐานราก", "HOUSEHOLDS"),
    ("registry.persons", "บุคคลในทะเบียนฐานราก", "PERSONS"),
    ("registry.community_enterprises", "วิสาหกิจชุมชนในทะเบียน", "GROUPS"),
    ("registry.community_enterprise_members", "สมาชิกวิสาหกิจชุมชน", "PERSONS"),
    ("registry.savings_groups", "กลุ่มออมทรัพย์เพื่อการผลิตในทะเบียน", "GROUPS"),
    ("registry.savings_group_members", "สมาชิกกลุ่มออมทรัพย์เพื่อการผลิต", "PERSONS"),
    ("survey.households_surveyed", "ครัวเรือนที่สำรวจข้อมูล จปฐ.", "HOUSEHOLDS"),
    ("survey.target_poor", "ครัวเรือนยากจนเป้าหมาย (TPMAP)", "HOUSEHOLDS"),
    ("commerce.online_sales", "ยอดจำหน่ายผลิตภัณฑ์ชุมชนทางออนไลน์", "BAHT"),
    ("finance.loans_outstanding", "ต้นเงินกู้คงค้างของกองทุนชุมชน", "BAHT"),
    ("finance.overdue_principal", "ต้นเงินกู้ค้างชำระของกองทุนชุมชน", "BAHT"),
]
# Overdue % of the community funds: a ratio of two computed stocks, so it adds up over areas.
OVERDUE_RATIO = ("ร้อยละของต้นเงินกู้ค้างชำระ", "finance.overdue_principal", "finance.loans_outstanding")


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:  # noqa: C901 — a story, told in order
    """Load the monitoring demo for Phayao (56) on top of the registry demo."""
    clock = timezone.now
    from thanrak.geo.models import Province

    if not Province.objects.exists():  # the registry demo normally loaded it already
        from thanrak.geo.actions import geography_load

        geography_load()
    centre = demo_user("manager", Role.NATIONAL_MANAGER, first_name="ส่วนกลาง (ติดตามผล)")
    province = demo_user("phayao", Role.PROVINCIAL_OFFICER, "56", first_name="พัฒนาการจังหวัดพะเยา")
    officers = {
        code: demo_user(name, Role.DISTRICT_OFFICER, code, first_name=f"พัฒนากรอำเภอ {code}")
        for code, name in DISTRICTS.items()
    }
    demo_user("auditor", Role.AUDITOR, "56", first_name="ผู้ตรวจสอบ จังหวัดพะเยา")
    base = rng.getrandbits(32)  # every draw below comes from (base, what it is for): reruns draw the same

    result = seed_report(centre)
    stdout.write(f"  published report: {result.figures} figures, {result.values_created} new values")

    current = FiscalYear.of(today).year_be
    previous = current - 1
    _lock(centre, f"FY{published.REPORT_FISCAL_YEAR}")

    indicators = {code: Indicator.objects.get(code=code) for code in TYPED}
    for fy in (previous, current):
        _targets(centre, indicators, fy, random.Random(f"{base}-targets-{fy}"))
    written = 0
    for fy in (previous, current):
        for month in periods.months_of(fy):
            if month.start > today:
                break
            written += _month(month, fy, current, today, indicators, officers, province, base)
    stdout.write(f"  Phayao monthly values: {written} new")
    _lock(centre, f"FY{previous}")

    computed_programme = _computed_programme(centre)
    for fy in (previous, current):
        for name, _label, _unit in COMPUTED:
            if not ComputationRun.objects.filter(
                name=name, fiscal_year=fy
            ).exists():  # afterwards, the task's job
                actions.computation_refresh(name=name, fiscal_year=fy, on=today, at=clock())
    stdout.write(
        f"  computed indicators: {computed_programme.indicators.count()} refreshed for {previous}–{current}"
    )
    return [
        Login(
            "manager", password_of("manager"), "monitoring: programmes, targets, locks, the Policy 7 report"
        ),
        Login("phayao", password_of("phayao"), "monitoring: approves the districts' monthly values"),
        Login("mueang", password_of("mueang"), "monitoring: enters and submits values"),
        Login("chun", password_of("chun"), "monitoring: has drafts to submit"),
        Login(
            "chiangkham",
            password_of("chiangkham"),
            "พัฒนากรอำเภอเชียงคำ · district officer, Chiang Kham (5603): monitoring values",
        ),
        Login("auditor", password_of("auditor"), "monitoring: reads figures and their history"),
    ]


def seed_report(centre: User) -> published.SeedResult:
    return published.seed_load(by=centre, at=timezone.now())


def _lock(centre: User, period: str) -> None:
    if not PeriodLock.objects.filter(period=period, reopened_at__isnull=True).exists():
        actions.period_lock(period=period, by=centre, at=timezone.now(), include_unapproved=True)


def _targets(centre: User, indicators: dict[str, Indicator], fy: int, rng: random.Random) -> None:
    """Targets per district (and the province's own, a little above their sum)."""
    from thanrak.geo.models import Subdistrict

    if PeriodLock.objects.filter(period=f"FY{fy}", reopened_at__isnull=True).exists():
        return
    for code, ind in indicators.items():
        (low, high), months = TYPED[code]
        n_months = len(months) if months else 12
        total = 0
        for district in DISTRICTS:
            subs = Subdistrict.objects.filter(district_id=district).count()
            target = round(subs * n_months * (low + high) / 2 * rng.uniform(0.85, 1.05))
            total += target
            actions.target_set(
                indicator=ind, area_code=district, fiscal_year=fy, amount=target, by=centre, at=timezone.now()
            )
        actions.target_set(
            indicator=ind,
            area_code="56",
            fiscal_year=fy,
            amount=round(total * 1.05),
            by=centre,
            at=timezone.now(),
        )


@transaction.atomic
def _month(
    month: periods.Period,
    fy: int,
    current: int,
    today: dt.date,
    indicators: dict[str, Indicator],
    officers: dict[str, User],
    province: User,
    base: int,
) -> int:
    """One month of every district: values typed in, then (depending on how recent) submitted,
    returned once for correction, approved. A month already told is skipped."""
    from thanrak.geo.models import Subdistrict

    written = 0
    latest = periods.month(today).code
    for district, officer in officers.items():
        rng = random.Random(f"{base}-{district}-{month.code}")
        numbers = {
            (code, sub.code): rng.randint(*TYPED[code][0])
            for code in TYPED
            for sub in Subdistrict.objects.filter(district_id=district).order_by("code")
        }
        if (
            WorkflowEvent.objects.filter(area_code=district, period=month.code).exists()
            or Value.objects.filter(area_code__startswith=district, period=month.code).exists()
        ):
            continue
        if fy == current and month.code == latest and district == "5603":
            continue  # Chiang Kham has not started this month yet
        for (code, area), number in numbers.items():
            months = TYPED[code][1]
            if months and month.start.month not in months:
                continue
            actions.value_set(
                indicator=indicators[code],
                area_code=area,
                period=month.code,
                amount=number,
                by=officer,
                at=timezone.now(),
            )
            written += 1
        if fy == current and month.code == latest:
            if district == "5601":
                actions.workflow_submit(area_code=district, period=month.code, by=officer, at=timezone.now())
            continue  # Chun keeps drafts; Mueang waits for the province
        actions.workflow_submit(area_code=district, period=month.code, by=officer, at=timezone.now())
        if district == "5602" and month.start.month == 3:
            actions.workflow_return(
                area_code=district,
                period=month.code,
                by=province,
                at=timezone.now(),
                comment="ตัวเลขลูกจ้างเหมาบริการตำบลแรกสูงกว่าทุกเดือน โปรดตรวจสอบกับสัญญาจ้าง",
            )
            first = Subdistrict.objects.filter(district_id=district).order_by("code").first()
            actions.value_set(
                indicator=indicators["2.4(2)-06"],
                area_code=first.code,
                period=month.code,
                amount=numbers[("2.4(2)-06", first.code)] // 2,
                by=officer,
                at=timezone.now(),
                comment="แก้ไขตามสัญญาจ้าง",
            )
            actions.workflow_submit(area_code=district, period=month.code, by=officer, at=timezone.now())
        actions.workflow_approve(area_code=district, period=month.code, by=province, at=timezone.now())
    return written


def _computed_programme(centre: User) -> Programme:
    """A programme of indicators Thanrak computes from its own records: the registry, the survey,
    the funds' books and the shops' orders."""
    found = Programme.objects.filter(code="2.2.10").first()
    if found is None:
        found = actions.programme_create(
            by=centre,
            at=timezone.now(),
            section="2.2.10",
            policy_item=_item("7.2.2"),
            name_th="ข้อมูลฐานรากจากทะเบียนของระบบฐานราก",
            name_en="Grassroots figures from Thanrak's own registry",
            description="ตัวชี้วัดที่คำนวณจากทะเบียนครัวเรือน บุคคล และองค์กรในระบบ ปรับปรุงโดยงานเบื้องหลัง",
            code="2.2.10",
        )
    for name, label, unit in COMPUTED:
        if not Indicator.objects.filter(computation=name, programme=found).exists():
            actions.indicator_create(
                by=centre, at=timezone.now(), programme=found, name_th=label, unit=unit, computation=name
            )
    label, numerator, denominator = OVERDUE_RATIO
    if not Indicator.objects.filter(programme=found, kind=IndicatorKind.RATIO, name_th=label).exists():
        actions.indicator_create(
            by=centre,
            at=timezone.now(),
            programme=found,
            name_th=label,
            unit="PERCENT",
            kind=IndicatorKind.RATIO,
            numerator=Indicator.objects.get(programme=found, computation=numerator),
            denominator=Indicator.objects.get(programme=found, computation=denominator),
            direction=Direction.DOWN,
        )
    return found


def _item(code: str) -> Any:
    from thanrak.monitoring.models import PolicyItem

    return PolicyItem.objects.get(code=code)
