"""Demo community assets in Phayao: forests with boundaries inside their districts, their committees,
members, plans and logs; shared machinery of the model enterprise and the savings group with a season
of bookings; land plots and housing for households of the registry demo. Idempotent."""

import datetime as dt
import math
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from pyproj import Transformer
from shapely.geometry import Point, Polygon

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.assets import actions, boundaries
from thanrak.assets.models import CommunityForest, Equipment, LabSite
from thanrak.demo.logins import Login, demo_user, password_of
from thanrak.geo.models import Subdistrict
from thanrak.registry.models import Household, Organisation, Person

PROVINCE = "56"
FORESTS_PER_DISTRICT = 3
FOREST_WORDS = ["ดอย", "ห้วย", "ป่าต้นน้ำ", "ม่อน", "ป่าสัก", "ป่าไผ่"]
PLACE_WORDS = ["แม่ต๋ำ", "บ่อสวก", "ผาช้างน้อย", "แม่ใส", "ดงเจน", "ร่องไฮ", "สันป่าม่วง", "หนองหล่ม", "ห้วยแก้ว"]
INCIDENT_NOTES = {
    "PATROL": "ลาดตระเวนรอบแนวเขต ไม่พบการบุกรุก",
    "FIRE": "ไฟลามจากแปลงเกษตรข้างเคียง อาสาสมัครดับได้ภายในสองชั่วโมง",
    "ENCROACHMENT": "พบการปักเสาแนวรั้วล้ำเขตป่า แจ้งผู้ใหญ่บ้านแล้ว",
}


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:
    logins = [
        Login("phayao", password_of("phayao"), "assets: community forests of Phayao on the map"),
        Login(
            "enterprise",
            password_of("enterprise"),
            "assets: lends the enterprise's tractor and drone sprayer",
        ),
        Login("villager", password_of("villager"), "assets: books shared machinery"),
    ]
    if CommunityForest.objects.filter(area_code__startswith=PROVINCE).exists():
        if not LabSite.objects.exists():  # a demo loaded before sites and maintenance existed
            admin = User.objects.filter(role=Role.NATIONAL_MANAGER, is_active=True).order_by("pk").first()
            at = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(9), tzinfo=dt.UTC)
            if admin is not None:
                with transaction.atomic():
                    _sites(rng, admin, at, today)
                    _maintenance(admin, today)
        stdout.write("  assets demo already loaded")
        return logins
    admin = User.objects.filter(role=Role.NATIONAL_MANAGER, is_active=True).order_by("pk").first()
    admin = admin or demo_user("manager", Role.NATIONAL_MANAGER, first_name="ผู้บริหารส่วนกลาง")
    at = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(9), tzinfo=dt.UTC)
    with transaction.atomic():
        forests = _forests(rng, admin, at, today)
        machines = _machinery(rng, admin, at, today)
        plots, houses = _land(rng, admin, at, today)
        sites = _sites(rng, admin, at, today)
        _maintenance(admin, today)
    stdout.write(
        f"  {forests} community forests, {machines} machines, {plots} plots, {houses} houses, {sites} sites"
    )
    return logins


# --- forests ----------------------------------------------------------------------------------------


def _shape_in(rng: random.Random, district_code: str, rai: int) -> Polygon | None:
    """An irregular, non-crossing polygon of about `rai` rai inside the district's boundary."""
    district = boundaries.district_shape(district_code)
    if district is None:
        return None
    inner = district.buffer(-0.02)
    minx, miny, maxx, maxy = inner.bounds
    to_utm = Transformer.from_crs(4326, 32647, always_xy=True)
    to_wgs = Transformer.from_crs(32647, 4326, always_xy=True)
    radius = math.sqrt(rai * 1600 / math.pi)
    for _attempt in range(50):
        centre = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if not inner.contains(centre):
            continue
        cx, cy = to_utm.transform(centre.x, centre.y)
        corners = []
        for k in range(14):
            angle = 2 * math.pi * k / 14
            r = radius * rng.uniform(0.7, 1.25)
            corners.append(to_wgs.transform(cx + r * math.cos(angle), cy + r * math.sin(angle)))
        shape = Polygon(corners)
        if shape.is_valid and inner.contains(shape):
            return shape
    return None


