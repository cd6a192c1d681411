"""Monitoring computations for the seed figures community assets serve (registered in AssetsConfig;
see thanrak/monitoring/computed.py for the contract). Forests count by the forest's subdistrict, land
and housing by the household's, bookings by the owner's."""

import datetime as dt

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area, end_of, start_of
from thanrak.core.thai import BE_OFFSET


def _forests(end: dt.date):  # noqa: ANN202
    from thanrak.assets.models import CommunityForest

    return CommunityForest.objects.filter(created_at__lt=end_of(end)).exclude(legal_status="REVOKED")


def forests(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Community forests registered (not revoked) as of `end`."""
    return by_area(_forests(end), "area_code", Count("pk"))


def forest_rai(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Rai of those forests (from their measured boundaries), whole rai."""
    m2 = by_area(_forests(end), "area_code", Sum("area_m2"))
    return {area: round(value / 1600) for area, value in m2.items() if round(value / 1600)}


def forest_members(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Member households of those forests as of `end`."""
    from thanrak.assets.models import ForestMember

    rows = ForestMember.objects.filter(forest__in=_forests(end), joined_on__lte=end).exclude(left_on__lte=end)
    return by_area(rows, "forest__area_code", Count("pk"))


def forest_plans(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Management plans for the B.E. years the period touches."""
    from thanrak.assets.models import ForestPlan

    years = range(start.year + BE_OFFSET, end.year + BE_OFFSET + 1)
    return by_area(ForestPlan.objects.filter(year_be__in=years), "forest__area_code", Count("pk"))


def forest_subsidies(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Subsidies received in the period."""
    from thanrak.assets.models import ForestSubsidy

    rows = ForestSubsidy.objects.filter(received_on__gte=start, received_on__lte=end)
    return by_area(rows, "forest__area_code", Count("pk"))


def forests_in_network(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Community forests (as of `end`) whose organisation belongs to a network."""
    rows = _forests(end).filter(organisation__network__isnull=False)
    return by_area(rows, "area_code", Count("pk"))


def forests_registered(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Community forests registered (not revoked) in the period: the new ones."""
    rows = _forests(end).filter(created_at__gte=start_of(start))
    return by_area(rows, "area_code", Count("pk"))


def _plots(field: str, start: dt.date, end: dt.date, programme: str):  # noqa: ANN202
    from thanrak.assets.models import LandPlot

    rows = LandPlot.objects.filter(**{f"{field}__gte": start, f"{field}__lte": end})
    return rows.filter(programme=programme) if programme else rows


def plots_allocated(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Land plots allocated to households in the period (of a programme, when given)."""
    return by_area(_plots("allocated_on", start, end, programme), "area_code", Count("pk"))


def households_allocated(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Distinct households given a plot in the period (of a programme, when given)."""
    rows = _plots("allocated_on", start, end, programme)
    return by_area(rows, "area_code", Count("household", distinct=True))


def plots_surveyed(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Allocated plots whose survey was recorded in the period (of a programme, when given)."""
    return by_area(_plots("surveyed_on", start, end, programme), "area_code", Count("pk"))


def households_land_surveyed(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Distinct households whose plot was surveyed in the period (of a programme, when given)."""
    rows = _plots("surveyed_on", start, end, programme)
    return by_area(rows, "area_code", Count("household", distinct=True))


def _housing(work: str, start: dt.date, end: dt.date, programme: str):  # noqa: ANN202
    from thanrak.assets.models import HousingUnit

    rows = HousingUnit.objects.filter(work=work, handed_over_on__gte=start, handed_over_on__lte=end)
    return rows.filter(programme=programme) if programme else rows


def houses_built(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """New houses handed over to households in the period (of a programme, when given)."""
    return by_area(_housing("BUILD", start, end, programme), "area_code", Count("pk"))


def houses_repaired(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """House repairs handed over in the period (of a programme, when given)."""
    return by_area(_housing("REPAIR", start, end, programme), "area_code", Count("pk"))


# --- the records behind the numbers, scoped to the reader -------------------------------------


def forests_rows(*, viewer: object, start: dt.date, end: dt.date, area_code: str = "") -> object:
    from thanrak.assets.models import CommunityForest

    ids = _forests(end).filter(area_code__startswith=area_code).values("pk")
    return CommunityForest.objects.visible_to(viewer).filter(pk__in=ids).order_by("area_code", "pk")


def _plot_rows(field: str):  # noqa: ANN202
    def rows(
        *, viewer: object, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
    ) -> object:
        from thanrak.assets.models import LandPlot

        ids = _plots(field, start, end, programme).filter(area_code__startswith=area_code).values("pk")
        return (
            LandPlot.objects.visible_to(viewer).filter(pk__in=ids).select_related("household").order_by("pk")
        )

    return rows


def _housing_rows(work: str):  # noqa: ANN202
    def rows(
        *, viewer: object, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
    ) -> object:
        from thanrak.assets.models import HousingUnit

        ids = _housing(work, start, end, programme).filter(area_code__startswith=area_code).values("pk")
        return (
            HousingUnit.objects.visible_to(viewer)
            .filter(pk__in=ids)
            .select_related("household")
            .order_by("pk")
        )

    return rows


PROGRAMME = {
    "programme": _("The programme as recorded on the plot or house (e.g. คทช.); every one when left out")
}


def machinery_bookings(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Bookings of shared machinery (not cancelled) starting in the period, by the owner's area."""
    from thanrak.assets.models import Booking

    rows = Booking.objects.exclude(status="CANCELLED").filter(
        starts_at__gte=start_of(start), starts_at__lt=end_of(end)
    )
    return by_area(rows, "equipment__area_code", Count("pk"))


# What each figure counts, shown to the monitoring page's readers (the functions' docstrings say the same
# for developers).
DESCRIPTIONS = {
    "forests": _("Community forests registered (not revoked) as of the end of the period."),
    "forest_rai": _("Rai of those forests, from their measured boundaries, in whole rai."),
    "forest_members": _("Member households of those forests as of the end of the period."),
    "forest_plans": _("Management plans for the Buddhist Era years the period touches."),
    "forest_subsidies": _("Subsidies received by community forests in the period."),
    "forests_in_network": _(
        "Community forests (as of the end of the period) whose organisation belongs to a network."
    ),
    "forests_registered": _("Community forests registered (not revoked) in the period: the new ones."),
    "plots_allocated": _("Land plots allocated to households in the period (of a programme, when given)."),
    "households_allocated": _("Distinct households given a plot in the period (of a programme, when given)."),
    "plots_surveyed": _(
        "Allocated plots whose survey was recorded in the period (of a programme, when given)."
    ),
    "households_land_surveyed": _(
        "Distinct households whose plot was surveyed in the period (of a programme, when given)."
    ),
    "houses_built": _("New houses handed over to households in the period (of a programme, when given)."),
    "houses_repaired": _("House repairs handed over in the period (of a programme, when given)."),
    "machinery_bookings": _(
        "Bookings of shared machinery (not cancelled) starting in the period, by the owner's area."
    ),
}


def _entry(
    name: str,
    function: object,
    label: object,
    unit: str,
    temporal: str,
    rows: object = None,
    params: bool = False,
) -> dict[str, object]:
    return {
        **({"rows": rows} if rows else {}),
        **({"parameters": PROGRAMME} if params else {}),
        "name": f"assets.{name}",
        "version": 1,
        "function": function,
        "label": label,
        "unit": unit,
        "temporal": temporal,
        "description": DESCRIPTIONS[name],
        "changes": {1: "first version"},
    }


MONITORING_COMPUTATIONS = [
    _entry("forests", forests, _("Community forests"), "SITES", "STOCK", forests_rows),
    _entry("forest_rai", forest_rai, _("Area of community forests"), "RAI", "STOCK", forests_rows),
    _entry(
        "forest_members",
        forest_members,
        _("Households in community forests"),
        "HOUSEHOLDS",
        "STOCK",
        forests_rows,
    ),
    _entry(
        "forest_plans", forest_plans, _("Community forest management plans"), "OTHER", "FLOW", forests_rows
    ),
    _entry(
        "forest_subsidies",
        forest_subsidies,
        _("Subsidies to community forests"),
        "TIMES",
        "FLOW",
        forests_rows,
    ),
    _entry(
        "forests_in_network",
        forests_in_network,
        _("Community forests linked into networks"),
        "SITES",
        "STOCK",
        forests_rows,
    ),
    _entry(
        "forests_registered",
        forests_registered,
        _("Community forests registered"),
        "SITES",
        "FLOW",
        forests_rows,
    ),
    _entry(
        "plots_allocated",
        plots_allocated,
        _("Land plots allocated to households"),
        "PLOTS",
        "FLOW",
        _plot_rows("allocated_on"),
        True,
    ),
    _entry(
        "households_allocated",
        households_allocated,
        _("Households allocated land"),
        "HOUSEHOLDS",
        "FLOW",
        _plot_rows("allocated_on"),
        True,
    ),
    _entry(
        "plots_surveyed",
        plots_surveyed,
        _("Allocated land plots surveyed"),
        "PLOTS",
        "FLOW",
        _plot_rows("surveyed_on"),
        True,
    ),
    _entry(
        "households_land_surveyed",
        households_land_surveyed,
        _("Households whose land was surveyed"),
        "HOUSEHOLDS",
        "FLOW",
        _plot_rows("surveyed_on"),
        True,
    ),
    _entry(
        "houses_built",
        houses_built,
        _("New houses handed over"),
        "HOUSEHOLDS",
        "FLOW",
        _housing_rows("BUILD"),
        True,
    ),
    _entry(
        "houses_repaired",
        houses_repaired,
        _("House repairs handed over"),
        "HOUSEHOLDS",
        "FLOW",
        _housing_rows("REPAIR"),
        True,
    ),
    _entry("machinery_bookings", machinery_bookings, _("Bookings of shared machinery"), "TIMES", "FLOW"),
]
