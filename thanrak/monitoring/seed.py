"""Load the Policy 7 progress report (data/seed-report/figures.csv, 211 rows) as monitoring data.

Every row becomes something Thanrak can recompute, and a PublishedFigure ties it to what was
printed so the report can be checked against the original:

- an achieved figure → a Value of an indicator of its programme (provinces named at the end of
  the indicator, "… จังหวัดตราด", become values of that province);
- a printed target, stated or implied → a Target of the achieved figure's indicator;
- a target-only figure (a plan) → a Target of the indicator it plans for (same section, and the
  row whose target it is, or the only figure in that unit);
- a printed percentage → either the achieved figure's percentage of its target, or a SHARE
  indicator over two figures of the section, whichever reproduces the printed number exactly;
- a call-out box → the figure it repeats.

Anything that cannot be placed stops the load with the row number (nothing half-written).
"""

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import permutations
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from thanrak.accounts.models import User
from thanrak.core.money import percent
from thanrak.monitoring import actions, periods
from thanrak.monitoring.models import (
    UNIT_WORD_TH,
    FigureRole,
    Indicator,
    IndicatorKind,
    PolicyItem,
    Programme,
    ProgrammeKind,
    Qualifier,
    Temporal,
    Unit,
    Value,
)

DOCUMENT = "seed-policy7-2565"
REPORT_FISCAL_YEAR = 2565
MILLION = Decimal(1_000_000)


def seed_path() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "seed-report" / "figures.csv"


POLICY_ITEMS = [
    ("7", "", "การพัฒนาสร้างความเข้มแข็งจากฐานราก", "Building strength from the grassroots"),
    ("7.1", "1", "ส่งเสริมวิสาหกิจชุมชนและผลิตภัณฑ์ชุมชน", "Promote community enterprises and community products"),
    (
        "7.1.1",
        "1.1",
        "สร้างมูลค่าเพิ่มธุรกิจชุมชนผ่านอัตลักษณ์ของพื้นที่",
        "Add value to community business through local identity",
    ),
    (
        "7.1.2",
        "1.2",
        "สนับสนุนความเข้มแข็งของวิสาหกิจชุมชนผ่านเทคโนโลยี",
        "Strengthen community enterprises through technology",
    ),
    (
        "7.1.3",
        "1.3",
        "สร้างโอกาสและส่งเสริมการเข้าถึงข้อมูลข่าวสารที่ทันสมัยและบริการทางการเงินของวิสาหกิจชุมชน",
        "Access to up-to-date information and financial services for community enterprises",
    ),
    ("7.1.4", "1.4", "ส่งเสริมการลงทุนในชุมชนเพื่อสร้างงานในชุมชน", "Investment in communities to create local jobs"),
    (
        "7.1.5",
        "1.5",
        "สร้างสภาพแวดล้อมที่เอื้อต่อการดำเนินธุรกิจของวิสาหกิจชุมชน",
        "An environment that supports community enterprise business",
    ),
    ("7.2", "2", "สร้างความเข้มแข็งของชุมชน", "Strengthen communities"),
    ("7.2.1", "2.1", "สร้างผู้นำชุมชน ยกย่องปราชญ์ชาวบ้าน", "Build community leaders and honour folk sages"),
    (
        "7.2.2",
        "2.2",
        "ยกระดับคุณภาพตลาดชุมชน สถาบันการเงินของชุมชน สวัสดิการชุมชน สาธารณสุขชุมชน ป่าชุมชน "
        "ท่องเที่ยวชุมชน และส่งเสริมการขยายตลาดออกสู่ต่างประเทศ",
        "Upgrade community markets, financial institutions, welfare, health, forests and tourism; expand "
        "markets abroad",
    ),
    (
        "7.2.3",
        "2.3",
        "แก้ไขปัญหาที่อยู่อาศัย ที่ดินทำกิน สร้างชุมชนที่น่าอยู่",
        "Solve housing and farmland problems; liveable communities",
    ),
    ("7.2.4", "2.4", "สร้างพลังในชุมชน", "Build community power"),
    ("7.2.5", "2.5", "สร้างเครือข่ายชุมชนที่เข้มแข็ง", "Build strong community networks"),
    (
        "7.3",
        "3",
        "ส่งเสริมบทบาทภาคเอกชนในการช่วยพัฒนาสังคมและเศรษฐกิจฐานราก",
        "Promote the private sector's role in developing society and the grassroots economy",
    ),
]

