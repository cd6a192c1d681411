"""Importing persons, households and organisations from CSV or Excel files.

The layouts (columns, their Thai names, what each takes) are in docs/import-layouts.md and in
LAYOUTS below. A file is read with core.tabular (UTF-8, UTF-8 with a BOM, TIS-620/cp874, XLSX),
every row is checked with the same rules as the registry's forms (actions.clean_person_fields,
the organisation rules), and every problem is an Issue naming the row, the column and the reason in
Thai and English.

All or nothing by default: the whole import runs in one transaction that is rolled back when any
row is wrong, so nothing is ever half-written. With skip_invalid the valid rows are written and the
report lists each row that was skipped and why. A dry run checks without writing.

Persons are the volume case (a province's registry is millions of people): they are checked in
chunks of CHUNK rows, the chunk's citizen IDs looked up in one query, and written on PostgreSQL by
COPY straight into the table inside the import's transaction (the server indexes one chunk while
Python checks the next); other databases use bulk_create. Households and organisations are read
whole and written with bulk_create.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import Scope, scope_of
from thanrak.core.access import user_may
from thanrak.core.errors import DomainError
from thanrak.core.tabular import XLSX_MAGIC, Issue, TableError, stream_table
from thanrak.core.thai import BE_OFFSET, TH_MONTHS_LONG, TH_MONTHS_SHORT, from_thai_digits
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry.actions import (
    CannotRegisterOrganisation,
    CannotRegisterPerson,
    _day,
    clean_organisation_fields,
    clean_person_fields,
)
from thanrak.registry.models import (
    Household,
    HouseholdMember,
    IdKind,
    ImportStatus,
    Organisation,
    OrganisationKind,
    Person,
    RegistryImport,
    Relation,
    house_no_key,
)
from thanrak.registry.names import first_name_key, last_name_key

KINDS = ("persons", "households", "organisations")
CHUNK = 20_000  # persons checked, looked up and written together
MAX_LISTED = 1_000  # problems listed in a report; the rest are counted


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


# --- the report ------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    kind: str
    dry_run: bool = False
    skip_invalid: bool = False
    encoding: str = ""
    rows: int = 0  # data rows read
    imported: int = 0  # records written (would be written, on a dry run)
    skipped: list[int] = field(default_factory=list)  # rows not imported
    issues: list[Issue] = field(default_factory=list)  # the first MAX_LISTED problems
    unlisted: int = 0  # problems found beyond those listed
    given: dict[str, str] = field(default_factory=dict)  # column → its header as the file wrote it

    def add(self, issue: Issue) -> None:
        if len(self.issues) < MAX_LISTED:
            self.issues.append(issue)
        else:
            self.unlisted += 1

    @property
    def problems(self) -> int:
        return len(self.issues) + self.unlisted

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "encoding": self.encoding,
            "rows": self.rows,
            "imported": self.imported,
            "skipped": len(self.skipped),
            "skipped_rows": self.skipped[:MAX_LISTED],
            "issues": [self._as_written(i.as_dict()) for i in self.issues],
            "unlisted": self.unlisted,
        }

    def _as_written(self, issue: dict[str, Any]) -> dict[str, Any]:
        """A problem names its column as the file's header wrote it ("เลขประจำตัวประชาชน", not citizen_id)."""
        column = issue.get("column")
        return {**issue, "column": self.given.get(column, column)} if column else issue


