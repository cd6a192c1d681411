"""Roll-ups: how months make a year and areas make their parents, the same on every reader."""

import datetime as dt
from decimal import Decimal

import pytest

from thanrak.monitoring import actions, queries, rollups
from thanrak.monitoring.models import Temporal, Unit
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT


def figure(reader, indicator, area, fy):  # noqa: ANN001, ANN201
    found = reader.figures(fiscal_years=[fy], area_codes=[area], indicator_ids=[indicator.pk])
    return found[0] if found else None


@pytest.mark.django_db
class TestFiscalYearFigure:
    def test_months_of_a_flow_add_up_to_the_year(self, national_manager, district_officer):
        ind = factories.indicator(by=national_manager)
        for month, n in (("2569-01", 10), ("2569-02", 20), ("2568-10", 5)):
            factories.value(ind, "560101", month, str(n), by=district_officer)

        reader = rollups.LiveReader(area_prefix="", fiscal_years=[2569])

        assert figure(reader, ind, "560101", 2569).achieved == 35

    def test_a_fiscal_year_value_wins_over_its_months(self, national_manager, district_officer):
        ind = factories.indicator(by=national_manager)
        factories.value(ind, "560101", "2569-01", "10", by=district_officer)
        factories.value(ind, "560101", "FY2569", "99", by=district_officer)

        assert (
            figure(rollups.LiveReader(area_prefix="56", fiscal_years=[2569]), ind, "560101", 2569).achieved
            == 99
        )

    def test_a_stock_takes_its_latest_figure(self, national_manager, district_officer):
        ind = factories.indicator(by=national_manager, temporal=Temporal.STOCK)
        factories.value(ind, "560101", "@2569-01", "100", by=district_officer)
        factories.value(ind, "560101", "@2569-03", "130", by=district_officer)

        assert (
            figure(rollups.LiveReader(area_prefix="56", fiscal_years=[2569]), ind, "560101", 2569).achieved
            == 130
        )


@pytest.mark.django_db
class TestAreaRollup:
    def test_subdistricts_add_up_to_their_district_and_province(
        self, national_manager, district_officer, other_district_officer
    ):
        ind = factories.indicator(by=national_manager)
        factories.value(ind, "560101", "2569-01", "10", by=district_officer)
        factories.value(ind, "560102", "2569-01", "15", by=district_officer)
        factories.value(ind, "560201", "2569-01", "7", by=other_district_officer)
        reader = rollups.LiveReader(area_prefix="56", fiscal_years=[2569])

        assert [figure(reader, ind, a, 2569).achieved for a in ("5601", "5602", "56")] == [25, 7, 32]

    def test_an_areas_own_figure_wins_and_the_difference_is_shown(
        self, national_manager, district_officer, provincial_officer
    ):
        ind = factories.indicator(by=national_manager)
        factories.value(ind, "560101", "FY2569", "10", by=district_officer)
        factories.value(ind, "56", "FY2569", "12", by=provincial_officer)

        f = figure(rollups.LiveReader(area_prefix="56", fiscal_years=[2569]), ind, "56", 2569)

        assert (f.achieved, f.direct, f.children, f.disagrees) == (12, 12, 10, True)

    def test_typed_in_percentages_are_not_added_up(self, national_manager, district_officer):
        ind = factories.indicator(by=national_manager, unit=Unit.PERCENT)
        factories.value(ind, "560101", "FY2569", "50.00", by=district_officer)
        factories.value(ind, "560102", "FY2569", "70.00", by=district_officer)

        assert figure(rollups.LiveReader(area_prefix="56", fiscal_years=[2569]), ind, "5601", 2569) is None

    def test_targets_roll_up_the_same_way(self, national_manager):
        ind = factories.indicator(by=national_manager)
        for area, n in (("5601", "100"), ("5602", "50")):
            actions.target_set(
                indicator=ind, area_code=area, fiscal_year=2569, amount=n, by=national_manager, at=AT
            )

        assert figure(rollups.LiveReader(area_prefix="", fiscal_years=[2569]), ind, "56", 2569).target == 150


