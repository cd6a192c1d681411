"""Reading spreadsheets people actually have, and writing ones that are safe to open.

Reads CSV in UTF-8, UTF-8 with a BOM or TIS-620/cp874 (what Thai Excel writes) and XLSX.
Every problem is an Issue naming the row and column, with its reason in Thai and English.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

XLSX_MAGIC = b"PK\x03\x04"
# Cells starting with these are run as formulas by spreadsheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@dataclass(frozen=True)
class Issue:
    """One problem in an input file: where it is and why, readable in Thai and English."""

    row: int | None
    column: str | None
    message: Promise | str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        with override(lang):
            return str(self.message) % self.params if self.params else str(self.message)

    @property
    def th(self) -> str:
        return self.text("th")

    @property
    def en(self) -> str:
        return self.text("en")

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason_th": self.th, "reason_en": self.en}


def bound_issues(issues: Sequence[Issue], limit: int | None = None) -> list[Issue]:
    """At most `limit` issues (THANRAK_IMPORT_MAX_LISTED_ISSUES), then one saying how many more there are.

    A file of a million bad rows must not answer a page or a JSON body of a million errors.
    """
    limit = settings.THANRAK_IMPORT_MAX_LISTED_ISSUES if limit is None else limit
    if len(issues) <= limit:
        return list(issues)
    return [*issues[:limit], _more_issues(len(issues) - limit)]


def bound_issue_dicts(issues: list[dict[str, Any]], limit: int | None = None) -> list[dict[str, Any]]:
    """`bound_issues` for issues already turned into dictionaries (Issue.as_dict)."""
    limit = settings.THANRAK_IMPORT_MAX_LISTED_ISSUES if limit is None else limit
    if len(issues) <= limit:
        return issues
    return [*issues[:limit], _more_issues(len(issues) - limit).as_dict()]


def _more_issues(count: int) -> Issue:
    return Issue(None, None, _("…and %(count)s more problems not listed."), {"count": f"{count:,}"})


class TableError(Exception):
    """The file as a whole cannot be read (empty, wrong type, too big, bad columns)."""

    def __init__(self, issues: Sequence[Issue]):
        self.total = len(issues)
        self.issues = bound_issues(issues)
        super().__init__("; ".join(i.en for i in self.issues[:5]))


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, values by header)
    encoding: str

    def __len__(self) -> int:
        return len(self.rows)


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 with or without BOM, else TIS-620/cp874."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError as exc:
        raise TableError(
            [Issue(None, None, _("The file is not text in UTF-8 or TIS-620 (Thai Windows)."))]
        ) from exc


@dataclass
class TableStream:
    """A table read row by row: headers as given (after aliases), rows as positional values.

    `rows` yields (spreadsheet row number, values padded to the headers and stripped) or, for a row
    that cannot be read, (row number, Issue). Blank rows are skipped. Used for files too large to
    hold as dictionaries; `read_table` is the convenient form for small ones.
    """

    headers: list[str]
    encoding: str
    rows: Iterator[tuple[int, list[str] | Issue]]
    given: dict[str, str] = field(default_factory=dict)  # column name → its header as the file wrote it


def _too_many_rows(max_rows: int) -> TableError:
    return TableError(
        [
            Issue(
                None,
                None,
                _("The file has more than %(max)s data rows: split it into smaller files."),
                {"max": f"{max_rows:,}"},
            )
        ]
    )


def _too_many_columns(max_columns: int) -> TableError:
    return TableError(
        [
            Issue(
                1,
                None,
                _("The file has more than %(max)s columns: it is not a table of this layout."),
                {"max": f"{max_columns:,}"},
            )
        ]
    )


def stream_table(  # noqa: C901
    source: IO[bytes] | bytes,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    max_bytes: int | None = None,
    max_rows: int | None = None,
    allow_extra: bool = False,
    aliases: Mapping[str, str] | None = None,
) -> TableStream:
    """Open a CSV or XLSX file and check its header; rows are read as the caller iterates.

    `aliases` maps other names of a column (its Thai name, say) to the name in `required`/`optional`;
    matching ignores case and surrounding spaces. Before anything is parsed, a file wider than
    THANRAK_IMPORT_MAX_COLUMNS, longer than `max_rows` (default THANRAK_IMPORT_MAX_ROWS) or, for
    XLSX, unpacking to more than THANRAK_IMPORT_MAX_UNPACKED_BYTES is refused.
    """
    max_rows = settings.THANRAK_IMPORT_MAX_ROWS if max_rows is None else max_rows
    max_columns = settings.THANRAK_IMPORT_MAX_COLUMNS
    data = source if isinstance(source, bytes) else source.read(max_bytes + 1 if max_bytes else -1)
    if max_bytes is not None and len(data) > max_bytes:
        raise TableError(
            [Issue(None, None, _("The file is larger than %(mb)s MB."), {"mb": max_bytes // (1024 * 1024)})]
        )
    if not data.removeprefix(b"\xef\xbb\xbf").strip():  # Excel saves an empty sheet as a lone BOM
        raise TableError([Issue(None, None, _("The file is empty."))])
    raw_rows: Iterator[tuple[int, list[str]]]
    if data.startswith(XLSX_MAGIC):
        check_xlsx(data, max_rows=max_rows, max_columns=max_columns)
        headers, raw_rows = _read_xlsx(data)
        encoding = "xlsx"
    else:
        # Every data row takes at least one line: more lines than that is refused before parsing.
        if data.count(b"\n", 0, len(data.rstrip(b"\r\n"))) > max_rows:
            raise _too_many_rows(max_rows)
        first_line = data[: data.find(b"\n")] if b"\n" in data else data
        if first_line.count(b",") + 1 > max_columns:
            raise _too_many_columns(max_columns)
        text, encoding = decode_csv_bytes(data)
        del data
        if "\x00" in text:  # databases refuse NUL in text; a spreadsheet never writes one
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise TableError(
                [Issue(line, None, _("This row holds a NUL character: the file is not a text table."))]
            )
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            headers = next(reader)
        except StopIteration as exc:
            raise TableError([Issue(None, None, _("The file is empty."))]) from exc
        except csv.Error as exc:
            raise TableError(
                [Issue(None, None, _("The CSV file is malformed: %(error)s"), {"error": str(exc)})]
            ) from exc
        raw_rows = enumerate(reader, start=2)
    if len(headers) > max_columns:  # a quoted header may hide its commas from the check above
        raise _too_many_columns(max_columns)
    headers = [h.strip().lstrip("\ufeff") for h in headers]
    written = list(headers)
    if aliases:
        folded = {k.strip().casefold(): v for k, v in aliases.items()}
        headers = [folded.get(h.casefold(), h) for h in headers]
    _check_headers(headers, required=required, optional=optional, allow_extra=allow_extra)
    given = {name: header for name, header in zip(headers, written, strict=True) if name}
    return TableStream(
        headers=headers, encoding=encoding, rows=_rows(headers, raw_rows, max_rows=max_rows), given=given
    )


def _rows(
    headers: list[str], raw_rows: Iterator[tuple[int, list[str]]], *, max_rows: int
) -> Iterator[tuple[int, list[str] | Issue]]:
    width = len(headers)
    number = 1
    try:
        for number, values in raw_rows:
            if len(values) == width:
                cells = [v.strip() for v in values]
            else:
                if len(values) > width and any(v.strip() for v in values[width:]):
                    yield (
                        number,
                        Issue(
                            number,
                            None,
                            _("This row has %(found)s values but the header has %(expected)s columns."),
                            {"found": len(values), "expected": width},
                        ),
                    )
                    continue
                cells = [v.strip() for v in values[:width]] + [""] * (width - len(values))
            if not any(cells):
                continue  # blank lines are not data
            if number > max_rows + 1:  # an XLSX whose sheet did not declare its size
                yield number, _too_many_rows(max_rows).issues[0]
                return
            yield number, cells
    except csv.Error as exc:
        yield (
            number + 1,
            Issue(number + 1, None, _("The CSV file is malformed: %(error)s"), {"error": str(exc)}),
        )


def read_table(
    source: IO[bytes] | bytes,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    max_bytes: int | None = None,
    max_rows: int | None = None,
    allow_extra: bool = False,
    aliases: Mapping[str, str] | None = None,
) -> Table:
    """Read a CSV or XLSX file into rows keyed by the header; check the columns against what is expected."""
    stream = stream_table(
        source,
        required=required,
        optional=optional,
        max_bytes=max_bytes,
        max_rows=max_rows,
        allow_extra=allow_extra,
        aliases=aliases,
    )
    rows: list[tuple[int, dict[str, str]]] = []
    issues: list[Issue] = []
    named = [(i, h) for i, h in enumerate(stream.headers) if h]
    for number, values in stream.rows:
        if isinstance(values, Issue):
            issues.append(values)
            continue
        rows.append((number, {h: values[i] for i, h in named}))
    if issues:
        raise TableError(issues)
    if not rows:
        raise TableError([Issue(None, None, _("The file has a header but no data rows."))])
    return Table(headers=stream.headers, rows=rows, encoding=stream.encoding)


def _check_headers(
    headers: list[str], *, required: Sequence[str], optional: Sequence[str], allow_extra: bool
) -> None:
    issues: list[Issue] = []
    seen: set[str] = set()
    for h in headers:
        if h and h in seen:
            issues.append(Issue(1, h, _("The column %(column)s appears twice."), {"column": h}))
        seen.add(h)
    for name in required:
        if name not in seen:
            issues.append(Issue(1, name, _("The required column %(column)s is missing."), {"column": name}))
    if not allow_extra:
        known = set(required) | set(optional)
        for h in headers:
            if h and h not in known:
                issues.append(
                    Issue(1, h, _("The column %(column)s is not part of this layout."), {"column": h})
                )
    if issues:
        raise TableError(issues)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")
# How far into a sheet's XML its <dimension> may be (after the namespace declarations, sheetPr).
_DIMENSION_WITHIN = 64 * 1024


def check_xlsx(data: bytes, *, max_rows: int, max_columns: int) -> None:
    """Refuse an XLSX before parsing it: a zip bomb (members unpacking to more than
    THANRAK_IMPORT_MAX_UNPACKED_BYTES, or squeezed beyond any spreadsheet's ratio), or a sheet
    declaring more rows or columns than allowed. Reads only the zip directory and each sheet's head;
    a damaged file is left for the reader to report in its own words."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    unpacked = sum(m.file_size for m in members)
    squeezed = any(
        m.file_size > 1024 * 1024
        and m.file_size > settings.THANRAK_IMPORT_MAX_XLSX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if unpacked > settings.THANRAK_IMPORT_MAX_UNPACKED_BYTES or squeezed:
        raise TableError(
            [
                Issue(
                    None,
                    None,
                    _("The Excel file unpacks to more than %(mb)s MB: save it as CSV or split it."),
                    {"mb": settings.THANRAK_IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024)},
                )
            ]
        )
    for member in members:
        if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
            continue
        try:
            with archive.open(member) as sheet:
                head = sheet.read(_DIMENSION_WITHIN)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return
        found = _DIMENSION.search(head)
        if not found:
            continue  # no declared size: the row count is checked while reading
        last_column, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
        if last_row and int(last_row) - 1 > max_rows:
            raise _too_many_rows(max_rows)
        if last_column and _column_number(last_column) > max_columns:
            raise _too_many_columns(max_columns)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(
            [Issue(None, None, _("The Excel file cannot be opened: it may be damaged or incomplete."))]
        ) from exc
    sheet = workbook.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        header = next(rows_iter)
    except StopIteration as exc:
        raise TableError([Issue(None, None, _("The file is empty."))]) from exc
    headers = [_cell_text(v) for v in header]
    while headers and not headers[-1]:
        headers.pop()

    def body() -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(rows_iter, start=2):
            yield number, [_cell_text(v) for v in values]

    return headers, body()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if getattr(value, "hour", 0) == 0 else value.isoformat()
    return str(value)


# --- export -------------------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """Make a cell inert for spreadsheets: text that would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, so that Thai Excel opens it correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, sheet_title: str = "data"
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([neutralise(h) for h in headers])
    for row in rows:
        # write_only cells of type str are stored as strings, never formulas, once neutralised.
        sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
