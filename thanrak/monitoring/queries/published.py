"""The published report: does Thanrak reproduce it?"""

from dataclasses import dataclass
from decimal import Decimal

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.monitoring import rollups
from thanrak.monitoring.formatting import format_percent, format_stored
from thanrak.monitoring.models import (
    PublishedFigure,
    Value,
)
from thanrak.monitoring.queries.figures import Line, lines_for


@dataclass
class FigureCheck:
    figure: PublishedFigure
    reproduced: str
    matches: bool
    # Whether the viewer may open the indicator for the whole country, and the stored value: the
    # page links to them only then (an indicator outside one's areas answers 403, a value 404).
    may_open_indicator: bool = False
    may_open_value: bool = False


def published_checks(*, viewer: User, document: str) -> list[FigureCheck]:
    """Each printed figure next to the number Thanrak computes for it from its own data.

    `printed_number` holds the printed figure in the indicator's own unit (baht, households …),
    so '๑๒.๙๐ ล้านครัวเรือน' is 12900000 and '๒,๑๓๕ แปลง' is 2135."""
    figures = list(
        PublishedFigure.objects.filter(document=document)
        .select_related("indicator", "indicator__numerator", "indicator__denominator", "value", "target")
        .order_by("row")
    )
    years = {f.fiscal_year for f in figures} or {0}
    reader = rollups.LiveReader(area_prefix="", fiscal_years=sorted(years))
    lines: dict[tuple[int, int], Line] = {}
    checks = []
    for f in figures:
        ind = f.indicator
        expected = Decimal(f.printed_number)
        actual: Decimal | None
        if f.role in ("PCT_TARGET", "SHARE"):
            key = (ind.pk, f.fiscal_year)
            if key not in lines:
                lines[key] = lines_for(
                    reader, [ind], area_code="", fiscal_year=f.fiscal_year, with_previous=False
                )[0]
            line = lines[key]
            actual = line.percent if f.role == "PCT_TARGET" else line.ratio
            text = format_percent(actual)
        elif f.role == "TARGET":
            actual = ind.from_storage(f.target.value) if f.target else None
            text = format_stored(ind, f.target.value if f.target else None) + " " + ind.unit_word()
        else:
            actual = f.value.indicator.from_storage(f.value.value) if f.value else None
            text = format_stored(ind, f.value.value if f.value else None) + " " + ind.unit_word()
        checks.append(FigureCheck(f, text, actual is not None and actual == expected))
    country = scope_of(viewer).everything  # the figures are the country's (ensure_area(viewer, ""))
    values = {f.value_id for f in figures if f.value_id}
    visible = set(Value.objects.visible_to(viewer).filter(pk__in=values).values_list("pk", flat=True))
    for check in checks:
        check.may_open_indicator = country
        check.may_open_value = check.figure.value_id in visible
    return checks


def documents() -> list[str]:
    return list(PublishedFigure.objects.values_list("document", flat=True).distinct().order_by("document"))
