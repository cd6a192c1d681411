"""The file layouts of the helpers directory and of cases: one list of columns for the export, the
import and the template (layout name, Thai name, what it takes), so that an export imports back."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    name: str  # the column's name in the layout (English), written by the export
    th: str  # its Thai name, accepted in the header as well
    help: Promise
    required: bool = False
    imported: bool = True  # False: written by the export for people to read, ignored on import


HELPERS = (
    Column("person_id", "เลขทะเบียนบุคคล", _("The person's number in the registry (as exported)")),
    Column("citizen_id", "เลขประจำตัวประชาชน", _("13-digit citizen ID, when there is no registry number")),
    Column("name", "ชื่อ-สกุล", _("Full name; with the phone, finds the person when there is no number")),
    Column("phone", "โทรศัพท์", _("Phone number, as in the registry")),
    Column("kinds", "ประเภท", _("Kinds of helper: codes or names, separated by commas"), required=True),
    Column("expertise", "ความเชี่ยวชาญ", _("Expertise from the list: codes or names, separated by commas")),
    Column("expertise_words", "ความเชี่ยวชาญอื่น", _("Other expertise in free words")),
    Column("areas", "พื้นที่ที่ดูแล", _("Area codes served, separated by spaces (empty: the person's area)")),
    Column("availability", "ความพร้อม", _("AVAILABLE, LIMITED or UNAVAILABLE (or the Thai word)")),
    Column("capacity", "รับงานพร้อมกัน", _("Open cases at once, 1 to 500 (empty: 5)")),
)

CASES = (
    Column(
        "case", "เลขเรื่อง", _("The case number (written by the export; a new case is made)"), imported=False
    ),
    Column("intake_date", "วันที่รับเรื่อง", _("Intake date, day/month/year in the Buddhist era"), required=True),
    Column(
        "subject_kind",
        "ผู้รับบริการเป็น",
        _("PERSON, HOUSEHOLD or ORGANISATION (or the Thai word)"),
        required=True,
    ),
    Column(
        "subject_id", "เลขทะเบียนผู้รับบริการ", _("The registry number of the person, household or organisation")
    ),
    Column("citizen_id", "เลขประจำตัวประชาชน", _("For a person without a registry number: the 13-digit ID")),
    Column("subject", "ชื่อผู้รับบริการ", _("For a person without a number: the full name, with the phone")),
    Column("phone", "โทรศัพท์", _("For a person without a number: the phone, as in the registry")),
    Column("area_code", "รหัสพื้นที่", _("The subject's area (written by the export)"), imported=False),
    Column(
        "topic",
        "เรื่องที่ขอ",
        _("FINANCE, MARKETING, STANDARDS, REGISTRATION, LEGAL or TECHNOLOGY (or the Thai word)"),
        required=True,
    ),
    Column(
        "channel",
        "ช่องทาง",
        _("COUNTER, PHONE, FIELD, ONLINE or REFERRED_IN (or the Thai word)"),
        required=True,
    ),
    Column("status", "สถานะ", _("INTAKE, ASSESSED, SERVED or CLOSED (or the Thai word; empty: INTAKE)")),
    Column("outcome", "ผล", _("For a closed case: RESOLVED, PARTLY, NOT_RESOLVED or WITHDRAWN")),
    Column("adviser_person_id", "เลขทะเบียนที่ปรึกษา", _("The adviser's registry number (a listed helper)")),
    Column("adviser", "ที่ปรึกษา", _("The adviser's name (written by the export)"), imported=False),
    Column("summary", "สิ่งที่ขอ", _("What the client asks for"), required=True),
)

LAYOUTS: dict[str, tuple[Column, ...]] = {"helpers": HELPERS, "cases": CASES}

EXAMPLES: dict[str, list[list[str]]] = {
    "helpers": [
        [
            "",
            "",
            "นางสาวตัวอย่าง ใจดี",
            "0812345678",
            "SME_VOLUNTEER, KBO_ADVISER",
            "PACKAGING, BRANDING",
            "ผ้าทอ ลายพื้นเมือง",
            "5601 560101",
            "AVAILABLE",
            "5",
        ]
    ],
    "cases": [
        [
            "",
            "15/06/2569",
            "PERSON",
            "",
            "",
            "นางสาวตัวอย่าง ใจดี",
            "0812345678",
            "",
            "FINANCE",
            "COUNTER",
            "ASSESSED",
            "",
            "",
            "",
            "ขอสินเชื่อหมุนเวียนสำหรับร้านค้า",
        ]
    ],
}


def headers(kind: str) -> list[str]:
    """The header row of an export or a template: the layout names."""
    return [c.name for c in LAYOUTS[kind]]


def aliases(kind: str) -> dict[str, str]:
    """Every name a column may have in a header: its layout name and its Thai name."""
    return {**{c.th: c.name for c in LAYOUTS[kind]}, **{c.name: c.name for c in LAYOUTS[kind]}}


def required(kind: str) -> tuple[str, ...]:
    return tuple(c.name for c in LAYOUTS[kind] if c.required)


def optional(kind: str) -> tuple[str, ...]:
    return tuple(c.name for c in LAYOUTS[kind] if not c.required)
