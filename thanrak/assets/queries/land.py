"""Reads of land and housing: lists by area and what one household received."""

from dataclasses import dataclass

from django.db.models import QuerySet

from thanrak.assets.models import HousingUnit, LandPlot
from thanrak.core.areas import prefix_q
from thanrak.registry.models import Household


def plot_list(*, viewer: object, area: str = "") -> QuerySet[LandPlot]:
    rows = LandPlot.objects.visible_to(viewer).select_related("household", "household__village")
    return rows.filter(prefix_q("area_code", area)) if area else rows


def housing_list(*, viewer: object, area: str = "") -> QuerySet[HousingUnit]:
    rows = HousingUnit.objects.visible_to(viewer).select_related("household", "household__village")
    return rows.filter(prefix_q("area_code", area)) if area else rows


def plot_get(*, viewer: object, plot_id: int) -> LandPlot:
    return LandPlot.objects.visible_to(viewer).get(pk=plot_id)


def housing_get(*, viewer: object, unit_id: int) -> HousingUnit:
    return HousingUnit.objects.visible_to(viewer).get(pk=unit_id)


@dataclass(frozen=True)
class HouseholdAssets:
    household: Household
    plots: list[LandPlot]
    housing: list[HousingUnit]


def household_assets(*, viewer: object, household_id: int) -> HouseholdAssets:
    """A household's plots and housing, for its page (DoesNotExist when the viewer may not see it)."""
    household = Household.objects.visible_to(viewer).get(pk=household_id)
    return HouseholdAssets(
        household=household,
        plots=list(plot_list(viewer=viewer).filter(household=household)),
        housing=list(housing_list(viewer=viewer).filter(household=household).prefetch_related("photos")),
    )