class ImportRejected(Exception):
    """Nothing was written: the file, or at least one row, is wrong (all-or-nothing)."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.issues = report.issues
        super().__init__("; ".join(i.en for i in report.issues[:5]))


class _Rollback(Exception):
    pass


# --- reading values --------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]*)?$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s*([^\d\s]+)\s*(\d{4})$")
_MONTHS = {
    **{m: i for i, m in enumerate(TH_MONTHS_SHORT, 1)},
    **{m.replace(".", ""): i for i, m in enumerate(TH_MONTHS_SHORT, 1)},
    **{m: i for i, m in enumerate(TH_MONTHS_LONG, 1)},
}
BAD_DATE = _("Write the date as day/month/year or year-month-day, in the Buddhist or Christian era.")


@lru_cache(maxsize=100_000)
def parse_date(text: str) -> dt.date | Promise | None:
    """A date written the ways Thai files write it, or the reason it cannot be read (a lazy string).

    Years from 2400 are Buddhist era (2512 → 1969); from 1800 to 2399 Christian era.
    """
    text = from_thai_digits(text).strip()
    if not text:
        return None
    if m := _YMD.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif (m := _D_MONTH_Y.match(text)) and m[2] in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2]], int(m[3])
    else:
        return BAD_DATE
    if year >= 2400:
        year -= BE_OFFSET
    elif year < 1800:
        return BAD_DATE
    try:
        return dt.date(year, month, day)
    except ValueError:
        return _("There is no such day in the calendar.")


def _choices(values: dict[str, str], labelled: Any) -> dict[str, str]:
    """Codes, their English labels and their Thai labels, folded, to the code."""
    out = {k.casefold(): v for k, v in values.items()}
    for value, label in labelled.choices:
        out[value.casefold()] = value
        for lang in ("en", "th"):
            with override(lang):
                out[str(label).casefold()] = value
    return out


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, dict[str, str]]:
    return {
        "sex": {"m": "M", "f": "F", "ชาย": "M", "หญิง": "F", "ช": "M", "ญ": "F", "male": "M", "female": "F"},
        "id_kind": _choices(
            {"บัตรประชาชน": "THAI_ID", "เอกสารอื่น": "FOREIGN", "ไม่มี": "NONE", "ไม่มีเอกสาร": "NONE"}, IdKind
        ),
        "relation": _choices(
            {
                "หัวหน้า": "HEAD",
                "บุตร": "CHILD",
                "ลูก": "CHILD",
                "สามี": "SPOUSE",
                "ภรรยา": "SPOUSE",
                "ภริยา": "SPOUSE",
                "บิดา": "PARENT",
                "มารดา": "PARENT",
                "พ่อ": "PARENT",
                "แม่": "PARENT",
                "พี่น้อง": "SIBLING",
                "ญาติ": "RELATIVE",
                "ผู้อาศัย": "NON_RELATIVE",
                "บุตรเขย": "CHILD_IN_LAW",
                "บุตรสะใภ้": "CHILD_IN_LAW",
            },
            Relation,
        ),
        "kind": _choices({}, OrganisationKind),
    }


def _word(vocabulary: str, text: str) -> str | None:
    return _vocabulary()[vocabulary].get(" ".join(text.split()).casefold())


class Areas:
    """Answers, from codes loaded once, whether an area exists and lies inside the importer's scope."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.subdistricts = set(Subdistrict.objects.values_list("code", flat=True))
        self.villages = set(Village.objects.values_list("code", flat=True))
        self._inside: dict[str, bool] = {}

    def exists(self, code: str) -> bool:
        return code in (self.villages if len(code) == 8 else self.subdistricts)

    def inside(self, code: str) -> bool:
        found = self._inside.get(code)
        if found is None:
            found = self._inside[code] = self.scope.covers_area(code)
        return found


OUTSIDE = _("The area %(code)s is outside your areas: you can import only into your own areas.")


# --- entry point -----------------------------------------------------------------------------------


def estimate_rows(data: bytes) -> int:
    """About how many data rows a file holds (for a progress bar): lines of a CSV, rows of a sheet."""
    if data.startswith(XLSX_MAGIC):
        import io

        from openpyxl import load_workbook

        from thanrak.core.tabular import check_xlsx

        try:
            check_xlsx(
                data,
                max_rows=settings.THANRAK_MAX_REGISTRY_IMPORT_ROWS,
                max_columns=settings.THANRAK_IMPORT_MAX_COLUMNS,
            )
        except TableError:
            return 0  # refused unread when imported
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
            return max((sheet.max_row or 1) - 1, 0)
        except Exception:  # noqa: BLE001 — an estimate only; reading reports the real problem
            return 0
    return max(data.count(b"\n") - 1 + (not data.endswith(b"\n")), 0)


