"""Recording values: scope, locks, decimals, Thai digits, and a history of every change."""

import pytest

from thanrak.monitoring import actions
from thanrak.monitoring.actions import CannotSetValue, PeriodLocked
from thanrak.monitoring.models import RevisionAction, Unit, ValueStatus
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT


@pytest.fixture
def households(national_manager):
    return factories.indicator(by=national_manager, unit=Unit.HOUSEHOLDS)


@pytest.mark.django_db
class TestValueSet:
    def test_a_district_officer_records_a_value_for_a_subdistrict(self, households, district_officer):
        value = factories.value(households, "560101", "2569-01", "120", by=district_officer)

        assert (value.value, value.status, value.fiscal_year, value.period_type) == (
            120,
            "DRAFT",
            2569,
            "MONTH",
        )

    def test_thai_digits_and_thousands_separators_are_accepted(self, households, district_officer):
        value = factories.value(households, "๕๖๐๑๐๑", "๒๕๖๙-๐๑", "๑๒,๘๙๐", by=district_officer)

        assert (value.area_code, value.period, value.value) == ("560101", "2569-01", 12890)

    def test_an_area_outside_the_officers_refused_with_a_clear_message(self, households, district_officer):
        with pytest.raises(CannotSetValue) as exc:
            factories.value(households, "500101", "2569-01", "5", by=district_officer)

        assert (exc.value.code, exc.value.field) == ("area_outside_your_areas", "area_code")
        assert exc.value.params["code"] == "500101"

    def test_only_the_centre_records_national_figures(self, households, provincial_officer, national_manager):
        with pytest.raises(CannotSetValue):
            factories.value(households, "", "FY2569", "5", by=provincial_officer)

        assert factories.value(households, "TH", "FY2569", "5", by=national_manager).area_code == ""

    def test_money_is_typed_in_baht_and_kept_in_satang(self, national_manager, district_officer):
        sales = factories.indicator(by=national_manager, unit=Unit.BAHT)

        value = factories.value(sales, "5601", "2569-01", "1,234.50", by=district_officer)

        assert value.value == 123450

    def test_more_decimals_than_the_unit_allows_are_refused(self, households, district_officer):
        with pytest.raises(CannotSetValue) as exc:
            factories.value(households, "560101", "2569-01", "1.5", by=district_officer)
        assert exc.value.code == "too_many_decimals"

    @pytest.mark.parametrize("text", ["abc", "", "-5", "1e40", "1e3", "NaN", "inf"])
    def test_what_is_not_a_plausible_number_is_refused(self, households, district_officer, text):
        with pytest.raises(CannotSetValue):
            factories.value(households, "560101", "2569-01", text, by=district_officer)

    def test_an_unknown_period_is_refused_naming_the_formats(self, households, district_officer):
        with pytest.raises(CannotSetValue) as exc:
            factories.value(households, "560101", "January", "1", by=district_officer)
        assert exc.value.code == "not_a_period"

        assert exc.value.field == "period"

    def test_the_same_value_twice_has_one_effect(self, households, district_officer):
        first = actions.value_set(
            indicator=households, area_code="560101", period="2569-01", amount="7", by=district_officer, at=AT
        )
        again = actions.value_set(
            indicator=households, area_code="560101", period="2569-01", amount="7", by=district_officer, at=AT
        )

        assert first.created and not (again.created or again.changed)
        assert first.obj.revisions.count() == 1

    def test_every_change_keeps_who_when_and_from_what(
        self, households, district_officer, other_district_officer
    ):
        factories.value(households, "560101", "2569-01", "7", by=district_officer)
        value = factories.value(
            households, "560101", "2569-01", "9", by=district_officer, comment="แก้ไขตามทะเบียน"
        )

        history = list(
            value.revisions.order_by("at", "id").values_list(
                "action", "old_value", "new_value", "by__username"
            )
        )

        assert history == [("CREATE", None, 7, "mueang_phayao"), ("UPDATE", 7, 9, "mueang_phayao")]

    def test_a_submitted_value_changes_only_after_it_is_returned(self, households, district_officer):
        factories.value(households, "560101", "2569-01", "7", by=district_officer)
        actions.workflow_submit(area_code="5601", period="2569-01", by=district_officer, at=AT)

        with pytest.raises(CannotSetValue) as exc:
            factories.value(households, "560101", "2569-01", "8", by=district_officer)
        assert exc.value.code == "value_already_ask_returned"

    def test_a_value_in_a_locked_period_is_refused(self, households, district_officer, national_manager):
        actions.period_lock(period="FY2569", by=national_manager, at=AT)

        with pytest.raises(PeriodLocked) as exc:
            factories.value(households, "560101", "2569-01", "7", by=district_officer)
        assert exc.value.code == "period_locked"

    def test_a_locked_period_says_in_the_buddhist_era_on_which_thai_day_it_closed(
        self, households, district_officer, national_manager
    ):
        import datetime as dt

        from django.utils import translation

        half_past_one_in_bangkok = dt.datetime(2026, 11, 24, 18, 30, tzinfo=dt.UTC)
        actions.period_lock(period="FY2569", by=national_manager, at=half_past_one_in_bangkok)

        with translation.override("th"):
            with pytest.raises(PeriodLocked) as refused:
                factories.value(households, "560101", "2569-01", "7", by=district_officer)

            assert refused.value.code == "period_locked"
            assert "ปิดเมื่อ 25 พ.ย. 2569" in str(refused.value)  # was "ปิดเมื่อ 2026-11-24"

    def test_computed_and_ratio_indicators_cannot_be_typed_in(
        self, national_manager, district_officer, households
    ):
        counted = factories.indicator(by=national_manager, computation="registry.households")
        ratio = factories.share(
            by=national_manager, part=households, whole=factories.indicator(by=national_manager)
        )

        with pytest.raises(CannotSetValue) as exc:
            factories.value(counted, "560101", "2569-01", "1", by=district_officer)
        assert exc.value.code == "computed_thanrak_records_typed"
        with pytest.raises(CannotSetValue) as exc:
            factories.value(ratio, "560101", "2569-01", "1", by=district_officer)
        assert exc.value.code == "computed_numerator_denominator_enter"

    def test_an_auditor_may_not_record_values(self, households, auditor):
        with pytest.raises(CannotSetValue):
            factories.value(households, "560101", "2569-01", "7", by=auditor)


