"""Everything about an indicator lives in its version's data: the household income question and
TPMAP's dimensions are loaded from the catalogue, edited per version and carried by the XLSForm."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thanrak.registry.tests import factories as rf
from thanrak.survey import actions, xlsform
from thanrak.survey.models import HouseholdResult, RunHousehold
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db


def _renamed_income_version(by):
    """The จปฐ. version exported, its income question renamed everywhere, imported as a new version."""
    wb = load_workbook(io.BytesIO(xlsform.export(sf.version(by))))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "income_total_baht" in cell.value:
                    cell.value = cell.value.replace("income_total_baht", "household_income")
                elif cell.value == "jpt-2560-2564":
                    cell.value = "jpt-renamed"
    out = io.BytesIO()
    wb.save(out)
    return actions.version_import_xlsform(data=out.getvalue(), by=by, at=sf.AT)


def _with_savings_dimension(by):
    """The จปฐ. version with a sixth dimension, savings, holding indicator 23 (the household saves)."""
    v = sf.version(by)
    actions.version_settings_set(
        version=v,
        income_question=v.income_question,
        by=by,
        at=sf.AT,
        dimensions=[*v.dimensions, {"code": "savings", "label_th": "ด้านการออม", "label_en": "Savings"}],
    )
    actions.indicator_update(
        indicator=v.indicators.get(number=23), tpmap_dimension="savings", by=by, at=sf.AT
    )
    v.refresh_from_db()
    return v


class TestIncomeQuestion:
    def test_the_catalogue_names_the_income_question_and_the_five_dimensions(self, national_manager):
        v = sf.version(national_manager)

        assert v.income_question == "income_total_baht"
        assert [d["code"] for d in v.dimensions] == ["health", "living", "education", "income", "access"]
        assert v.dimensions[1]["label_th"] == "ด้านความเป็นอยู่"
        assert sorted(v.indicators.filter(tpmap_dimension="access").values_list("number", flat=True)) == [
            27,
            28,
        ]

    def test_a_version_whose_income_question_has_another_name_evaluates_income_per_person(
        self, national_manager
    ):
        v = _renamed_income_version(national_manager)
        assert v.income_question == "household_income"
        round_ = sf.round_(national_manager, v=v)
        home = rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=3)
        submitted = sf.submit(
            round_, home, national_manager, income=60_000
        )  # 20,000 a person: below the line
        assert submitted.answers["household_income"] == 60_000

        actions.round_evaluate(round_=round_, by=national_manager, at=sf.AT)

        result = HouseholdResult.objects.get(round=round_, household=home)
        assert result.income_per_person_satang == 2_000_000
        assert result.failed == [22]

    def test_the_income_question_must_be_a_numeric_household_question(self, national_manager):
        v = sf.version(national_manager)

        with pytest.raises(actions.CannotEditVersion) as err:
            actions.version_settings_set(
                version=v, income_question="literate", dimensions=v.dimensions, by=national_manager, at=sf.AT
            )
        assert err.value.code == "income_question_household_question"

    def test_without_an_income_question_no_income_per_person_is_shown(self, national_manager):
        v = sf.version(national_manager)
        actions.version_settings_set(
            version=v, income_question="", dimensions=v.dimensions, by=national_manager, at=sf.AT
        )
        round_ = sf.round_(national_manager, v=v)
        home = rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=2)
        sf.submit(round_, home, national_manager)

        actions.round_evaluate(round_=round_, by=national_manager, at=sf.AT)

        assert HouseholdResult.objects.get(household=home).income_per_person_satang is None


class TestDimensions:
    def test_a_new_dimension_is_data_and_a_tpmap_run_can_select_it(self, national_manager):
        v = _with_savings_dimension(national_manager)
        round_ = sf.round_(national_manager, v=v)
        village = rf.village("560101", 1)
        saver, spender = (rf.household(by=national_manager, village_obj=village, members=2) for _ in range(2))
        sf.submit(round_, saver, national_manager)
        sf.submit(round_, spender, national_manager, fail={"saves"})

        run = actions.run_create(
            round_=round_,
            method="TPMAP",
            parameters={"dimensions": ["savings"]},
            label="",
            by=national_manager,
            at=sf.AT,
        )

        poor = set(RunHousehold.objects.filter(run=run, is_poor=True).values_list("household_id", flat=True))
        assert poor == {spender.pk}
        assert run.rules_snapshot["dimensions"][-1]["code"] == "savings"

    def test_a_dimension_the_version_does_not_have_is_refused(self, national_manager):
        round_ = sf.round_(national_manager)
        sf.submit(
            round_, rf.household(by=national_manager, village_obj=rf.village("560101", 1)), national_manager
        )

        with pytest.raises(actions.CannotRun) as err:
            actions.run_create(
                round_=round_,
                method="TPMAP",
                parameters={"dimensions": ["wealth"]},
                label="",
                by=national_manager,
                at=sf.AT,
            )
        assert err.value.code == "dimension_not_in_version"
        assert err.value.params == {"code": "wealth"}

    def test_a_dimension_still_used_by_an_indicator_cannot_be_removed(self, national_manager):
        v = sf.version(national_manager)

        with pytest.raises(actions.CannotEditVersion) as err:
            actions.version_settings_set(
                version=v,
                income_question=v.income_question,
                dimensions=v.dimensions[:4],
                by=national_manager,
                at=sf.AT,
            )
        assert err.value.code == "indicator_dimension_version_dimensions"
        assert err.value.params == {"n": 27, "code": "access"}

    def test_the_xlsform_carries_the_income_question_and_the_dimensions(self, national_manager):
        v = _with_savings_dimension(national_manager)
        wb = load_workbook(io.BytesIO(xlsform.export(v)))
        wb["version"]["B2"] = "jpt-copy"
        out = io.BytesIO()
        wb.save(out)

        copy = actions.version_import_xlsform(data=out.getvalue(), by=national_manager, at=sf.AT)

        assert copy.income_question == "income_total_baht"
        assert copy.dimensions == v.dimensions
        assert copy.indicators.get(number=23).tpmap_dimension == "savings"


class TestPages:
    def test_the_manager_renames_a_dimension_and_the_run_form_offers_it(self, client, national_manager):
        v = sf.version(national_manager)
        round_ = sf.round_(national_manager, v=v)
        client.force_login(national_manager)
        lines = [f"{d['code']} | {d['label_th']} | {d['label_en']}" for d in v.dimensions]
        lines[4] = "access | ด้านการเข้าถึงบริการภาครัฐ | Public services"

        saved = client.post(
            reverse("survey:version-detail", args=[v.pk]),
            {"form": "settings", "income_question": "income_total_baht", "dimensions": "\n".join(lines)},
            follow=True,
        )

        assert "ด้านการเข้าถึงบริการภาครัฐ" in saved.content.decode()  # the indicators' TPMAP column
        run_form = client.get(reverse("survey:run-create", args=[round_.pk])).content.decode()
        assert "ด้านการเข้าถึงบริการภาครัฐ" in run_form
        assert 'value="access"' in run_form

    def test_a_bad_income_question_is_shown_on_the_form(self, client, national_manager):
        v = sf.version(national_manager)
        client.force_login(national_manager)

        page = client.post(
            reverse("survey:version-detail", args=[v.pk]),
            {"form": "settings", "income_question": "saves", "dimensions": ""},
        )

        assert page.status_code == 200
        assert "saves" in page.content.decode()
        v.refresh_from_db()
        assert v.income_question == "income_total_baht"