def registry_import(
    *,
    kind: str,
    source: IO[bytes] | bytes,
    by: User | None,
    at: dt.datetime,
    skip_invalid: bool = False,
    dry_run: bool = False,
    max_bytes: int | None = None,
    progress: Callable[[int], None] | None = None,
    filename: str = "",
    ip: str | None = None,
) -> ImportReport:
    """Import a file of `kind` (persons, households, organisations) as `by`, into their areas only.

    by=None is the operator at the command line, with every area. Raises ImportRejected (nothing
    written) when the file cannot be read or, unless skip_invalid, when any row is wrong. Returns
    the report; on a dry run nothing is written either way.
    """
    layout = columns(kind)
    if by is not None and not user_may(by, "registry.data", "import"):
        raise PermissionError("registry.data:import")
    scope = Scope(everything=True) if by is None else scope_of(by)
    report = ImportReport(kind=kind, dry_run=dry_run, skip_invalid=skip_invalid)
    try:
        stream = stream_table(
            source,
            required=[c.name for c in layout if c.required],
            optional=[c.name for c in layout if not c.required],
            max_bytes=max_bytes,
            aliases=aliases(kind),
            max_rows=settings.THANRAK_MAX_REGISTRY_IMPORT_ROWS,
        )
    except TableError as exc:
        for issue in exc.issues:
            report.add(issue)
        raise ImportRejected(report) from exc
    report.encoding = stream.encoding
    report.given = stream.given
    runner = {
        "persons": _import_persons,
        "households": _import_households,
        "organisations": _import_organisations,
    }
    tick = progress or (lambda n: None)
    rejected = False
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic():
            more = {"outermost": outermost} if kind == "persons" else {}
            runner[kind](stream.headers, stream.rows, report, Areas(scope), at=at, tick=tick, **more)
            if report.rows == 0 and not report.issues:
                report.add(Issue(None, None, _("The file has a header but no data rows.")))
            rejected = bool(report.issues) and (not skip_invalid or report.imported == 0)
            if rejected or dry_run:
                raise _Rollback
            audit_record(
                by=by,
                event=AuditEvent.IMPORT,
                at=at,
                object_type=f"registry.{kind}",
                area_code=scope.area_codes[0] if len(scope.area_codes) == 1 else "",
                detail={
                    "rows": report.rows,
                    "imported": report.imported,
                    "skipped": len(report.skipped),
                    "file": filename[:200],
                },
                ip=ip,
            )
    except _Rollback:
        pass
    except IntegrityError as exc:  # someone registered the same ID while the file was read
        report.add(
            Issue(
                None,
                None,
                _(
                    "Another import or a person at the same time registered some of these "
                    "records; nothing was written. Please import the file again."
                ),
            )
        )
        raise ImportRejected(report) from exc
    if rejected:
        raise ImportRejected(report)
    return report


def _index(headers: list[str]) -> dict[str, int]:
    return {h: i for i, h in enumerate(headers) if h}


def _values(cells: list[str], index: dict[str, int]) -> dict[str, str]:
    return {name: cells[i] for name, i in index.items()}


PERSON_LIMITS = {
    "title": 30,
    "first_name": 100,
    "last_name": 100,
    "first_name_en": 100,
    "last_name_en": 100,
    "other_id": 40,
    "phone": 20,
}
TOO_LONG = _("At most %(n)s characters.")
SHORTEST_LIMIT = min(PERSON_LIMITS.values())


def _person_data(values: dict[str, str], row: int, issues: list[Issue]) -> dict[str, Any] | None:
    """The fields clean_person_fields takes, from a row's text; None (and an issue) when unreadable."""
    kind_text = values.get("id_kind", "")
    if kind_text:
        kind = _word("id_kind", kind_text)
        if kind is None:
            issues.append(Issue(row, "id_kind", _("The document kind must be THAI_ID, FOREIGN or NONE.")))
            return None
    elif values.get("citizen_id"):
        kind = IdKind.THAI_ID
    else:
        kind = IdKind.FOREIGN if values.get("other_id") else IdKind.NONE
    sex_text = values.get("sex", "")
    sex = _word("sex", sex_text) if sex_text else ""
    if sex is None:
        issues.append(Issue(row, "sex", _("Sex must be M or F (ชาย or หญิง).")))
        return None
    if max(map(len, values.values())) > SHORTEST_LIMIT:  # the usual row has only short values
        for name, limit in PERSON_LIMITS.items():
            if len(values.get(name, "")) > limit:
                issues.append(Issue(row, name, TOO_LONG, {"n": limit}))
                return None
    birth = parse_date(values.get("birth_date", ""))
    if birth is not None and not isinstance(birth, dt.date):
        issues.append(Issue(row, "birth_date", birth))
        return None
    area = values.get("area_code")
    extra = {"area_code": from_thai_digits(area).strip()} if area and not area.isascii() else {}
    return {**values, "id_kind": kind, "sex": sex, "birth_date": birth, **extra}


def _clean_person(
    values: dict[str, str], row: int, areas: Areas, today: dt.date, issues: list[Issue]
) -> dict[str, Any] | None:
    data = _person_data(values, row, issues)
    if data is None:
        return None
    try:
        data = clean_person_fields(data, today=today, check_registered=False, area_exists=areas.exists)
    except CannotRegisterPerson as exc:
        issues.append(Issue(row, exc.field, exc.message, exc.params))
        return None
    if not areas.inside(data["area_code"]):
        issues.append(Issue(row, "area_code", OUTSIDE, {"code": data["area_code"]}))
        return None
    return data