@pytest.mark.django_db
class TestTargetSet:
    def test_the_centre_sets_a_target_and_its_history_is_kept(self, households, national_manager):
        actions.target_set(
            indicator=households, area_code="56", fiscal_year=2569, amount="2,100", by=national_manager, at=AT
        )
        change = actions.target_set(
            indicator=households, area_code="56", fiscal_year=2569, amount="2,200", by=national_manager, at=AT
        )

        assert change.obj.value == 2200
        assert list(change.obj.revisions.order_by("at", "id").values_list("old_value", "new_value")) == [
            (None, 2100),
            (2100, 2200),
        ]

    def test_a_district_officer_may_not_set_targets(self, households, district_officer):
        with pytest.raises(actions.CannotSetTarget):
            actions.target_set(
                indicator=households,
                area_code="5601",
                fiscal_year=2569,
                amount="10",
                by=district_officer,
                at=AT,
            )

    def test_a_target_in_a_locked_year_is_refused(self, households, national_manager):
        actions.period_lock(period="FY2569", by=national_manager, at=AT)

        with pytest.raises(actions.CannotSetTarget) as exc:
            actions.target_set(
                indicator=households, area_code="", fiscal_year=2569, amount="10", by=national_manager, at=AT
            )
        assert exc.value.code == "fiscal_year_locked_centre"


@pytest.mark.django_db
class TestIndicatorCreate:
    def test_a_ratio_needs_its_two_parts(self, national_manager):
        from thanrak.monitoring.models import IndicatorKind

        prog = factories.programme(by=national_manager)
        with pytest.raises(actions.CannotChangeProgramme) as exc:
            actions.indicator_create(
                by=national_manager,
                at=AT,
                programme=prog,
                name_th="ร้อยละ",
                unit=Unit.PERCENT,
                kind=IndicatorKind.RATIO,
            )
        assert exc.value.code == "ratio_share_needs_numerator"

    def test_a_computed_indicator_takes_the_unit_of_its_computation(self, national_manager):
        with pytest.raises(actions.CannotChangeProgramme) as exc:
            factories.indicator(by=national_manager, unit=Unit.BAHT, computation="registry.households")
        assert exc.value.code == "computation_counts_give_indicator"

    def test_money_indicators_keep_satang(self, national_manager):
        assert factories.indicator(by=national_manager, unit=Unit.BAHT, decimals=0).decimals == 2

    def test_other_units_need_their_counting_word(self, national_manager):
        with pytest.raises(actions.CannotChangeProgramme):
            factories.indicator(by=national_manager, unit=Unit.OTHER)

    def test_statuses_are_the_three_steps(self):
        assert ValueStatus.values == ["DRAFT", "SUBMITTED", "APPROVED"]
        assert RevisionAction.RETURN == "RETURN"
