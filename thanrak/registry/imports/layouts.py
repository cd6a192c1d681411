"""The import layouts: each kind's columns (layout and Thai names, what each takes) and example rows."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS = ("persons", "households", "organisations")


@dataclass(frozen=True)
class Column:
    name: str  # the column's name in the layout (English, as in the database)
    th: str  # its Thai name, accepted in the header as well
    help: Promise
    required: bool = False


_CITIZEN_ID = Column(
    "citizen_id",
    "เลขประจำตัวประชาชน",
    _("13-digit citizen ID (dashes, spaces and Thai digits are fine); empty for a person without a Thai ID"),
    required=True,
)
_PERSON_DETAILS = (
    Column(
        "id_kind",
        "ประเภทเอกสาร",
        _(
            "THAI_ID, FOREIGN or NONE; empty means THAI_ID when a citizen ID is "
            "given, FOREIGN when another document number is, NONE otherwise"
        ),
    ),
    Column("other_id", "เลขเอกสารอื่น", _("Passport or other document number")),
    Column("title", "คำนำหน้า", _("Title (นาย, นาง, นางสาว, เด็กชาย, เด็กหญิง)")),
    Column("first_name", "ชื่อ", _("First name"), required=True),
    Column("last_name", "นามสกุล", _("Last name (may be empty)"), required=True),
    Column("first_name_en", "ชื่อภาษาอังกฤษ", _("First name in English")),
    Column("last_name_en", "นามสกุลภาษาอังกฤษ", _("Last name in English")),
    Column("sex", "เพศ", _("M or F (also ชาย or หญิง)")),
    Column(
        "birth_date",
        "วันเกิด",
        _(
            "Birth date in the Buddhist or Christian era: 25/03/2512, 2512-03-25, "
            "1969-03-25 or 25 มี.ค. 2512; Thai digits are fine"
        ),
    ),
    Column("phone", "โทรศัพท์", _("Phone number")),
)

LAYOUTS: dict[str, tuple[Column, ...]] = {
    "persons": (
        _CITIZEN_ID,
        *_PERSON_DETAILS,
        Column(
            "area_code",
            "รหัสพื้นที่",
            _("Where the person lives: village (8 digits) or subdistrict (6 digits) code, inside your areas"),
            required=True,
        ),
    ),
    "households": (
        Column(
            "village_code",
            "รหัสหมู่บ้าน",
            _("Village code, 8 digits (subdistrict code + หมู่ที่), inside your areas"),
            required=True,
        ),
        Column(
            "house_no",
            "บ้านเลขที่",
            _("House number; one row per member, the rows of a household share village and house number"),
            required=True,
        ),
        Column(
            "house_code",
            "รหัสประจำบ้าน",
            _("House registration code, 11 digits (on the household's first row)"),
        ),
        Column("address_detail", "ซอย ถนน", _("Lane, road (on the household's first row)")),
        Column(
            "relation",
            "ความสัมพันธ์",
            _(
                "Relation to the head: HEAD, SPOUSE, CHILD, CHILD_IN_LAW, "
                "GRANDCHILD, PARENT, SIBLING, RELATIVE, NON_RELATIVE or the Thai words (หัวหน้าครัวเรือน, "
                "คู่สมรส, บุตร…); exactly one HEAD per household"
            ),
            required=True,
        ),
        _CITIZEN_ID,
        *_PERSON_DETAILS,
    ),
    "organisations": (
        Column(
            "kind",
            "ประเภท",
            _(
                "Kind: COMMUNITY_ENTERPRISE, OTOP_PRODUCER, COOPERATIVE, SAVINGS_GROUP, "
                "VILLAGE_FUND… or its Thai name (วิสาหกิจชุมชน…)"
            ),
            required=True,
        ),
        Column("name_th", "ชื่อองค์กร", _("Thai name"), required=True),
        Column("name_en", "ชื่อภาษาอังกฤษ", _("English name")),
        Column(
            "registration_no", "เลขทะเบียน", _("Registration number (unique per kind), e.g. 5-56-01-02/1-0012")
        ),
        Column("registered_date", "วันที่จดทะเบียน", _("Registered on, Buddhist or Christian era")),
        Column("tax_id", "เลขประจำตัวผู้เสียภาษี", _("13-digit tax ID")),
        Column(
            "area_code",
            "รหัสพื้นที่",
            _("Subdistrict (6 digits) or village (8 digits) code, inside your areas"),
            required=True,
        ),
        Column("address", "ที่อยู่", _("Address")),
        Column("phone", "โทรศัพท์", _("Phone number")),
        Column("email", "อีเมล", _("Email")),
        Column("line_id", "ไลน์ไอดี", _("LINE ID")),
        Column("description", "รายละเอียด", _("Description")),
    ),
}

EXAMPLES: dict[str, list[list[str]]] = {
    "persons": [
        [
            "3560100123457",
            "",
            "",
            "นาง",
            "บุญเรือน",
            "ปินตา",
            "",
            "",
            "F",
            "12/05/2508",
            "0812345678",
            "56010101",
        ],
        ["", "NONE", "", "เด็กชาย", "ต้นกล้า", "ปินตา", "", "", "M", "2561-01-09", "", "56010101"],
    ],
    "households": [
        [
            "56010101",
            "12/1",
            "",
            "",
            "หัวหน้าครัวเรือน",
            "3560100123457",
            "",
            "",
            "นาง",
            "บุญเรือน",
            "ปินตา",
            "",
            "",
            "F",
            "12/05/2508",
            "0812345678",
        ],
        [
            "56010101",
            "12/1",
            "",
            "",
            "หลาน",
            "",
            "NONE",
            "",
            "เด็กชาย",
            "ต้นกล้า",
            "ปินตา",
            "",
            "",
            "M",
            "2561-01-09",
            "",
        ],
    ],
    "organisations": [
        [
            "วิสาหกิจชุมชน",
            "วิสาหกิจชุมชนทอผ้าบ้านทดสอบ",
            "",
            "5-56-01-01/1-0099",
            "15/06/2562",
            "",
            "560101",
            "12 หมู่ 1",
            "054123456",
            "",
            "",
            "",
        ],
    ],
}


def columns(kind: str) -> tuple[Column, ...]:
    try:
        return LAYOUTS[kind]
    except KeyError as exc:
        raise ValueError(f"unknown import kind {kind!r}; one of {', '.join(KINDS)}") from exc


def aliases(kind: str) -> dict[str, str]:
    """Every name a column may have in a header: its layout name and its Thai name."""
    return {**{c.th: c.name for c in columns(kind)}, **{c.name: c.name for c in columns(kind)}}


def header_names(kind: str, lang: str) -> list[str]:
    """The header row of a template or an export: Thai names in Thai, layout names otherwise."""
    return [c.th if lang.startswith("th") else c.name for c in columns(kind)]
