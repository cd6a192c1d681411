"""The registry demo: Phayao's villages and about 2,000 households, a dozen organisations, a user per persona.

Everything is written through the registry and accounts actions, as officers would. The plan (who
lives where, with which name, age and citizen ID) is computed from the seed alone, village by
village, so a second run finds every village, organisation and user already there and writes nothing.
"""

import datetime as dt
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from tqdm import tqdm

from thanrak.accounts.actions import user_create
from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.core.citizen_id import check_digit
from thanrak.core.money import allocate_largest_remainder
from thanrak.demo import thai_names as names
from thanrak.demo.logins import Login, password_of
from thanrak.geo.actions import geography_load
from thanrak.geo.models import District, Subdistrict, Village
from thanrak.registry import actions, queries
from thanrak.registry.models import (
    Household,
    IdKind,
    MemberRole,
    Organisation,
    OrganisationKind,
    Person,
    Relation,
)

PROVINCE = "56"  # Phayao: the seed report's model community enterprise is here.
# Mueang Phayao and Chun (the two districts of the officer personas) and Phu Kamyao.
DISTRICTS = ("5601", "5602", "5609")
HOUSEHOLDS = 2000
VILLAGES_PER_SUBDISTRICT = (3, 7)
VOLUNTEER_VILLAGE = "56010101"
BANGKOK = ZoneInfo("Asia/Bangkok")
# Districts people married in from (their citizen IDs were issued there): Chiang Rai, Chiang Mai,
# Lampang, Nan, Phrae, Bangkok.
ELSEWHERE = ("5701", "5703", "5001", "5201", "5501", "5401", "1001")


# --- personas ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    username: str
    role: Role
    areas: tuple[str, ...]
    first_name: str
    last_name: str
    description: str

    @property
    def password(self) -> str:
        return password_of(self.username)


STAFF = (
    Persona(
        "manager",
        Role.NATIONAL_MANAGER,
        (),
        "วรรณา",
        "ศรีสวัสดิ์",
        "ผู้บริหารส่วนกลาง · national manager (sees everything)",
    ),
    Persona(
        "phayao",
        Role.PROVINCIAL_OFFICER,
        ("56",),
        "ประเสริฐ",
        "อินทจักร",
        "พัฒนาการจังหวัดพะเยา · provincial officer, Phayao (56)",
    ),
    Persona(
        "mueang",
        Role.DISTRICT_OFFICER,
        ("5601",),
        "สุภาพร",
        "ปัญญาวงค์",
        "พัฒนากรอำเภอเมืองพะเยา · district officer, Mueang Phayao (5601)",
    ),
    Persona(
        "chun",
        Role.DISTRICT_OFFICER,
        ("5602",),
        "ณรงค์",
        "ไชยวงค์",
        "พัฒนากรอำเภอจุน · district officer, Chun (5602)",
    ),
    Persona(
        "volunteer",
        Role.VOLUNTEER,
        (VOLUNTEER_VILLAGE,),
        "บุญเรือน",
        "ใจมา",
        "อาสาสมัครเก็บข้อมูล จปฐ. หมู่ที่ 1 ตำบลเวียง · volunteer, village 56010101",
    ),
    Persona(
        "auditor",
        Role.AUDITOR,
        ("56",),
        "กาญจนา",
        "ธรรมวงค์",
        "ผู้ตรวจสอบบัญชีกลุ่ม จังหวัดพะเยา · auditor, Phayao (56)",
    ),
    Persona("shopper", Role.BUYER, (), "ธนพร", "สุขสวัสดิ์", "ผู้ซื้อ · buyer"),
)
DISTRICT_OFFICERS = {p.areas[0]: p.username for p in STAFF if p.role == Role.DISTRICT_OFFICER}
SAVINGS_TREASURER = "savings"
ENTERPRISE_TREASURER = "enterprise"
MEMBER = "villager"
PERSON_PERSONAS = {
    SAVINGS_TREASURER: "เหรัญญิกกลุ่มออมทรัพย์เพื่อการผลิตบ้านต๋อม · treasurer of a savings group",
    ENTERPRISE_TREASURER: "เหรัญญิกวิสาหกิจชุมชนต้นแบบ · treasurer of the model community enterprise",
    MEMBER: "สมาชิกกลุ่มออมทรัพย์บ้านต๋อม · member of the savings group (linked to a person)",
}


