"""Charts count households in whole households."""

import datetime as dt

import pytest

from thanrak.monitoring import charts
from thanrak.monitoring.models import Unit
from thanrak.monitoring.tests import factories

pytestmark = pytest.mark.django_db


class TestValueAxis:
    def test_a_household_count_ticks_in_whole_households(self, national_manager):
        households = factories.indicator(by=national_manager, unit=Unit.HOUSEHOLDS)
        points = [(dt.date(2026, 10, 31), 1), (dt.date(2026, 11, 30), 2)]

        spec = charts.monthly(households, points, title="", month="", cumulative="", lang="th")

        for layer in spec["layer"]:
            assert layer["encoding"]["y"]["axis"] == {"tickMinStep": 1, "format": ",d"}

    def test_money_keeps_its_fractions(self, national_manager):
        baht = factories.indicator(by=national_manager, unit=Unit.BAHT)

        spec = charts.monthly(
            baht, [(dt.date(2026, 10, 31), 150)], title="", month="", cumulative="", lang="th"
        )

        assert spec["layer"][0]["encoding"]["y"]["axis"] == {}