@pytest.mark.django_db
class TestAchievedAgainstTarget:
    def test_above_100_percent_is_shown_as_it_is(self, national_manager):
        ind = factories.indicator(by=national_manager, unit=Unit.PLOTS)
        actions.target_set(
            indicator=ind, area_code="", fiscal_year=2565, amount="1300", by=national_manager, at=AT
        )
        factories.value(ind, "", "FY2565", "1815", by=national_manager)

        line = queries.dashboard(viewer=national_manager, area_code="", fiscal_year=2565).lines[0]

        assert (line.percent, line.status) == (Decimal("139.62"), "good")

    def test_a_target_of_zero_gives_no_percentage(self, national_manager):
        ind = factories.indicator(by=national_manager)
        actions.target_set(
            indicator=ind, area_code="", fiscal_year=2569, amount="0", by=national_manager, at=AT
        )
        factories.value(ind, "", "FY2569", "5", by=national_manager)

        line = queries.dashboard(viewer=national_manager, area_code="", fiscal_year=2569).lines[0]

        assert line.percent is None
        with __import__("django").utils.translation.override("th"):
            assert line.percent_text() == "ไม่มีข้อมูล"

    def test_a_share_is_its_part_over_its_whole(self, national_manager):
        part = factories.indicator(by=national_manager, unit=Unit.BAHT)
        whole = factories.indicator(by=national_manager, programme_obj=part.programme, unit=Unit.BAHT)
        share = factories.share(by=national_manager, part=part, whole=whole)
        factories.value(part, "", "@2565-01", "3824500000", by=national_manager)
        factories.value(whole, "", "@2565-01", "4843830000", by=national_manager)

        line = [
            ln
            for ln in queries.dashboard(viewer=national_manager, area_code="", fiscal_year=2565).lines
            if ln.indicator == share
        ][0]

        assert line.ratio == Decimal("78.96")
        assert line.parts_text(thai_digits=True) == "๓,๘๒๔.๕๐ จาก ๔,๘๔๓.๘๓ ล้านบาท"


@pytest.mark.django_db
class TestStore:
    def test_the_store_answers_like_the_database(self, national_manager, district_officer, tmp_path):
        ind = factories.indicator(by=national_manager)
        stock = factories.indicator(by=national_manager, temporal=Temporal.STOCK)
        factories.value(ind, "560101", "2569-01", "10", by=district_officer)
        factories.value(ind, "560102", "2569-02", "15", by=district_officer)
        factories.value(stock, "560101", "@2569-01", "3", by=district_officer)
        factories.value(stock, "560101", "@2569-02", "4", by=district_officer)
        actions.target_set(
            indicator=ind, area_code="56", fiscal_year=2569, amount="40", by=national_manager, at=AT
        )
        paths = rollups.export_values_parquet(tmp_path / "export", approved_only=False)

        built = rollups.build_store(
            values_glob=str(paths[0]),
            targets_path=str(paths[1]),
            indicators_path=str(paths[2]),
            path=tmp_path / "s.duckdb",
        )
        store = rollups.StoreReader(built.path)
        live = rollups.LiveReader(area_prefix="", fiscal_years=[2569])

        def pick(reader):  # noqa: ANN001, ANN202
            return sorted(
                (f.indicator_id, f.area_code, f.achieved, f.target)
                for f in reader.figures(fiscal_years=[2569])
            )

        assert pick(store) == pick(live)
        assert store.monthly(indicator_id=ind.pk, area_code="5601", fiscal_year=2569) == [
            (dt.date(2022 + 4, 1, 31), 10),
            (dt.date(2026, 2, 28), 15),
        ]
        store.close()

    def test_a_refresh_is_recorded_with_its_time(
        self, national_manager, district_officer, settings, tmp_path, monkeypatch
    ):
        monkeypatch.setenv("THANRAK_MONITORING_STORE", str(tmp_path / "store.duckdb"))
        settings.VAR_DIR = tmp_path
        ind = factories.indicator(by=national_manager)
        factories.value(ind, "", "FY2569", "5", by=national_manager)
        actions.workflow_submit(area_code="", period="FY2569", by=national_manager, at=AT)
        actions.workflow_approve(area_code="", period="FY2569", by=national_manager, at=AT)

        from django.utils import timezone

        run = actions.rollup_refresh(clock=timezone.now)

        assert (run.status, run.rows_in) == ("DONE", 1)
        monkeypatch.setenv("THANRAK_MONITORING_ROLLUPS", "store")
        line = queries.dashboard(viewer=national_manager, area_code="", fiscal_year=2569).lines[0]
        assert line.achieved == 5