_first_key = lru_cache(maxsize=200_000)(first_name_key)
_last_key = lru_cache(maxsize=200_000)(last_name_key)

TWICE = _("The citizen ID %(id)s is also on row %(row)s of this file.")
REGISTERED = _("A person with the citizen ID %(id)s is already registered.")


# --- persons ---------------------------------------------------------------------------------------

PERSON_COLUMNS = (
    "id_kind",
    "citizen_id",
    "other_id",
    "title",
    "first_name",
    "last_name",
    "first_name_en",
    "last_name_en",
    "name_key",
    "sex",
    "birth_date",
    "phone",
    "area_code",
    "created_at",
    "updated_at",
)


def _import_persons(
    headers: list[str],
    rows: Iterator[tuple[int, list[str] | Issue]],
    report: ImportReport,
    areas: Areas,
    *,
    at: dt.datetime,
    tick: Callable[[int], None],
    outermost: bool = False,
) -> None:
    today = _day(at)
    index = _index(headers)
    seen: dict[str, int] = {}
    chunk: list[tuple[int, dict[str, Any]]] = []
    writer = _PersonWriter(at)
    lookup = _Registered(outermost=outermost)
    ticked = [0]  # rows read when the progress bar last moved

    def flush() -> None:
        ids = [d["citizen_id"] for _, d in chunk if d["citizen_id"]]
        taken = lookup(ids, long_file=len(chunk) >= CHUNK, before=writer.finish)
        good = []
        for row, data in chunk:
            if data["citizen_id"] in taken:
                report.add(Issue(row, "citizen_id", REGISTERED, {"id": data["citizen_id"]}))
                report.skipped.append(row)
            else:
                good.append(data)
        if not report.dry_run and (report.skip_invalid or not report.issues):
            writer.write(good, keep_open=lookup.side is not None)
        report.imported += len(good)
        tick(report.rows - ticked[0])
        ticked[0] = report.rows
        chunk.clear()

    for row, cells in rows:
        report.rows += 1
        if isinstance(cells, Issue):
            report.add(cells)
            report.skipped.append(row)
            continue
        issues: list[Issue] = []
        data = _clean_person(_values(cells, index), row, areas, today, issues)
        if data is not None and (cid := data["citizen_id"]):
            first = seen.get(cid)
            if first is not None:
                issues.append(Issue(row, "citizen_id", TWICE, {"id": cid, "row": first}))
                data = None
            else:
                seen[cid] = row
        if data is None:
            for issue in issues:
                report.add(issue)
            report.skipped.append(row)
            continue
        chunk.append((row, data))
        if len(chunk) >= CHUNK:
            flush()
    try:
        if chunk:
            flush()
    finally:
        writer.finish()
        lookup.close()
    tick(report.rows - ticked[0])
    if not report.skip_invalid and report.issues:
        report.imported = 0


REGISTERED_SQL = "SELECT citizen_id FROM registry_person WHERE citizen_id = ANY(string_to_array(%s, ','))"


class _Registered:
    """Which citizen IDs of a chunk are in the registry already (one query per chunk).

    A long file imported outside any other transaction, on PostgreSQL, is looked up on a second
    connection: it sees every person registered before the import (committed), the file's own IDs
    are checked by the import itself, and the import's COPY then streams without a pause for each
    lookup. A person registered by someone else meanwhile still meets the unique index, and the whole
    import is rolled back. Otherwise (SQLite, short files, an import inside a caller's transaction
    that may hold uncommitted persons) the import's own connection answers, between two COPYs.
    """

    def __init__(self, *, outermost: bool):
        self.allowed = outermost and connection.vendor == "postgresql"
        self.side: Any = None

    def __call__(self, ids: list[str], *, long_file: bool, before: Callable[[], None]) -> set[str]:
        if self.side is None and self.allowed and long_file:
            import psycopg

            self.side = psycopg.connect(**connection.get_connection_params(), autocommit=True)
        if self.side is not None:
            return (
                {r[0] for r in self.side.execute(REGISTERED_SQL, [",".join(ids)]).fetchall()}
                if ids
                else set()
            )
        before()  # the connection runs no query while a COPY is open
        return _registered(ids)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _registered(ids: list[str]) -> set[str]:
    if not ids:
        return set()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # One text parameter split by the server: adapting a 20,000-element array in Python
            # costs more than the lookup itself.
            cursor.execute(REGISTERED_SQL, [",".join(ids)])
            return {r[0] for r in cursor.fetchall()}
    found: set[str] = set()
    for start in range(0, len(ids), 5_000):
        found.update(
            Person.objects.filter(citizen_id__in=ids[start : start + 5_000]).values_list(
                "citizen_id", flat=True
            )
        )
    return found