def demo_logins() -> list[Login]:
    """A login for each persona, as seed_demo prints them."""
    return [
        *(Login(p.username, p.password, p.description) for p in STAFF),
        *(Login(u, password_of(u), d) for u, d in PERSON_PERSONAS.items()),
    ]


def _staff(at: dt.datetime) -> dict[str, User]:
    users = {u.username: u for u in User.objects.filter(username__in=[p.username for p in STAFF])}
    for p in STAFF:
        if p.username not in users:
            users[p.username] = user_create(
                username=p.username,
                password=p.password,
                role=p.role,
                first_name=p.first_name,
                last_name=p.last_name,
                area_codes=p.areas,
            )
    return users


# --- the plan: villages, households, persons -------------------------------------------------------


@dataclass
class PersonPlan:
    relation: str
    fields: dict[str, Any]


@dataclass
class HouseholdPlan:
    house_no: str
    house_code: str
    persons: list[PersonPlan]


@dataclass
class VillagePlan:
    subdistrict: Subdistrict
    number: int
    name_th: str
    name_en: str
    index: int  # position in the province-wide plan; makes citizen-ID serials unique
    households: int = 0
    first_household: int = 0  # province-wide number of the village's first household

    @property
    def code(self) -> str:
        return f"{self.subdistrict.code}{self.number:02d}"


def plan_villages(rng: random.Random) -> list[VillagePlan]:
    """หมู่ที่ 1…n in every subdistrict of the demo districts, with northern village names."""
    plans: list[VillagePlan] = []
    subdistricts = Subdistrict.objects.filter(district_id__in=DISTRICTS).order_by("code")
    for sub in subdistricts:
        count = rng.randint(*VILLAGES_PER_SUBDISTRICT)
        # หมู่ที่ 1 carries the subdistrict's name, as the village the subdistrict was named after.
        if sub.name_th.startswith("บ้าน"):
            home = (sub.name_th, sub.name_en)
        else:
            home = (f"บ้าน{sub.name_th}", f"Ban {sub.name_en}")
        village_names = [home]
        while len(village_names) < count:
            parts = (
                rng.choice(names.VILLAGE_FIRST),
                rng.choice(names.VILLAGE_SECOND),
                rng.choice(names.VILLAGE_AFFIX),
            )
            name = (
                "บ้าน" + "".join(th for th, _en in parts),
                " ".join(["Ban", *(en for _th, en in parts if en)]),
            )
            if name[0] not in {n[0] for n in village_names}:
                village_names.append(name)
        for number, (name_th, name_en) in enumerate(village_names, start=1):
            plans.append(VillagePlan(sub, number, name_th, name_en, index=len(plans)))
    weights = [rng.randint(6, 30) for _ in plans]
    first = 0
    for village, n in zip(plans, allocate_largest_remainder(HOUSEHOLDS, weights), strict=True):
        village.households, village.first_household = max(n, 1), first
        first += village.households
    return plans


@dataclass
class _Ids:
    """Valid, unique citizen IDs: type digit, issuing district, a scrambled serial, check digit."""

    village: VillagePlan
    next: int = 0

    def new(self, *, born: dt.date, district: str) -> str:
        serial = self.village.index * 1000 + self.next
        self.next += 1
        # 1: registered at birth (born from 1984); 3: already in a house register in 1984.
        kind = "1" if born.year >= 1984 else "3"
        first12 = f"{kind}{district}{(serial * 7919 + 104_729) % 10**7:07d}"
        return first12 + str(check_digit(first12))