AGENCIES = {
    "DBD": ("กรมพัฒนาธุรกิจการค้า", "Department of Business Development"),
    "MOC": ("กระทรวงพาณิชย์", "Ministry of Commerce"),
    "NHA": ("การเคหะแห่งชาติ", "National Housing Authority"),
    "MSDHS": ("กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "Ministry of Social Development and Human Security"),
    "OSMEP": ("สำนักงานส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อม", "Office of SME Promotion"),
}
AGENCY_BY_PREFIX = {
    "DBD": "DBD",
    "MOC": "MOC",
    "National Housing": "NHA",
    "Ministry of Social": "MSDHS",
    "OSMEP": "OSMEP",
}

UNITS = {
    "baht": Unit.BAHT,
    "million_baht": Unit.BAHT,
    "households": Unit.HOUSEHOLDS,
    "persons": Unit.PERSONS,
    "groups": Unit.GROUPS,
    "enterprises": Unit.ENTERPRISES,
    "products": Unit.PRODUCTS,
    "shops": Unit.SHOPS,
    "villages": Unit.VILLAGES,
    "communities": Unit.COMMUNITIES,
    "provinces": Unit.PROVINCES,
    "projects": Unit.PROJECTS,
    "sites": Unit.SITES,
    "plots": Unit.PLOTS,
    "rai": Unit.RAI,
    "tonnes": Unit.TONNES,
    "times": Unit.TIMES,
    "percent": Unit.PERCENT,
    "other": Unit.OTHER,
}
MILLION_UNITS = {"ล้านไร่": Unit.RAI, "ล้านคน": Unit.PERSONS, "ล้านครัวเรือน": Unit.HOUSEHOLDS}
TYPOS = {"ครั้วเรือน": "ครัวเรือน"}
QUALIFIERS = (("มากกว่า", Qualifier.MORE_THAN), ("กว่า", Qualifier.MORE_THAN), ("แห่งละ", Qualifier.EACH))

# Rows the report words differently but that measure the same thing (section, as printed → as kept).
SAME_INDICATOR = {
    ("3.1", "สถานประกอบการเพื่อสุขภาพที่ประเมินมาตรฐานในพื้นที่เป้าหมาย"): "สถานประกอบการเพื่อสุขภาพที่ประเมิน",
    ("1.1.1", "ผลการจำหน่ายผลิตภัณฑ์ชุมชน OTOP (ณ ก.ค. ๒๕๖๕)"): "ผลการจำหน่ายผลิตภัณฑ์ชุมชน OTOP",
}
PROVINCE_SUFFIX = re.compile(r"^(.*\S)\s+จังหวัด(\S+)$")
THAI_NUMBER = re.compile(r"[๐-๙0-9][๐-๙0-9,]*(\.[๐-๙0-9]+)?")


class SeedError(ValueError):
    """A row of the published figures cannot be placed; the message names it."""


@dataclass
class Row:
    line: int
    data: dict[str, str]
    unit: str = ""
    word: str = ""
    millions: bool = False
    amount: Decimal = Decimal(0)
    target: Decimal | None = None
    decimals: int = 0
    qualifier: str = ""
    period: str = ""
    fiscal_year: int = 0
    area_code: str = ""
    name_th: str = ""
    name_en: str = ""
    indicator: Indicator | None = None
    value: Value | None = None

    @property
    def section(self) -> str:
        return self.data["section"]

    @property
    def notes(self) -> str:
        return self.data["notes"]

    @property
    def is_callout(self) -> bool:
        return self.notes.startswith("Call-out box")

    @property
    def is_target_only(self) -> bool:
        return "Target-only figure" in self.notes

    @property
    def is_percent(self) -> bool:
        return self.data["unit"] == "percent"


@dataclass
class SeedResult:
    rows: int = 0
    programmes: int = 0
    indicators: int = 0
    values_created: int = 0
    targets: int = 0
    figures: int = 0
    mapping: Any = None  # the figure map's load (actions.MapLoad), when the real seed was loaded
    by_role: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _scaled(text: str, millions: bool) -> Decimal:
    number = Decimal(text)
    return number * MILLION if millions else number


def _province_codes() -> dict[str, str]:
    from thanrak.geo.models import Province

    return {p.name_th: p.code for p in Province.objects.all()}


def _read(path: Path) -> list[Row]:  # noqa: C901
    with path.open(encoding="utf-8", newline="") as fh:
        data = list(csv.DictReader(fh))
    provinces = _province_codes()
    rows = []
    for line, d in enumerate(data, start=2):
        r = Row(line=line, data=d)
        printed = d["printed_as"].strip()
        for word, q in QUALIFIERS:
            if printed.startswith(word):
                r.qualifier, printed = q, printed[len(word) :].strip()
                break
        printed = printed.removeprefix("ร้อยละ").strip()
        word = THAI_NUMBER.sub("", printed, count=1).strip()
        word = TYPOS.get(word, word)
        unit = UNITS.get(d["unit"])
        if unit is None:
            raise SeedError(f"row {line}: unknown unit {d['unit']!r}")
        millions = d["unit"] == "million_baht"
        label_en = ""
        if unit == Unit.OTHER:
            m = re.match(r"unit: ([^(]+) \(([^)]+)\)", d["notes"])
            if not m:
                raise SeedError(f"row {line}: an 'other' unit must be named in the notes")
            label_en, thai = m[1].strip(), m[2].strip()
            if thai in MILLION_UNITS:
                unit, millions, word, label_en = (
                    MILLION_UNITS[thai],
                    True,
                    UNIT_WORD_TH[MILLION_UNITS[thai]],
                    "",
                )
            else:
                word = thai
        if millions and word.startswith("ล้าน"):
            word = word[len("ล้าน") :]
        r.unit, r.word, r.millions = unit, word, millions
        r.amount = _scaled(d["value"], millions)
        r.target = _scaled(d["target"], millions) if d["target"] else None
        exponent = r.amount.normalize().as_tuple().exponent
        r.decimals = 2 if unit in (Unit.BAHT, Unit.PERCENT) else max(0, -int(exponent))
        if d["period"].startswith("as-of "):
            r.period = "@" + d["period"].removeprefix("as-of ")
        else:
            r.period = d["period"]
        r.fiscal_year = periods.parse(r.period, fiscal_year=REPORT_FISCAL_YEAR).fiscal_year
        name = SAME_INDICATOR.get((d["section"], d["indicator_th"]), d["indicator_th"]).strip()
        name_en = d["indicator_en"].strip()
        if m := PROVINCE_SUFFIX.match(name):
            code = provinces.get(m[2])
            if code:
                name, r.area_code = m[1], code
                name_en = name_en.rsplit(",", 1)[0].strip()
        r.name_th, r.name_en = name, name_en
        if label_en:
            r.data["_label_en"] = label_en
        rows.append(r)
    return rows


def _agency_code(text: str) -> str | None:
    for prefix, code in AGENCY_BY_PREFIX.items():
        if text.startswith(prefix):
            return code
    return None


def _programme_sections(rows: list[Row]) -> dict[tuple[str, str], str]:
    """A unique code per programme: its section, with a letter when two share a section."""
    codes: dict[tuple[str, str], str] = {}
    per_section: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        key = (r.section, r.data["programme_th"])
        if key not in codes:
            names = per_section[r.section]
            names.append(key[1])
            codes[key] = r.section if len(names) == 1 else f"{r.section}-{chr(ord('a') + len(names) - 1)}"
    return codes


def _ancestor_sections(section: str) -> list[str]:
    """'1.1.3(1.1)' → ['1.1.3(1)', '1.1.3']; '2.2.6(4)(2)' → ['2.2.6(4)', '2.2.6']."""
    out = []
    current = section
    while "(" in current:
        head, last = current[: current.rfind("(")], current[current.rfind("(") + 1 : -1]
        if "." in last:
            out.append(f"{head}({last.split('.')[0]})")
        out.append(head)
        current = head
    return out


def _parent_section(section: str, known: set[str]) -> str | None:
    return next((c for c in _ancestor_sections(section) if c in known), None)


@transaction.atomic
def seed_load(  # noqa: C901
    *, by: User, at: dt.datetime, path: Path | None = None, progress: Callable[[int], None] | None = None
) -> SeedResult:
    """Load (or re-load: it is idempotent) every figure of the published report."""
    from thanrak.geo.models import Province

    if not Province.objects.exists():
        raise SeedError(
            "load the geography first (manage.py geo_load): provinces named in the report need it"
        )
    rows = _read(path or seed_path())
    result = SeedResult(rows=len(rows))
    for code, result_number, title_th, title_en in POLICY_ITEMS:
        actions.policy_item_ensure(
            code=code, title_th=title_th, title_en=title_en, result_number=result_number
        )
    items = {p.code: p for p in PolicyItem.objects.all()}
    agencies = {
        code: actions.agency_ensure(code=code, name_th=th, name_en=en) for code, (th, en) in AGENCIES.items()
    }

    # Programmes, in report order, nested under the nearest section above them.
    prog_codes = _programme_sections(rows)
    programmes: dict[str, Programme] = {
        p.code: p for p in Programme.objects.filter(code__in=set(prog_codes.values()))
    }
    by_key_rows: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        by_key_rows[(r.section, r.data["programme_th"])].append(r)
    known_sections = {k[0] for k in prog_codes}
    first_code_of_section = {}
    for key, code in prog_codes.items():
        first_code_of_section.setdefault(key[0], code)
    for key, code in prog_codes.items():
        if code in programmes:
            continue
        group = by_key_rows[key]
        first = group[0]
        parent_section = _parent_section(first.section, known_sections)
        parent = programmes.get(first_code_of_section[parent_section]) if parent_section else None
        agency = next((_agency_code(r.data["agency"]) for r in group if r.data["agency"]), None)
        years = [r.fiscal_year for r in group]
        programmes[code] = actions.programme_create(
            by=by,
            at=at,
            section=first.section,
            policy_item=items[first.data["policy_item"]],
            name_th=first.data["programme_th"],
            name_en=first.data["programme_en"],
            kind=ProgrammeKind.PROJECT if parent else ProgrammeKind.PROGRAMME,
            parent=parent,
            owner_agency=agencies.get(agency) if agency else None,
            first_fiscal_year=min(years),
            last_fiscal_year=max(years),
            code=code,
        )
        result.programmes += 1
    programme_of = {r.line: programmes[prog_codes[(r.section, r.data["programme_th"])]] for r in rows}

    # Achieved figures → indicators and values.
    value_rows = [r for r in rows if not (r.is_callout or r.is_target_only or r.is_percent)]
    indicators: dict[tuple[int, str, str], Indicator] = {}
    existing = {
        (i.programme_id, i.name_th, i.unit): i
        for i in Indicator.objects.filter(programme__in=programmes.values())
    }
    for r in value_rows:
        programme = programme_of[r.line]
        key = (programme.pk, r.name_th, r.unit)
        ind = indicators.get(key) or existing.get(key)
        if ind is None:
            default_word = UNIT_WORD_TH[r.unit]
            ind = actions.indicator_create(
                by=by,
                at=at,
                programme=programme,
                name_th=r.name_th,
                name_en=r.name_en,
                unit=r.unit,
                unit_label_th="" if r.word == default_word else r.word,
                unit_label_en=r.data.get("_label_en", ""),
                decimals=r.decimals if r.unit != Unit.BAHT else None,
                display_millions=r.millions,
                temporal=Temporal.STOCK if r.period.startswith("@") else Temporal.FLOW,
                code=f"{programme.code}-{programme.indicators.count() + 1:02d}",
            )
            result.indicators += 1
        indicators[key] = ind
        r.indicator = ind
        change = actions.seed_value_set(
            indicator=ind,
            area_code=r.area_code,
            period=r.period,
            fiscal_year=r.fiscal_year,
            amount=r.amount,
            qualifier=r.qualifier,
            comment=r.notes,
            by=by,
            at=at,
        )
        r.value = change.obj
        result.values_created += change.created
        if r.target is not None:
            t = actions.target_set(
                indicator=ind,
                area_code=r.area_code,
                fiscal_year=r.fiscal_year,
                amount=r.target,
                by=by,
                at=at,
                basis=r.data["target_basis"].upper(),
                note=_target_note(r),
            )
            result.targets += t.created
        _figure(result, r, FigureRole.VALUE, ind, value=r.value, number=r.amount)
        if progress:
            progress(1)

    by_section: dict[str, list[Row]] = defaultdict(list)
    for r in value_rows:
        by_section[r.section].append(r)

    # Plans printed on their own → targets of the figure they plan.
    for r in rows:
        if not r.is_target_only:
            continue
        candidates = [v for v in by_section[r.section] if v.target == r.amount and v.unit == r.unit]
        if not candidates:
            candidates = [
                v for v in by_section[r.section] if v.unit == r.unit and v.fiscal_year < r.fiscal_year
            ]
            candidates = candidates if len({c.indicator.pk for c in candidates}) == 1 else []
        if not candidates:
            raise SeedError(
                f"row {r.line}: no single figure in section {r.section} that this target plans for"
            )
        ind = candidates[0].indicator
        t = actions.target_set(
            indicator=ind,
            area_code=candidates[0].area_code,
            fiscal_year=r.fiscal_year,
            amount=r.amount,
            by=by,
            at=at,
            basis="PLANNED" if candidates[0].target is None else candidates[0].data["target_basis"].upper(),
            note=_target_note(candidates[0]) if candidates[0].target is not None else r.notes,
        )
        result.targets += t.created
        _figure(result, r, FigureRole.TARGET, ind, target=t.obj, number=r.amount)
        if progress:
            progress(1)

    # Printed percentages: a figure's share of its target, or the share of one figure in another.
    for r in rows:
        if not r.is_percent:
            continue
        printed = Decimal(r.data["value"])
        section_rows = by_section[r.section]
        of_target = [
            v for v in section_rows if v.target is not None and percent(v.amount, v.target) == printed
        ]
        if len(of_target) == 1:
            _figure(result, r, FigureRole.PERCENT_OF_TARGET, of_target[0].indicator, number=printed)
        else:
            pairs = [
                (a, b)
                for a, b in permutations(section_rows, 2)
                if a.unit == b.unit
                and a.fiscal_year == b.fiscal_year == r.fiscal_year
                and a.area_code == b.area_code
                and percent(a.amount, b.amount) == printed
            ]
            if len(pairs) != 1:
                raise SeedError(
                    f"row {r.line}: {len(pairs)} pairs of figures reproduce {printed}; expected one"
                )
            part, whole = pairs[0]
            share = _share_indicator(
                r, part.indicator, whole.indicator, programme_of[r.line], by=by, at=at, result=result
            )
            _figure(result, r, FigureRole.SHARE, share, number=printed)
        if progress:
            progress(1)

    # Call-out boxes repeat a figure printed in the text.
    for r in rows:
        if not r.is_callout:
            continue
        same = [v for v in by_section[r.section] if v.unit == r.unit and v.amount == r.amount]
        if not same:
            raise SeedError(f"row {r.line}: the call-out repeats no figure of section {r.section}")
        _figure(result, r, FigureRole.CALLOUT, same[0].indicator, value=same[0].value, number=r.amount)
        if progress:
            progress(1)
    if path is None or path.resolve() == seed_path().resolve():
        # How each figure is answered (computed from records, typed, not yet mapped): data/figure_map.csv.
        result.mapping = actions.figure_map_load(by=by, at=at)
    return result


def _target_note(r: Row) -> str:
    return r.notes if r.data["target_basis"] else ""


def _share_indicator(
    r: Row,
    part: Indicator,
    whole: Indicator,
    programme: Programme,
    *,
    by: User,
    at: dt.datetime,
    result: SeedResult,
) -> Indicator:
    found = Indicator.objects.filter(kind=IndicatorKind.SHARE, numerator=part, denominator=whole).first()
    if found:
        return found
    result.indicators += 1
    return actions.indicator_create(
        by=by,
        at=at,
        programme=programme,
        name_th=r.data["indicator_th"],
        name_en=r.data["indicator_en"],
        unit=Unit.PERCENT,
        kind=IndicatorKind.SHARE,
        numerator=part,
        denominator=whole,
        code=f"{programme.code}-{programme.indicators.count() + 1:02d}",
    )


def _figure(
    result: SeedResult,
    r: Row,
    role: str,
    indicator: Indicator,
    *,
    number: Decimal,
    value: Value | None = None,
    target: Any = None,
) -> None:
    actions.published_figure_record(
        document=DOCUMENT,
        row=r.line,
        section=r.section,
        role=role,
        indicator=indicator,
        value=value,
        target=target,
        fiscal_year=r.fiscal_year,
        printed_as=r.data["printed_as"],
        printed_number=_plain(number),
        notes=r.notes,
    )
    result.figures += 1
    result.by_role[role] += 1


def _plain(number: Decimal) -> str:
    """12900000 (not 1.29E+7), 3824.5 → '3824.5'."""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")