def _forests(rng: random.Random, admin: User, at: dt.datetime, today: dt.date) -> int:
    count = 0
    subdistricts = list(Subdistrict.objects.filter(province_id=PROVINCE).order_by("code"))
    by_district: dict[str, list[Subdistrict]] = {}
    for sub in subdistricts:
        by_district.setdefault(sub.district_id, []).append(sub)
    for district_code, subs in sorted(by_district.items()):
        for sub in rng.sample(subs, min(FORESTS_PER_DISTRICT, len(subs))):
            shape = _shape_in(rng, district_code, rng.randint(80, 1500))
            if shape is None:
                continue
            _forest(rng, admin, at, today, sub, shape)
            count += 1
    return count


def _forest(
    rng: random.Random, admin: User, at: dt.datetime, today: dt.date, sub: Subdistrict, shape: Polygon
) -> None:
    approved = rng.random() < 0.8
    name = f"ป่าชุมชน{rng.choice(FOREST_WORDS)}{rng.choice(PLACE_WORDS)} ต.{sub.name_th}"
    forest = actions.forest_register(
        name=name,
        area_code=sub.code,
        legal_status="APPROVED" if approved else rng.choice(["PROPOSED", "APPLIED"]),
        registration_no=f"พย.{rng.randint(100, 999)}/{rng.randint(2563, 2568)}" if approved else "",
        approved_on=today - dt.timedelta(days=rng.randint(300, 1800)) if approved else None,
        by=admin,
        at=at,
    )
    actions.forest_set_boundary(forest=forest, geometry=shape, by=admin)
    people = list(Person.objects.filter(area_code__startswith=sub.code).order_by("pk")[:40])
    term_start = dt.date(today.year - 1, 1, 1)
    for role, person in zip(
        ["CHAIR", "VICE_CHAIR", "SECRETARY", "TREASURER", "MEMBER"], people[:5], strict=False
    ):
        actions.forest_committee_add(
            forest=forest,
            person=person,
            role=role,
            term_start=term_start,
            term_end=dt.date(today.year + 2, 12, 31),
            by=admin,
        )
    households = list(Household.objects.filter(area_code__startswith=sub.code).order_by("pk")[:60])
    for household in rng.sample(households, min(len(households), rng.randint(10, 40))):
        actions.forest_member_add(forest=forest, household=household, joined_on=term_start, by=admin)
    if approved:
        _plans_and_logs(rng, admin, at, today, forest)


def _plans_and_logs(
    rng: random.Random, admin: User, at: dt.datetime, today: dt.date, forest: CommunityForest
) -> None:
    for year in (today.year + 542, today.year + 543):
        plan = actions.forest_plan_add(
            forest=forest, year_be=year, approved_on=dt.date(year - 544, 11, 15), by=admin
        )
        for month, activity, baht in (
            (2, "ทำแนวกันไฟ", 15_000),
            (7, "ปลูกป่าเสริม", 25_000),
            (10, "บวชป่า", 5_000),
        ):
            actions.forest_activity_add(
                plan=plan, name=activity, month=month, budget_satang=baht * 100, by=admin
            )
    if rng.random() < 0.5:
        actions.forest_subsidy_record(
            forest=forest,
            source=rng.choice(["กรมป่าไม้", "องค์การบริหารส่วนตำบล", "โครงการปลูกป่าเพื่อชุมชน"]),
            purpose="จัดทำแนวกันไฟและเครื่องมือดับไฟป่า",
            amount_satang=rng.choice([20_000, 50_000, 100_000]) * 100,
            received_on=today - dt.timedelta(days=rng.randint(30, 300)),
            by=admin,
        )
    centre = forest.lat, forest.lon
    for kind in rng.sample(list(INCIDENT_NOTES), rng.randint(1, 3)):
        actions.forest_incident_record(
            forest=forest,
            kind=kind,
            occurred_on=today - dt.timedelta(days=rng.randint(5, 200)),
            area_affected_m2=rng.randint(1, 12) * 1600 if kind != "PATROL" else 0,
            lat=centre[0],
            lon=centre[1],
            note=INCIDENT_NOTES[kind],
            by=admin,
            at=at,
        )


# --- machinery ------------------------------------------------------------------------------------