@dataclass
class _Family:
    rng: random.Random
    today: dt.date
    ids: _Ids
    district: str
    area_code: str
    persons: list[PersonPlan] = field(default_factory=list)

    def born(self, age: int) -> dt.date:
        day = dt.date(self.today.year - age, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        return day if day <= self.today else day.replace(year=day.year - 1)

    def add(
        self,
        relation: str,
        *,
        sex: str,
        age: int,
        last_name: str,
        married: bool = False,
        from_elsewhere: bool = False,
    ) -> PersonPlan:
        born = self.born(age)
        age = self.today.year - born.year - ((self.today.month, self.today.day) < (born.month, born.day))
        young = born.year >= 1990
        if sex == "M":
            first = self.rng.choice(names.MALE_YOUNGER if young else names.MALE_OLDER)
            title = "เด็กชาย" if age < 15 else "นาย"
        else:
            first = self.rng.choice(names.FEMALE_YOUNGER if young else names.FEMALE_OLDER)
            title = "เด็กหญิง" if age < 15 else ("นาง" if married else "นางสาว")
        issued = self.rng.choice(ELSEWHERE) if from_elsewhere else self.district
        fields = {
            "citizen_id": self.ids.new(born=born, district=issued),
            "title": title,
            "first_name": first,
            "last_name": last_name,
            "sex": sex,
            "birth_date": born,
            "area_code": self.area_code,
        }
        if age >= 18 and self.rng.random() < 0.6:
            fields["phone"] = f"0{self.rng.choice('689')}{self.rng.randrange(10**8):08d}"
        plan = PersonPlan(relation, fields)
        self.persons.append(plan)
        return plan

    def couple(self, relation_of_husband: str, relation_of_wife: str, age: int, family: str) -> None:
        self.add(relation_of_husband, sex="M", age=age, last_name=family, married=True)
        wife_family = family if self.rng.random() < 0.8 else self.rng.choice(names.FAMILY_NAMES)
        self.add(
            relation_of_wife,
            sex="F",
            age=max(18, age - self.rng.randint(-2, 7)),
            last_name=wife_family,
            married=True,
            from_elsewhere=self.rng.random() < 0.15,
        )

    def children(self, relation: str, parent_age: int, family: str, count: int) -> None:
        for _ in range(count):
            age = self.rng.randint(max(0, parent_age - 40), max(0, parent_age - 19))
            self.add(relation, sex=self.rng.choice("MF"), age=age, last_name=family)


def plan_household(rng: random.Random, today: dt.date, ids: _Ids, village: VillagePlan) -> list[PersonPlan]:  # noqa: C901
    """One household of a kind found in rural Phayao: elders alone, couples, three generations,
    grandparents raising grandchildren whose parents work in the city. The head comes first."""
    family = rng.choice(names.FAMILY_NAMES)
    f = _Family(rng, today, ids, village.subdistrict.district_id, village.code)
    kind = rng.choices(
        (
            "elder_alone",
            "elder_couple",
            "couple",
            "nuclear",
            "three_generations",
            "skipped",
            "single_parent",
            "extended",
        ),
        weights=(7, 14, 8, 33, 18, 10, 7, 3),
    )[0]
    if kind == "elder_alone":
        sex = "F" if rng.random() < 0.65 else "M"
        f.add(Relation.HEAD, sex=sex, age=rng.randint(65, 92), last_name=family, married=sex == "F")
    elif kind == "elder_couple":
        f.couple(Relation.HEAD, Relation.SPOUSE, rng.randint(60, 85), family)
    elif kind == "couple":
        f.couple(Relation.HEAD, Relation.SPOUSE, rng.randint(22, 40), family)
    elif kind == "nuclear":
        age = rng.randint(28, 55)
        f.couple(Relation.HEAD, Relation.SPOUSE, age, family)
        f.children(Relation.CHILD, age, family, rng.choice((1, 1, 2, 2, 2, 3)))
    elif kind == "three_generations":
        age = rng.randint(35, 55)
        f.couple(Relation.HEAD, Relation.SPOUSE, age, family)
        f.children(Relation.CHILD, age, family, rng.choice((1, 2, 2, 3)))
        elder = age + rng.randint(22, 30)
        if rng.random() < 0.5:
            f.add(Relation.PARENT, sex="F", age=elder, last_name=family, married=True)
        else:
            f.couple(Relation.PARENT, Relation.PARENT, elder, family)
    elif kind == "skipped":
        age = rng.randint(55, 80)
        if rng.random() < 0.6:
            f.couple(Relation.HEAD, Relation.SPOUSE, age, family)
        else:
            f.add(Relation.HEAD, sex="F", age=age, last_name=family, married=True)
        for _ in range(rng.choice((1, 1, 2))):
            f.add(Relation.GRANDCHILD, sex=rng.choice("MF"), age=rng.randint(3, 16), last_name=family)
    elif kind == "single_parent":
        age = rng.randint(28, 55)
        f.add(Relation.HEAD, sex="F", age=age, last_name=family, married=True)
        f.children(Relation.CHILD, age, family, rng.choice((1, 2)))
    else:  # extended: the head's married child lives in with their spouse and children
        age = rng.randint(55, 70)
        f.couple(Relation.HEAD, Relation.SPOUSE, age, family)
        child_age = rng.randint(max(24, age - 40), age - 22)
        f.add(Relation.CHILD, sex="F", age=child_age, last_name=family, married=True)
        f.add(
            Relation.CHILD_IN_LAW,
            sex="M",
            age=child_age + rng.randint(0, 4),
            last_name=rng.choice(names.FAMILY_NAMES),
            married=True,
        )
        f.children(Relation.GRANDCHILD, child_age, family, rng.choice((1, 2)))
    return f.persons


def _without_thai_id(rng: random.Random, today: dt.date, number: int, area_code: str) -> PersonPlan | None:
    """A few people the จปฐ. counts though they hold no Thai ID: Lao workers, elders never registered."""
    if number % 331 == 7:
        sex = rng.choice("MF")
        first = rng.choice(names.LAO_MALE if sex == "M" else names.LAO_FEMALE)
        fields = {
            "id_kind": IdKind.FOREIGN,
            "other_id": f"P{rng.randrange(10**7):07d}",
            "title": "นาย" if sex == "M" else "นางสาว",
            "first_name": first,
            "last_name": rng.choice(names.LAO_FAMILY),
            "sex": sex,
            "birth_date": dt.date(today.year - rng.randint(20, 40), rng.randint(1, 12), rng.randint(1, 28)),
            "area_code": area_code,
        }
        return PersonPlan(Relation.NON_RELATIVE, fields)
    if number % 409 == 11:
        fields = {
            "id_kind": IdKind.NONE,
            "title": "นาง",
            "first_name": rng.choice(names.FEMALE_OLDER),
            "last_name": rng.choice(names.FAMILY_NAMES),
            "sex": "F",
            "birth_date": None,
            "area_code": area_code,
        }
        return PersonPlan(Relation.RELATIVE, fields)
    return None


def plan_village_households(village: VillagePlan, *, base: int, today: dt.date) -> list[HouseholdPlan]:
    """The households of one village; depends only on the seed and the village, not on the database."""
    rng = random.Random(f"{base}:{village.code}")
    ids = _Ids(village)
    plans: list[HouseholdPlan] = []
    house = 0
    for k in range(village.households):
        house += rng.choice((1, 1, 1, 2, 3))
        house_no = f"{house}/1" if k and rng.random() < 0.08 else str(house)
        house_code = f"{village.subdistrict.district_id}{village.index:03d}{k:03d}{rng.randrange(10)}"
        persons = plan_household(rng, today, ids, village)
        extra = _without_thai_id(rng, today, village.first_household + k, village.code)
        if extra:
            persons.append(extra)
        plans.append(HouseholdPlan(house_no, house_code if rng.random() < 0.7 else "", persons))
    return plans


def plan_duplicates(rng: random.Random, village: VillagePlan, households: list[HouseholdPlan]) -> list[dict]:
    """Likely duplicates for the merge page: an adult written again with the same name and birth date
    (from a training's sign-up sheet, without the ID, or with the name spaced differently)."""
    if village.index % 19 != 4 or not households:
        return []
    adults = [
        p
        for h in households
        for p in h.persons
        if p.fields.get("citizen_id") and p.fields["title"] in ("นาย", "นาง", "นางสาว")
    ]
    original = rng.choice(adults).fields
    copy = {k: original[k] for k in ("title", "first_name", "last_name", "sex", "birth_date")}
    if village.index % 2:
        copy["first_name"] = original["title"] + " " + original["first_name"]
        copy["title"] = ""
    copy.update(id_kind=IdKind.NONE, citizen_id=None, area_code=village.subdistrict.code)
    return [copy]


# --- writing ---------------------------------------------------------------------------------------


def _write_village(
    plan: VillagePlan, village: Village | None, *, base: int, today: dt.date, by: User, at: dt.datetime
) -> int:
    """Register the village (if new), its households and its duplicates in one transaction."""
    households = plan_village_households(plan, base=base, today=today)
    with transaction.atomic():
        if village is None:
            village = actions.village_register(
                by=by,
                subdistrict=plan.subdistrict,
                number=plan.number,
                name_th=plan.name_th,
                name_en=plan.name_en,
            )
        for h in households:
            persons = [(actions.person_register(by=by, at=at, **p.fields), p.relation) for p in h.persons]
            (head, _), *others = persons
            actions.household_register(
                by=by,
                at=at,
                village=village,
                house_no=h.house_no,
                house_code=h.house_code,
                head=head,
                members=others,
            )
        dup_rng = random.Random(f"{base}:{plan.code}:duplicates")
        for fields in plan_duplicates(dup_rng, plan, households):
            actions.person_register(by=by, at=at, **fields)
    return len(households)


def _villages(rng: random.Random, *, today: dt.date, by: User, at: dt.datetime, stdout: Any) -> list[Village]:
    plans = plan_villages(rng)
    base = rng.getrandbits(64)
    existing = {v.code: v for v in Village.objects.filter(code__in=[p.code for p in plans])}
    inhabited = set(
        Household.objects.visible_to(by)
        .filter(area_code__in=[p.code for p in plans])
        .values_list("area_code", flat=True)
        .distinct()
    )
    todo = [p for p in plans if p.code not in inhabited]
    written = 0
    for plan in tqdm(todo, desc="villages", unit="village", file=sys.stderr, disable=None, leave=False):
        written += _write_village(plan, existing.get(plan.code), base=base, today=today, by=by, at=at)
    if todo:
        stdout.write(f"  {len(todo)} villages, {written} households registered")
    return [existing.get(p.code) or Village.objects.get(code=p.code) for p in plans]


# --- organisations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgPlan:
    kind: str
    name_th: str
    name_en: str
    area_code: str
    registered: dt.date
    members: int
    registration_no: str = ""
    # Who may join: persons living in this area (code prefix); defaults to the organisation's subdistrict.
    draw_from: str = ""
    women_only: bool = False
    officers: tuple[str, ...] = (MemberRole.CHAIR, MemberRole.TREASURER, MemberRole.SECRETARY)
    network: str = ""  # name_th of the network it belongs to
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


MODEL_ENTERPRISE = "วิสาหกิจชุมชนเกษตรผสมผสานสู่การแปรรูปเชิงนวัตกรรม"
SAVINGS_GROUP = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านต๋อม"
CE_NETWORK = "เครือข่ายวิสาหกิจชุมชนจังหวัดพะเยา"
SAVINGS_NETWORK = "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตอำเภอจุน"
COMMITTEE = (
    MemberRole.CHAIR,
    MemberRole.VICE_CHAIR,
    MemberRole.TREASURER,
    MemberRole.SECRETARY,
    MemberRole.COMMITTEE,
    MemberRole.COMMITTEE,
    MemberRole.AUDITOR,
)

ORGANISATIONS = (
    OrgPlan(
        OrganisationKind.COMMUNITY_ENTERPRISE_NETWORK,
        CE_NETWORK,
        "Phayao Community Enterprise Network",
        "560101",
        dt.date(2012, 3, 15),
        7,
        "5-56-01-01/2-0001",
        draw_from="56",
        officers=COMMITTEE[:4],
    ),
    OrgPlan(
        OrganisationKind.COMMUNITY_ENTERPRISE,
        MODEL_ENTERPRISE,
        "Integrated Farming to Innovative Processing Community Enterprise",
        "560105",
        dt.date(2016, 6, 20),
        28,
        "5-56-01-05/1-0012",
        network=CE_NETWORK,
        officers=COMMITTEE[:5],
        description="วิสาหกิจชุมชนต้นแบบภาคการผลิตของจังหวัดพะเยาที่รายงานผลการดำเนินงานตามนโยบายข้อ 7 "
        "กล่าวถึง (ข้าวน้ำจิ้ม) ชื่อและสมาชิกในระบบสาธิตนี้เป็นข้อมูลสมมุติ",
    ),
    OrgPlan(
        OrganisationKind.COMMUNITY_ENTERPRISE,
        "วิสาหกิจชุมชนกลุ่มทอผ้าฝ้ายบ้านสันป่าม่วง",
        "San Pa Muang Cotton Weaving Community Enterprise",
        "56011801",
        dt.date(2009, 11, 2),
        18,
        "5-56-01-18/1-0004",
        women_only=True,
        network=CE_NETWORK,
        description="ทอผ้าฝ้ายมือย้อมสีธรรมชาติ ผ้าซิ่น ผ้าพันคอ",
    ),
    OrgPlan(
        OrganisationKind.COMMUNITY_ENTERPRISE,
        "วิสาหกิจชุมชนกลุ่มแปรรูปลำไยบ้านห้วยแก้ว",
        "Huai Kaeo Longan Processing Community Enterprise",
        "56090101",
        dt.date(2014, 8, 8),
        22,
        "5-56-09-01/1-0002",
        network=CE_NETWORK,
        description="ลำไยอบแห้งสีทอง ลำไยกวน",
    ),
    OrgPlan(
        OrganisationKind.COMMUNITY_ENTERPRISE,
        "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรแปรรูปปลาส้มตำบลลอ",
        "Lo Fermented Fish Housewives Community Enterprise",
        "560203",
        dt.date(2018, 2, 1),
        15,
        "5-56-02-03/1-0007",
        women_only=True,
        network=CE_NETWORK,
        description="ปลาส้ม แหนม น้ำพริก",
    ),
    OrgPlan(
        OrganisationKind.OTOP_PRODUCER,
        "กลุ่มจักสานผักตบชวากว๊านพะเยา",
        "Kwan Phayao Water Hyacinth Weavers",
        "560101",
        dt.date(2004, 5, 10),
        16,
        description="กระเป๋า ตะกร้า เสื่อ จากผักตบชวาในกว๊านพะเยา",
    ),
    OrgPlan(
        OrganisationKind.SAVINGS_GROUP,
        SAVINGS_GROUP,
        "Ban Tom Savings Group for Production",
        "56010701",
        dt.date(1995, 4, 1),
        120,
        officers=COMMITTEE,
    ),
    OrgPlan(
        OrganisationKind.NETWORK,
        SAVINGS_NETWORK,
        "Chun District Savings Group Network",
        "560202",
        dt.date(2010, 1, 15),
        5,
        draw_from="5602",
    ),
    OrgPlan(
        OrganisationKind.SAVINGS_GROUP,
        "กลุ่มออมทรัพย์เพื่อการผลิตตำบลจุน",
        "Chun Savings Group for Production",
        "56020201",
        dt.date(1998, 7, 1),
        90,
        officers=COMMITTEE,
        network=SAVINGS_NETWORK,
    ),
    OrgPlan(
        OrganisationKind.WOMENS_FUND_GROUP,
        "กองทุนพัฒนาบทบาทสตรีตำบลแม่ใส",
        "Mae Sai Subdistrict Women's Development Fund",
        "560114",
        dt.date(2012, 9, 1),
        45,
        women_only=True,
    ),
    OrgPlan(
        OrganisationKind.PEOPLES_FINANCIAL_INSTITUTION,
        "สถาบันการเงินประชาชนตำบลห้วยข้าวก่ำ",
        "Huai Khao Kam People's Financial Institution",
        "56020101",
        dt.date(2015, 3, 3),
        60,
        draw_from="560201",
        officers=COMMITTEE[:5],
    ),
    OrgPlan(
        OrganisationKind.COMMUNITY_FUND_CENTRE,
        "ศูนย์จัดการกองทุนชุมชนตำบลจุน",
        "Chun Community Fund Management Centre",
        "560202",
        dt.date(2013, 6, 1),
        9,
        officers=COMMITTEE[:4],
    ),
    OrgPlan(
        OrganisationKind.COOPERATIVE,
        "สหกรณ์การเกษตรเมืองพะเยา จำกัด",
        "Mueang Phayao Agricultural Cooperative",
        "560101",
        dt.date(1977, 12, 1),
        80,
        "พย 1/2520",
        draw_from="5601",
        officers=COMMITTEE,
    ),
    OrgPlan(
        OrganisationKind.SME,
        "ร้านข้าวแต๋นแม่ทองคำ",
        "Mae Thongkham Rice Crackers",
        "560104",
        dt.date(2019, 10, 1),
        1,
        officers=(MemberRole.CHAIR,),
        description="ข้าวแต๋นน้ำแตงโม ขายหน้าร้านและออนไลน์",
        extra={"tax_id_from_owner": True},
    ),
    OrgPlan(
        OrganisationKind.SOCIAL_ENTERPRISE,
        "บริษัท ฮักพะเยา วิสาหกิจเพื่อสังคม จำกัด",
        "Hak Phayao Social Enterprise Co., Ltd.",
        "560101",
        dt.date(2021, 4, 19),
        6,
        draw_from="5601",
        officers=COMMITTEE[:3],
        description="รับซื้อผลผลิตอินทรีย์จากกลุ่มในพะเยาส่งร้านอาหารในเมือง",
    ),
)


def _adults(by: User, area: str, today: dt.date, *, women_only: bool) -> list[Person]:
    people = queries.person_list(viewer=by, area_code=area, sex="F" if women_only else "")
    cutoff = today.replace(year=today.year - 20)
    return sorted(
        (
            p
            for p in people.only(
                "pk", "citizen_id", "birth_date", "area_code", "first_name", "last_name", "user_id"
            )
            if p.birth_date and p.birth_date <= cutoff and p.citizen_id is not None
        ),
        key=lambda p: p.pk,
    )


def _start(rng: random.Random, registered: dt.date, today: dt.date) -> dt.date:
    return registered + dt.timedelta(days=rng.randrange(max(1, (today - registered).days)))


def _organisation(
    plan: OrgPlan,
    rng: random.Random,
    *,
    by: User,
    at: dt.datetime,
    today: dt.date,
    networks: dict[str, Organisation],
) -> Organisation:
    """Register one organisation with its officers and members, all in one transaction."""
    area = plan.draw_from or plan.area_code[:6]
    pool = _adults(by, area, today, women_only=plan.women_only)
    chosen = rng.sample(pool, min(len(pool), max(plan.members, len(plan.officers))))
    fields: dict[str, Any] = {
        "kind": plan.kind,
        "name_th": plan.name_th,
        "name_en": plan.name_en,
        "area_code": plan.area_code,
        "registration_no": plan.registration_no,
        "registered_date": plan.registered,
        "description": plan.description,
    }
    if plan.network:
        fields["network"] = networks[plan.network]
    if plan.extra.get("tax_id_from_owner"):
        fields["tax_id"] = chosen[0].citizen_id  # a sole proprietor's tax ID is their citizen ID
    with transaction.atomic():
        org = actions.organisation_register(by=by, at=at, **fields)
        for person, role in zip(chosen, plan.officers, strict=False):
            actions.membership_add(
                organisation=org,
                person=person,
                by=by,
                role=role,
                start_date=_start(rng, plan.registered, today),
            )
        if plan.kind not in (OrganisationKind.SME, OrganisationKind.SOCIAL_ENTERPRISE):
            for person in chosen:
                actions.membership_add(
                    organisation=org, person=person, by=by, start_date=_start(rng, plan.registered, today)
                )
    return org


def _village_funds(rng: random.Random, villages: Sequence[Village], *, by: User, at: dt.datetime) -> int:
    """One village fund (กองทุนหมู่บ้าน) in every demo village of Chun, set up in 2544–2545 (2001–02);
    most households joined, the head usually on the household's behalf."""
    existing = set(
        Organisation.objects.filter(kind=OrganisationKind.VILLAGE_FUND).values_list(
            "registration_no", flat=True
        )
    )
    made = 0
    for village in villages:
        if not village.code.startswith("5602") or village.code in existing:
            continue
        registered = dt.date(2001 + rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28))
        heads = [
            h.current_heads[0].person
            for h in queries.household_list(viewer=by, area_code=village.code)
            if h.current_heads and h.current_heads[0].person.citizen_id
        ]
        joined = [p for p in heads if rng.random() < 0.7]
        with transaction.atomic():
            fund = actions.organisation_register(
                by=by,
                at=at,
                kind=OrganisationKind.VILLAGE_FUND,
                name_th=f"กองทุนหมู่บ้าน{village.name_th} หมู่ที่ {village.number}",
                name_en=f"{village.name_en} Village Fund, Moo {village.number}",
                area_code=village.code,
                registration_no=village.code,
                registered_date=registered,
            )
            for person, role in zip(joined, COMMITTEE, strict=False):
                actions.membership_add(
                    organisation=fund, person=person, by=by, role=role, start_date=registered
                )
            for person in joined:
                actions.membership_add(
                    organisation=fund, person=person, by=by, start_date=_start(rng, registered, at.date())
                )
        made += 1
    return made


