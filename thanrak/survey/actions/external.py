"""External sources: importing TPMAP's published figures."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from thanrak.geo.models import District, Province, Subdistrict
from thanrak.survey.external import read_directory
from thanrak.survey.models import ExternalAreaStat


@dataclass
class ExternalImport:
    source: str
    areas: int
    national: Any
    unmatched: list[str]


@transaction.atomic
def external_tpmap_import(*, directory: Path, source: str, year_be: int, at: dt.datetime) -> ExternalImport:
    """Import TPMAP's published totals (replacing the same source); 2018 codes that no longer
    match today's geography are kept and reported, never dropped."""
    totals = read_directory(directory)
    known = {
        2: set(Province.objects.values_list("code", flat=True)),
        4: set(District.objects.values_list("code", flat=True)),
        6: set(Subdistrict.objects.values_list("code", flat=True)),
    }
    ExternalAreaStat.objects.filter(source=source, year_be=year_be).delete()
    rows = []
    unmatched = []
    for code, t in sorted(totals.items()):
        matched = code == "" or code in known.get(len(code), set())
        if not matched:
            unmatched.append(code)
        rows.append(
            ExternalAreaStat(
                source=source,
                year_be=year_be,
                area_code=code,
                matched=matched,
                households=t.households,
                persons=t.persons,
                poor_households=t.poor_households,
                poor_persons=t.poor_persons,
                welfare_registered=t.welfare_registered,
                target_poor=t.target_poor,
                dimensions=t.dimensions,
                indicator_failures=t.indicator_failures,
                imported_at=at,
            )
        )
    ExternalAreaStat.objects.bulk_create(rows, batch_size=2000)
    return ExternalImport(source=source, areas=len(rows), national=totals[""], unmatched=unmatched)
