"""Reading TPMAP's published area files (data/tpmap2561 format) into totals at every level."""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DIMENSIONS = ("health", "living", "education", "income", "accessibility")


@dataclass
class AreaTotals:
    households: int = 0
    persons: int = 0
    poor_households: int = 0
    poor_persons: int = 0
    welfare_registered: int = 0
    target_poor: int = 0
    dimensions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, 0))
    indicator_failures: dict[str, int] = field(default_factory=dict)

    def add(self, other: "AreaTotals") -> None:
        for name in (
            "households",
            "persons",
            "poor_households",
            "poor_persons",
            "welfare_registered",
            "target_poor",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.dimensions.items():
            self.dimensions[k] = self.dimensions.get(k, 0) + v
        for k, v in other.indicator_failures.items():
            self.indicator_failures[k] = self.indicator_failures.get(k, 0) + v


class TpmapFileError(ValueError):
    """A file of the directory is not in TPMAP's published format."""


def _int(row: dict[str, str], key: str, path: Path, line: int) -> int:
    try:
        return int(float(row.get(key) or 0))
    except ValueError as exc:
        raise TpmapFileError(
            f"{path.name} line {line}: column {key} is not a number ({row.get(key)!r})"
        ) from exc


def read_directory(directory: Path) -> dict[str, AreaTotals]:
    """Subdistrict totals from every `*_tambol_common.csv` + `*_tambol_11111.csv` pair, rolled up to
    districts (4 digits), provinces (2) and the country (""). Codes are kept as published (2018)."""
    commons = sorted(directory.glob("*_tambol_common.csv"))
    if not commons:
        raise TpmapFileError(f"no *_tambol_common.csv file in {directory}")
    subdistricts: dict[str, AreaTotals] = {}
    for common in commons:
        poor_path = common.with_name(common.name.replace("_common.csv", "_11111.csv"))
        if not poor_path.exists():
            raise TpmapFileError(f"{poor_path.name} is missing (it pairs with {common.name})")
        with open(common, encoding="utf-8-sig", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                code = (row.get("tumbol_ID") or "").strip().zfill(6)
                if not code.isdigit() or len(code) != 6:
                    raise TpmapFileError(
                        f"{common.name} line {line}: tumbol_ID {row.get('tumbol_ID')!r} is not a 6-digit code"
                    )
                subdistricts[code] = AreaTotals(
                    households=_int(row, "household.CNT", common, line),
                    persons=_int(row, "HOUSEMEMBER_CNT", common, line),
                )
        with open(poor_path, encoding="utf-8-sig", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                code = (row.get("tumbol_ID") or "").strip().zfill(6)
                t = subdistricts.setdefault(code, AreaTotals())
                t.poor_households = _int(row, "poor.household.CNT", poor_path, line)
                t.poor_persons = _int(row, "poor.JPT.CNT", poor_path, line)
                t.welfare_registered = _int(row, "poor.JPT.MOFreg.CNT", poor_path, line)
                t.target_poor = _int(row, "poor.JPT.MOFval.CNT", poor_path, line)
                t.dimensions = {d: _int(row, f"poor.JPT.MOFval.{d}", poor_path, line) for d in DIMENSIONS}
                t.indicator_failures = {
                    str(n): _int(row, f"poor.JPT.MOFval.ind{n}.CNT", poor_path, line) for n in range(1, 32)
                }
    totals: dict[str, AreaTotals] = defaultdict(AreaTotals)
    for code, t in subdistricts.items():
        totals[code] = t
        for prefix in (code[:4], code[:2], ""):
            totals[prefix].add(t)
    return dict(totals)