def _person_row(data: dict[str, Any], at: dt.datetime) -> tuple[Any, ...]:
    return (
        data["id_kind"],
        data["citizen_id"],
        data["other_id"],
        data["title"],
        data["first_name"],
        data["last_name"],
        data["first_name_en"],
        data["last_name_en"],
        _first_key(data["first_name"]) + "|" + _last_key(data["last_name"]),
        data["sex"],
        data["birth_date"],
        data["phone"],
        data["area_code"],
        at,
        at,
    )


class _PersonWriter:
    """Writes checked persons: COPY on PostgreSQL, bulk_create elsewhere.

    On PostgreSQL a writer thread sends the rows and a chunk's COPY is left open while Python
    checks the next chunk, so the server indexes one chunk as the next is read; it is closed before the connection runs its next query
    (with lookups on a second connection, one COPY takes the whole file).
    """

    def __init__(self, at: dt.datetime):
        self.at = at
        self.postgres = connection.vendor == "postgresql"
        self._open: Any = None  # the COPY's context manager while one is open
        self._copy: Any = None

    def write(self, batch: list[dict[str, Any]], *, keep_open: bool = False) -> None:
        """Write a batch; with keep_open the COPY already open takes it (one COPY for the file)."""
        if not (keep_open and self._open is not None):
            self.finish()
        if not batch:
            return
        if not self.postgres:
            Person.objects.bulk_create(
                (Person(**dict(zip(PERSON_COLUMNS, _person_row(d, self.at), strict=True))) for d in batch),
                batch_size=500,
            )
            return
        if self._open is None:
            from psycopg.copy import QueuedLibpqWriter

            cursor = connection.cursor().cursor
            # A writer thread sends the blocks, so Python checks the next rows while the server
            # takes these (a blocking send would leave the server idle during every check).
            manager = cursor.copy(
                f"COPY registry_person ({', '.join(PERSON_COLUMNS)}) FROM STDIN",
                writer=QueuedLibpqWriter(cursor),
            )
            self._copy = manager.__enter__()
            self._open = manager
        copy = self._copy
        try:
            stamp = self.at.isoformat()
            lines = []
            for data in batch:
                # Text COPY format: NULL is \N; tabs and line breaks cannot occur (the checks fold
                # whitespace in every text field), so only a backslash needs escaping.
                birth, first, last = data["birth_date"], data["first_name"], data["last_name"]
                line = "\t".join(
                    (
                        data["id_kind"],
                        data["citizen_id"] or "\\N",
                        data["other_id"],
                        data["title"],
                        first,
                        last,
                        data["first_name_en"],
                        data["last_name_en"],
                        _first_key(first) + "|" + _last_key(last),
                        data["sex"],
                        birth.isoformat() if birth else "\\N",
                        data["phone"],
                        data["area_code"],
                    )
                )
                if "\\" in line:  # \N for a NULL, or a backslash in a value, which COPY must see doubled
                    row = _person_row(data, self.at)[:13]
                    line = "\t".join("\\N" if v is None else str(v).replace("\\", "\\\\") for v in row)
                lines.append(f"{line}\t{stamp}\t{stamp}\n")
                if len(lines) >= 2_000:
                    copy.write("".join(lines))
                    lines.clear()
            if lines:
                copy.write("".join(lines))
        except BaseException:
            self.finish(failed=True)
            raise

    def finish(self, failed: bool = False) -> None:
        """Close the open COPY (waiting for the server to take every row)."""
        manager, self._open, self._copy = self._open, None, None
        if manager is not None:
            if failed:
                manager.__exit__(RuntimeError, RuntimeError("import failed"), None)
            else:
                manager.__exit__(None, None, None)


# --- households ------------------------------------------------------------------------------------


@dataclass
class _House:
    village_code: str
    house_no: str
    first_row: int
    house_code: str = ""
    address_detail: str = ""
    members: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # row, relation, person
    issues: list[Issue] = field(default_factory=list)


