"""The figure map: how each figure of the published report is answered (monitoring/data/figure_map.csv).

One row per row of figures.csv, keyed by that row's number and checked against its section and
English indicator (so a re-seeded report keeps its mapping, and a changed figures.csv is noticed):

- `computed`: a registered computation (`computed.py`) with its `parameters` (`programme=2.4(2);
  kind=COOPERATIVE`), an `aggregate` (`sum` over areas, or a count of the distinct `provinces`,
  `districts`, `subdistricts` or `villages` where it is not zero) and the `area` the figure reads
  (a province's figure, e.g. Trat's 23). A call-out, a share of two figures or a percentage of a
  target leaves the computation blank: it is computed when the figures it is made of are;
- `typed`: the figure stays a typed value; `source` names the agency and `note` why the platform
  cannot hold it;
- `source_th` and `note_th` say the same in Thai, shown first to Thai readers;
- `unmapped`: not yet mapped; `note` says what it waits for.

Reading and checking the file needs no database beyond the computation registry.
"""

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thanrak.monitoring import computed

COLUMNS = (
    "row",
    "section",
    "indicator_en",
    "status",
    "computation",
    "parameters",
    "aggregate",
    "area",
    "source",
    "note",
    "source_th",
    "note_th",
)
STATUSES = ("computed", "typed", "unmapped")
FREE_PROGRAMME_APPS = ("assets",)  # their programme is the name written on the record, not a code


def map_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "figure_map.csv"


class MapError(ValueError):
    """A row of the figure map is wrong; the message names the row."""


@dataclass
class MapRow:
    row: int
    section: str
    indicator_en: str
    status: str
    computation: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    aggregate: str = ""
    area: str = ""
    source: str = ""
    note: str = ""
    source_th: str = ""  # shown to Thai readers; the English above is kept for the others
    note_th: str = ""

    @property
    def derived(self) -> bool:
        """Computed from other figures (a call-out, a share, a percentage of a target)."""
        return self.status == "computed" and not self.computation

    @property
    def parameters_text(self) -> str:
        return format_parameters(self.parameters)


def parse_parameters(text: str) -> dict[str, str]:
    """'programme=1.1.4;channel=online' → {'programme': '1.1.4', 'channel': 'online'}."""
    out: dict[str, str] = {}
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise MapError(f"parameter {part!r} is not name=value")
        out[key.strip()] = value.strip()
    return out


def format_parameters(params: Mapping[str, Any]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(params.items()))


def read(path: Path | None = None) -> list[MapRow]:
    with (path or map_path()).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise MapError(f"the figure map's columns must be {', '.join(COLUMNS)}")
        rows = []
        for d in reader:
            try:
                params = parse_parameters(d["parameters"])
            except MapError as exc:
                raise MapError(f"row {d['row']}: {exc}") from exc
            rows.append(
                MapRow(
                    row=int(d["row"]),
                    section=d["section"],
                    indicator_en=d["indicator_en"],
                    status=d["status"],
                    computation=d["computation"],
                    parameters=params,
                    aggregate=d["aggregate"],
                    area=d["area"],
                    source=d["source"],
                    note=d["note"],
                    source_th=d["source_th"],
                    note_th=d["note_th"],
                )
            )
    return rows


def check_row(
    r: MapRow, *, programme_codes: Iterable[str] | None = None, province_codes: Iterable[str] | None = None
) -> None:
    """Refuse a row that names an unknown status, computation, parameter, aggregate or area."""
    if r.status not in STATUSES:
        raise MapError(f"row {r.row}: status must be computed, typed or unmapped, not {r.status!r}")
    if r.status != "computed":
        _check_not_computed(r)
    elif r.derived:
        if r.parameters or r.aggregate:
            raise MapError(f"row {r.row}: a figure made of other figures takes no parameters")
    else:
        _check_computed(r, programme_codes, province_codes)


def _check_not_computed(r: MapRow) -> None:
    if r.computation or r.parameters:
        raise MapError(f"row {r.row}: only a computed figure names a computation")
    if not r.note:
        raise MapError(f"row {r.row}: say in the note why the figure is {r.status}")
    if r.status == "typed" and not r.source:
        raise MapError(f"row {r.row}: name the source of a typed figure")


def _check_computed(
    r: MapRow, programme_codes: Iterable[str] | None, province_codes: Iterable[str] | None
) -> None:
    try:
        spec = computed.get(r.computation)
    except computed.UnknownComputation as exc:
        raise MapError(f"row {r.row}: no computation is called {r.computation!r}") from exc
    unknown = sorted(set(r.parameters) - set(spec.parameters))
    if unknown:
        raise MapError(f"row {r.row}: {r.computation} takes no parameter {', '.join(unknown)}")
    if (r.aggregate or "sum") not in computed.AGGREGATES:
        raise MapError(f"row {r.row}: aggregate must be one of {', '.join(computed.AGGREGATES)}")
    if r.area and (not r.area.isdigit() or len(r.area) != 2):
        raise MapError(f"row {r.row}: the area of a figure is a province code (2 digits)")
    if r.area and province_codes is not None and r.area not in set(province_codes):
        raise MapError(f"row {r.row}: no province {r.area}")
    programme = r.parameters.get("programme", "").split("/")[0]
    if programme and programme_codes is not None and spec.app not in FREE_PROGRAMME_APPS:
        if programme not in set(programme_codes):
            raise MapError(f"row {r.row}: no programme {programme!r}")


def check(rows: list[MapRow], figures: list[dict[str, str]], **known: Any) -> None:
    """Every figure of figures.csv has exactly one row, with the same section and indicator."""
    by_row = {}
    for r in rows:
        if r.row in by_row:
            raise MapError(f"row {r.row} is mapped twice")
        by_row[r.row] = r
    expected = {line: f for line, f in enumerate(figures, start=2)}
    missing = sorted(set(expected) - set(by_row))
    extra = sorted(set(by_row) - set(expected))
    if missing or extra:
        raise MapError(f"the figure map must have one row per figure: missing {missing}, unknown {extra}")
    for line, f in expected.items():
        r = by_row[line]
        if (r.section, r.indicator_en) != (f["section"], f["indicator_en"]):
            raise MapError(
                f"row {line}: the map says {r.section} {r.indicator_en!r}, figures.csv says "
                f"{f['section']} {f['indicator_en']!r}"
            )
        check_row(r, **known)
        if (r.source and not r.source_th) or (r.note and not r.note_th):
            raise MapError(f"row {line}: write the source and the note in Thai too (source_th, note_th)")


def write(rows: Iterable[MapRow], fh: Any) -> None:
    out = csv.writer(fh, lineterminator="\n")
    out.writerow(COLUMNS)
    for r in rows:
        out.writerow(
            [
                r.row,
                r.section,
                r.indicator_en,
                r.status,
                r.computation,
                r.parameters_text,
                r.aggregate,
                r.area,
            ]
            + [r.source, r.note, r.source_th, r.note_th]
        )


def base_indicators(figure: Any) -> list[Any]:
    """The indicators a derived figure is made of: its own (a call-out, a % of target) or the two
    parts of its share."""
    ind = figure.indicator
    if ind.numerator_id and ind.denominator_id:
        return [ind.numerator, ind.denominator]
    return [ind]


def effective_status(mapping: Any) -> str:
    """A derived figure counts as computed only while the figures it is made of are."""
    if mapping.status == "computed" and not mapping.computation:
        return "computed" if all(i.computation for i in base_indicators(mapping.figure)) else "unmapped"
    return mapping.status