MACHINES = [
    ("รถไถเดินตามคูโบต้า", "TRACTOR", "HOUR", 35_000, "โรงเก็บของวิสาหกิจ บ้านเลขที่ 12"),
    ("โดรนพ่นสารชีวภาพ", "DRONE_SPRAYER", "RAI", 6_000, "ที่ทำการวิสาหกิจ"),
    ("เครื่องซีลสุญญากาศ", "PACKAGING_MACHINE", "DAY", 20_000, "ห้องแปรรูป"),
    ("ชุดเต็นท์งานบุญ 10 หลัง", "TENT_SET", "DAY", 50_000, "ศาลาอเนกประสงค์หมู่บ้าน"),
]


def _machinery(rng: random.Random, admin: User, at: dt.datetime, today: dt.date) -> int:
    owner = (
        Organisation.objects.filter(area_code__startswith=PROVINCE, kind="COMMUNITY_ENTERPRISE")
        .order_by("pk")
        .first()
    )
    if owner is None:
        return 0
    fund = _savings_fund()
    items = [
        actions.equipment_list_item(
            organisation=owner,
            name=name,
            kind=kind,
            fee_unit=unit,
            fee_satang=fee,
            kept_at=kept,
            by=admin,
            at=at,
        )
        for name, kind, unit, fee, kept in MACHINES
    ]
    if fund is not None:
        items.append(
            actions.equipment_list_item(
                organisation=fund.organisation,
                fund_id=fund.pk,
                name="รถดำนาแบบเดินตาม",
                kind="RICE_TRANSPLANTER",
                fee_unit="RAI",
                fee_satang=40_000,
                kept_at="ลานหน้าที่ทำการกลุ่ม",
                by=admin,
                at=at,
            )
        )
    for item in items:
        _season(rng, admin, item, today)
    return len(items)


def _savings_fund() -> Any:
    from thanrak.finance.models import Fund

    return (
        Fund.objects.filter(organisation__area_code__startswith=PROVINCE, kind="SAVINGS_GROUP")
        .order_by("pk")
        .first()
    )


def _season(rng: random.Random, admin: User, item: Equipment, today: dt.date) -> None:
    """Past bookings checked in with their use and fee, and a few to come."""
    members = list(
        Person.objects.filter(memberships__organisation=item.organisation).distinct().order_by("pk")[:30]
    )
    if not members:
        members = list(Person.objects.filter(area_code__startswith=item.area_code[:6]).order_by("pk")[:30])
    if not members:
        return
    for day in range(-40, 15, 3):
        start = dt.datetime.combine(
            today + dt.timedelta(days=day), dt.time(1, 0), tzinfo=dt.UTC
        )  # 08:00 in Bangkok
        hours = rng.choice([3, 4, 8])
        past = day < 0
        booking = actions.booking_make(
            equipment=item,
            person=rng.choice(members),
            starts_at=start,
            ends_at=start + dt.timedelta(hours=hours),
            by=admin,
            at=start - dt.timedelta(days=2)
            if past
            else dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC),
        )
        if past:
            booking = actions.booking_check_out(
                booking=booking, at=start, by=admin, meter=Decimal(100 + day * -1)
            )
            actions.booking_check_in(
                booking=booking,
                at=start + dt.timedelta(hours=hours),
                by=admin,
                meter=Decimal(100 + day * -1 + hours - 1),
                rai_worked=Decimal(rng.randint(2, 15)),
                fuel_litres=Decimal(rng.randint(3, 12)),
                paid=rng.random() < 0.7,
            )


# --- land and housing -----------------------------------------------------------------------------


def _land(rng: random.Random, admin: User, at: dt.datetime, today: dt.date) -> tuple[int, int]:
    households = list(Household.objects.filter(area_code__startswith="5602").order_by("pk")[:400])
    plots = houses = 0
    for household in rng.sample(households, min(40, len(households))):
        shape = _shape_in(rng, household.area_code[:4], rng.randint(2, 8))
        allocated = today - dt.timedelta(days=rng.randint(60, 700))
        plot = actions.plot_allocate(
            household=household,
            programme="คทช. (จัดที่ดินทำกินให้ชุมชน)",
            tenure=rng.choice(["RIGHT_OF_USE", "LEASE", "SPK"]),
            allocated_on=allocated,
            conditions="ห้ามซื้อขายหรือเปลี่ยนมือ ใช้ทำการเกษตรเท่านั้น",
            geometry=shape,
            by=admin,
            at=at,
        )
        plots += 1
        if rng.random() < 0.8:
            actions.plot_survey(
                plot=plot, status="SURVEYED", surveyed_on=allocated + dt.timedelta(days=30), by=admin
            )
    for household in rng.sample(households, min(25, len(households))):
        work = rng.choice(["BUILD", "REPAIR", "REPAIR"])
        unit = actions.housing_record(
            household=household,
            programme="บ้านพอเพียงชนบท" if work == "REPAIR" else "บ้านมั่นคงชนบท",
            work=work,
            cost_satang=(rng.randint(18, 25) if work == "REPAIR" else rng.randint(120, 250)) * 1000 * 100,
            started_on=today - dt.timedelta(days=rng.randint(60, 300)),
            by=admin,
            at=at,
        )
        if rng.random() < 0.6:
            actions.housing_advance(
                unit=unit, stage="HANDED_OVER", on=today - dt.timedelta(days=rng.randint(1, 50)), by=admin
            )
        houses += 1
    return plots, houses