def _import_households(
    headers: list[str],
    rows: Iterator[tuple[int, list[str] | Issue]],
    report: ImportReport,
    areas: Areas,
    *,
    at: dt.datetime,
    tick: Callable[[int], None],
) -> None:
    today = _day(at)
    index = _index(headers)
    houses: dict[tuple[str, str], _House] = {}
    seen: dict[str, int] = {}
    loose: list[Issue] = []  # rows that name no household
    for row, cells in rows:
        report.rows += 1
        tick(1)
        if isinstance(cells, Issue):
            loose.append(cells)
            continue
        values = _values(cells, index)
        village = from_thai_digits(values.pop("village_code", ""))
        house_no = " ".join(values.pop("house_no", "").split())
        if not village or not house_no:
            column = "village_code" if not village else "house_no"
            loose.append(Issue(row, column, _("Every row needs the village code and the house number.")))
            continue
        house = houses.setdefault((village, house_no), _House(village, house_no, row))
        issues = house.issues
        if len(house.members) == 0 and row == house.first_row:
            _check_village(house, row, areas)
        code = from_thai_digits(values.pop("house_code", "")).replace("-", "").strip()
        detail = values.pop("address_detail", "")
        if code:
            if not (code.isdigit() and len(code) == 11):
                issues.append(Issue(row, "house_code", _("The house registration code must be 11 digits.")))
            house.house_code = house.house_code or code
        house.address_detail = house.address_detail or detail
        relation = _word("relation", values.pop("relation", ""))
        if relation is None:
            issues.append(Issue(row, "relation", _("Unknown relation to the head.")))
            continue
        if relation == Relation.HEAD and any(r == Relation.HEAD for _, r, _ in house.members):
            issues.append(Issue(row, "relation", _("This household already has a head on another row.")))
            continue
        data = _person_data(values, row, issues)
        if data is None:
            continue
        try:
            data = clean_person_fields(
                {**data, "area_code": village},
                today=today,
                check_registered=False,
                area_exists=lambda c: True,
            )
        except CannotRegisterPerson as exc:
            issues.append(Issue(row, exc.field, exc.message, exc.params))
            continue
        if (cid := data["citizen_id"]) and cid in seen:
            issues.append(Issue(row, "citizen_id", TWICE, {"id": cid, "row": seen[cid]}))
            continue
        if cid:
            seen[cid] = row
        house.members.append((row, relation, data))
    _check_against_registry(houses, areas)
    for issue in loose:
        report.add(issue)
        report.skipped.append(issue.row or 0)
    good: list[_House] = []
    for house in houses.values():
        if house.members and not any(r == Relation.HEAD for _, r, _ in house.members) and not house.issues:
            house.issues.append(
                Issue(house.first_row, "relation", _("This household has no head (relation HEAD)."))
            )
        if house.issues:
            for issue in house.issues:
                report.add(issue)
            bad_rows = {i.row for i in house.issues}
            for row, _r, _d in house.members:
                if row not in bad_rows:
                    report.add(
                        Issue(
                            row,
                            None,
                            _(
                                "Skipped with its household (house %(house)s): another row of it "
                                "has a problem."
                            ),
                            {"house": house.house_no},
                        )
                    )
            report.skipped.extend(sorted(bad_rows | {r for r, _, _ in house.members}))
        else:
            good.append(house)
    if report.issues and not report.skip_invalid:
        return
    report.imported = len(good)
    if not report.dry_run:
        _write_households(good, at=at, today=today)


def _check_village(house: _House, row: int, areas: Areas) -> None:
    code = house.village_code
    if not (len(code) == 8 and code.isascii() and code.isdigit()) or code not in areas.villages:
        house.issues.append(
            Issue(row, "village_code", _("The village code %(code)s does not exist."), {"code": code})
        )
    elif not areas.inside(code):
        house.issues.append(Issue(row, "village_code", OUTSIDE, {"code": code}))


