"""The monitoring computations count what the records hold, by subdistrict."""

import datetime as dt

import pytest
from django.apps import apps

from thanrak.assets import actions, computations
from thanrak.assets.tests import factories as f
from thanrak.assets.tests import shapefiles as files

pytestmark = pytest.mark.django_db
YEAR = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}


def test_forest_figures_by_subdistrict(district_officer, phayao_household):
    forest = f.forest(by=district_officer)
    actions.forest_set_boundary(
        forest=forest, geometry=files.square(metres_x=400, metres_y=400), by=district_officer
    )
    actions.forest_member_add(
        forest=forest, household=phayao_household, joined_on=dt.date(2025, 1, 1), by=district_officer
    )
    actions.forest_plan_add(forest=forest, year_be=2569, by=district_officer)
    assert computations.forests(**YEAR) == {"560101": 1}
    assert computations.forest_rai(**YEAR) == {"560101": 100}
    assert computations.forest_members(**YEAR) == {"560101": 1}
    assert computations.forest_plans(**YEAR) == {"560101": 1}
    assert computations.forest_plans(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)) == {}


def test_plots_and_houses_count_in_their_period(district_officer, phayao_household):
    plot = actions.plot_allocate(
        household=phayao_household,
        programme="คทช.",
        tenure="RIGHT_OF_USE",
        allocated_on=dt.date(2026, 2, 1),
        by=district_officer,
        at=f.AT,
    )
    actions.plot_survey(plot=plot, status="SURVEYED", surveyed_on=dt.date(2026, 3, 1), by=district_officer)
    unit = actions.housing_record(
        household=phayao_household,
        programme="บ้านมั่นคง",
        work="REPAIR",
        cost_satang=0,
        by=district_officer,
        at=f.AT,
    )
    actions.housing_advance(unit=unit, stage="HANDED_OVER", on=dt.date(2026, 4, 1), by=district_officer)
    assert computations.plots_allocated(**YEAR) == computations.plots_surveyed(**YEAR) == {"560101": 1}
    assert computations.houses_repaired(**YEAR) == {"560101": 1} and computations.houses_built(**YEAR) == {}


def test_the_hook_is_registered():
    names = {c["name"] for c in apps.get_app_config("assets").monitoring_computations}
    assert {
        "assets.forests",
        "assets.forest_rai",
        "assets.plots_allocated",
        "assets.machinery_bookings",
    } <= names


def test_every_figure_is_described_in_thai_and_in_english():
    from django.utils.translation import override

    for entry in computations.MONITORING_COMPUTATIONS:
        with override("th"):
            thai = str(entry["description"])
        with override("en"):
            english = str(entry["description"])
        assert thai != english and any("\u0e00" <= c <= "\u0e7f" for c in thai), entry["name"]
        assert english.endswith(".") and "`" not in english, entry["name"]