def _organisations(
    rng: random.Random, villages: Sequence[Village], *, by: User, at: dt.datetime, today: dt.date, stdout: Any
) -> dict[str, Organisation]:
    existing = {
        (o.kind, o.name_th): o
        for o in Organisation.objects.filter(name_th__in=[p.name_th for p in ORGANISATIONS])
    }
    made: dict[str, Organisation] = {}
    for plan in ORGANISATIONS:
        org_rng = random.Random(f"{rng.random()}:{plan.name_th}")  # consumed whether or not it exists
        found = existing.get((plan.kind, plan.name_th))
        made[plan.name_th] = found or _organisation(plan, org_rng, by=by, at=at, today=today, networks=made)
    funds = _village_funds(random.Random(f"{rng.random()}:funds"), villages, by=by, at=at)
    new = sum(1 for p in ORGANISATIONS if (p.kind, p.name_th) not in existing)
    if new or funds:
        stdout.write(f"  {new} organisations and {funds} village funds registered")
    return made


# --- users who are persons in the registry ------------------------------------------------------------


def _person_user(
    username: str,
    *,
    role: Role,
    person: Person,
    by: User,
    at: dt.datetime,
    organisation: Organisation | None = None,
) -> None:
    """An account for a person of the registry: an officer of their organisation, or a member."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username,
            password=password_of(username),
            role=role,
            first_name=person.first_name,
            last_name=person.last_name,
        )
    if organisation is not None:
        actions.organisation_officer_assign(user=user, organisation=organisation, by=by)
    if person.user_id is None and not Person.objects.filter(user=user).exists():
        actions.person_account_link(person=person, user=user, by=by, at=at)


def _holder(organisation: Organisation, role: str) -> Person:
    return next(m.person for m in queries.organisation_members(organisation=organisation) if m.role == role)


def _people_with_accounts(orgs: dict[str, Organisation], *, by: User, at: dt.datetime) -> None:
    savings, enterprise = orgs[SAVINGS_GROUP], orgs[MODEL_ENTERPRISE]
    _person_user(
        SAVINGS_TREASURER,
        role=Role.ORG_OFFICER,
        person=_holder(savings, MemberRole.TREASURER),
        by=by,
        at=at,
        organisation=savings,
    )
    _person_user(
        ENTERPRISE_TREASURER,
        role=Role.ORG_OFFICER,
        person=_holder(enterprise, MemberRole.TREASURER),
        by=by,
        at=at,
        organisation=enterprise,
    )
    linked = Person.objects.filter(user__username=MEMBER).first()
    if linked is None:
        plain = [
            m.person
            for m in queries.organisation_members(organisation=savings)
            if m.role == MemberRole.MEMBER and m.person.user_id is None
        ]
        officers = {
            m.person_id for m in queries.organisation_members(organisation=savings) if m.role != "MEMBER"
        }
        linked = next(p for p in plain if p.pk not in officers)
    _person_user(MEMBER, role=Role.MEMBER, person=linked, by=by, at=at)


# --- the step ----------------------------------------------------------------------------------------


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:
    """Load geography, Phayao's villages and households, organisations and the persona users."""
    at = dt.datetime.combine(today, dt.time(9, 0), tzinfo=BANGKOK)
    if not District.objects.filter(province_id=PROVINCE).exists():
        counts = geography_load()
        stdout.write(f"  geography: {counts['provinces']} provinces, {counts['subdistricts']} subdistricts")
    staff = _staff(at)
    by = staff["phayao"]  # the provincial officer registers the province's records
    villages = _villages(rng, today=today, by=by, at=at, stdout=stdout)
    orgs = _organisations(rng, villages, by=by, at=at, today=today, stdout=stdout)
    _people_with_accounts(orgs, by=by, at=at)
    return demo_logins()