def _check_against_registry(houses: dict[tuple[str, str], _House], areas: Areas) -> None:
    """Households already registered, and members already registered elsewhere or in a household."""
    villages = {v for v, _ in houses}
    existing = set()
    for start in range(0, len(villages), 500):
        part = sorted(villages)[start : start + 500]
        existing |= set(Household.objects.filter(area_code__in=part).values_list("area_code", "house_no"))
    ids = [d["citizen_id"] for h in houses.values() for _, _, d in h.members if d["citizen_id"]]
    people: dict[str, tuple[int, str, int | None]] = {}
    for start in range(0, len(ids), 5_000):
        for pk, cid, area, merged in Person.objects.filter(
            citizen_id__in=ids[start : start + 5_000]
        ).values_list("pk", "citizen_id", "area_code", "merged_into_id"):
            people[cid] = (pk, area, merged)
    housed = (
        set(
            HouseholdMember.objects.filter(
                person_id__in=[p[0] for p in people.values()], left_date__isnull=True
            ).values_list("person_id", flat=True)
        )
        if people
        else set()
    )
    for (village, house_no), house in houses.items():
        if (village, house_no) in existing:
            house.issues.append(
                Issue(
                    house.first_row,
                    "house_no",
                    _("House %(house)s is already registered in village %(code)s."),
                    {"house": house_no, "code": village},
                )
            )
        for row, _relation, data in house.members:
            found = people.get(data["citizen_id"] or "")
            if found is None:
                continue
            pk, area, merged = found
            if merged or not areas.inside(area):
                house.issues.append(
                    Issue(
                        row,
                        "citizen_id",
                        _("The citizen ID %(id)s is registered outside your areas."),
                        {"id": data["citizen_id"]},
                    )
                )
            elif pk in housed:
                house.issues.append(
                    Issue(
                        row,
                        "citizen_id",
                        _("The person with citizen ID %(id)s already lives in another household."),
                        {"id": data["citizen_id"]},
                    )
                )
            else:
                data["existing_pk"] = pk


def _write_households(houses: list[_House], *, at: dt.datetime, today: dt.date) -> None:
    villages = {v.code: v for v in Village.objects.filter(code__in={h.village_code for h in houses})}
    new_people = [
        Person(
            **{k: v for k, v in d.items() if k != "existing_pk"},
            name_key=_first_key(d["first_name"]) + "|" + _last_key(d["last_name"]),
            created_at=at,
            updated_at=at,
        )
        for h in houses
        for _, _, d in h.members
        if "existing_pk" not in d
    ]
    Person.objects.bulk_create(new_people, batch_size=500)
    created = iter(new_people)
    households = [
        Household(
            house_no=h.house_no,
            house_no_key=house_no_key(h.house_no),
            house_code=h.house_code,
            village=villages[h.village_code],
            area_code=h.village_code,
            address_detail=h.address_detail[:200],
            created_at=at,
            updated_at=at,
        )
        for h in houses
    ]
    Household.objects.bulk_create(households, batch_size=500)
    members, moved = [], []
    for house, household in zip(houses, households, strict=True):
        for _row, relation, data in house.members:
            pk = data.get("existing_pk") or next(created).pk
            if "existing_pk" in data:
                moved.append((pk, house.village_code))
            members.append(
                HouseholdMember(household=household, person_id=pk, relation=relation, joined_date=today)
            )
    HouseholdMember.objects.bulk_create(members, batch_size=500)
    for pk, code in moved:
        Person.objects.filter(pk=pk).exclude(area_code=code).update(area_code=code, updated_at=at)


# --- organisations ---------------------------------------------------------------------------------


def _import_organisations(
    headers: list[str],
    rows: Iterator[tuple[int, list[str] | Issue]],
    report: ImportReport,
    areas: Areas,
    *,
    at: dt.datetime,
    tick: Callable[[int], None],
) -> None:
    index = _index(headers)
    seen: dict[tuple[str, str], int] = {}
    good: list[dict[str, Any]] = []
    for row, cells in rows:
        report.rows += 1
        tick(1)
        issue = (
            cells
            if isinstance(cells, Issue)
            else _organisation(_values(cells, index), row, areas, seen, good)
        )
        if issue is not None:
            report.add(issue)
            report.skipped.append(row)
    if report.issues and not report.skip_invalid:
        return
    report.imported = len(good)
    if not report.dry_run:
        Organisation.objects.bulk_create(
            [Organisation(**d, created_at=at, updated_at=at) for d in good], batch_size=500
        )