# --- โคก หนอง นา sites and maintenance -----------------------------------------------------------------


def _sites(rng: random.Random, admin: User, at: dt.datetime, today: dt.date) -> int:
    """A community site in some subdistricts of Phayao, household sites on a few households' land."""
    count = 0
    organisations = list(Organisation.objects.filter(area_code__startswith=PROVINCE).order_by("pk")[:20])
    subdistricts = list(Subdistrict.objects.filter(province_id=PROVINCE).order_by("code"))
    for sub in rng.sample(subdistricts, min(8, len(subdistricts))) if organisations else []:
        shape = _shape_in(rng, sub.district_id, rng.randint(10, 25))
        site = actions.site_register(
            kind="CLM",
            name=f"ศูนย์เรียนรู้โคก หนอง นา ต.{sub.name_th}",
            area_code=sub.code,
            organisation=rng.choice(organisations),
            programme="โคก หนอง นา โมเดล (กรมการพัฒนาชุมชน)",
            started_on=today - dt.timedelta(days=rng.randint(400, 1500)),
            by=admin,
            at=at,
        )
        if shape is not None:
            actions.site_set_boundary(site=site, geometry=shape, by=admin)
        count += 1
    households = list(Household.objects.filter(area_code__startswith="5602").order_by("pk")[:200])
    for household in rng.sample(households, min(12, len(households))):
        started = today - dt.timedelta(days=rng.randint(200, 1200))
        site = actions.site_register(
            kind="HLM",
            name=f"โคก หนอง นา แปลงครัวเรือน {household.pk}",
            area_code=household.area_code,
            household=household,
            programme="โคก หนอง นา โมเดล (กรมการพัฒนาชุมชน)",
            started_on=started,
            finished_on=started + dt.timedelta(days=180) if rng.random() < 0.6 else None,
            by=admin,
            at=at,
        )
        shape = _shape_in(rng, household.area_code[:4], rng.randint(1, 3))
        if shape is not None:
            actions.site_set_boundary(site=site, geometry=shape, by=admin)
        count += 1
    return count


def _maintenance(admin: User, today: dt.date) -> None:
    """A service schedule on each machine, a service done on some; one overdue, a week kept for one."""
    at = dt.datetime.combine(today, dt.time(2), tzinfo=dt.UTC)
    for n, item in enumerate(Equipment.objects.filter(area_code__startswith=PROVINCE).order_by("pk")):
        actions.equipment_set_schedule(
            equipment=item,
            every_hours=50 if n % 2 == 0 else None,
            every_days=None if n % 2 == 0 else 30,
            due_on=today + dt.timedelta(days=90) if n % 3 == 0 else None,
            by=admin,
        )
        if n % 2 == 1:
            actions.maintenance_record(
                equipment=item,
                done_on=today - dt.timedelta(days=20),
                cost_satang=(800 + 150 * n) * 100,
                done_by="อู่ช่างสมบัติ อ.เมืองพะเยา",
                notes="เปลี่ยนน้ำมันเครื่อง ไส้กรองอากาศ อัดจาระบี",
                by=admin,
                at=at,
            )
        if n == 0:
            starts = dt.datetime.combine(today + dt.timedelta(days=20), dt.time(1), tzinfo=dt.UTC)
            actions.maintenance_slot_add(
                equipment=item,
                starts_at=starts,
                ends_at=starts + dt.timedelta(days=2),
                note="ตรวจเช็กก่อนฤดูทำนา",
                by=admin,
                at=at,
            )