def _organisation(
    values: dict[str, str],
    row: int,
    areas: Areas,
    seen: dict[tuple[str, str], int],
    good: list[dict[str, Any]],
) -> Issue | None:
    kind = _word("kind", values.get("kind", ""))
    if kind is None:
        return Issue(row, "kind", _("Unknown kind of organisation."))
    registered = parse_date(values.get("registered_date", ""))
    if registered is not None and not isinstance(registered, dt.date):
        return Issue(row, "registered_date", registered)
    email = values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return Issue(row, "email", _("This is not an email address."))
    data = {
        **values,
        "kind": kind,
        "registered_date": registered,
        "area_code": from_thai_digits(values.get("area_code", "")),
        "tax_id": from_thai_digits(values.get("tax_id", "")).replace(" ", ""),
    }
    try:
        data = clean_organisation_fields(data)
    except CannotRegisterOrganisation as exc:
        return Issue(row, exc.field, exc.message, exc.params)
    if not areas.inside(data["area_code"]):
        return Issue(row, "area_code", OUTSIDE, {"code": data["area_code"]})
    for name, limit in (
        ("name_th", 200),
        ("name_en", 200),
        ("address", 300),
        ("phone", 20),
        ("line_id", 50),
        ("registration_no", 40),
    ):
        if len(data[name]) > limit:
            return Issue(row, name, TOO_LONG, {"n": limit})
    if data["registration_no"]:
        key = (kind, data["registration_no"])
        if key in seen:
            return Issue(
                row,
                "registration_no",
                _("This registration number is also on row %(row)s of this file."),
                {"row": seen[key]},
            )
        seen[key] = row
    data.pop("network", None)
    good.append(data)
    return None


def max_bytes() -> int:
    return settings.THANRAK_MAX_REGISTRY_IMPORT_BYTES


# --- the import page: uploads kept with their status, run now or by the task worker ----------------

SYNC_ROWS = 5_000  # files up to about this many rows are imported while the page waits


def upload(
    *, kind: str, data: bytes, filename: str, by: User, at: dt.datetime, skip_invalid: bool = False
) -> RegistryImport:
    """Keep an uploaded file and import it: now when it is small, else through the task worker.

    The size limit and the role are checked before anything is kept.
    """
    columns(kind)
    if not user_may(by, "registry.data", "import"):
        raise PermissionError("registry.data:import")
    job = RegistryImport.objects.create(
        kind=kind,
        filename=filename[:200],
        by=by,
        at=at,
        skip_invalid=skip_invalid,
        data=data,
        rows_estimated=estimate_rows(data) if len(data) <= max_bytes() else 0,
    )
    _start(job)
    return job


def _start(job: RegistryImport) -> None:
    if job.rows_estimated <= SYNC_ROWS:
        run(job_id=job.pk)
    else:
        from thanrak.registry.tasks import import_run

        transaction.on_commit(lambda: import_run.enqueue(job.pk))


def run(*, job_id: int, ip: str | None = None) -> RegistryImport:
    """Run a kept import (from the page or the task worker) and store its report."""
    with transaction.atomic():
        job = RegistryImport.objects.select_for_update().get(pk=job_id)
        if job.status != ImportStatus.QUEUED:
            return job
        job.status = ImportStatus.RUNNING
        job.save(update_fields=["status"])
    data = bytes(job.data or b"")
    try:
        report = registry_import(
            kind=job.kind,
            source=data,
            by=job.by,
            at=timezone_now(),
            skip_invalid=job.skip_invalid,
            max_bytes=max_bytes(),
            filename=job.filename,
            ip=ip,
        )
        job.status, job.data = ImportStatus.DONE, None
    except ImportRejected as exc:
        report = exc.report
        job.status = ImportStatus.REJECTED
    except PermissionError:  # the uploader lost the right to import while the file waited
        report = ImportReport(kind=job.kind)
        report.add(Issue(None, None, _("You may no longer import registry files.")))
        job.status = ImportStatus.REJECTED
    job.report = report.as_dict()
    job.finished_at = timezone_now()
    job.save(update_fields=["status", "data", "report", "finished_at"])
    return job


def confirm_skipping(*, job: RegistryImport, by: User) -> RegistryImport:
    """Import the valid rows of a rejected file, skipping the rest. Twice is once: a second confirm
    finds the import no longer rejected and changes nothing."""
    with transaction.atomic():
        job = RegistryImport.objects.select_for_update().get(pk=job.pk, by=by)
        if job.status != ImportStatus.REJECTED or job.skip_invalid or job.data is None:
            raise CannotConfirm(
                _("This file was already imported, or cannot be imported row by row."),
                code="file_already_imported",
            )
        job.status, job.skip_invalid = ImportStatus.QUEUED, True
        job.save(update_fields=["status", "skip_invalid"])
    _start(job)
    job.refresh_from_db()
    return job


class CannotConfirm(DomainError):
    """The import is not waiting for a decision (already imported, running or confirmed)."""


def timezone_now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()
