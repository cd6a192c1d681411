"""Evaluation and targeting runs: indicator results, TPMAP's rule, Alkire–Foster, frozen runs."""

from fractions import Fraction

import ibis
import pytest

from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey import evaluation as ev
from thanrak.survey.models import HouseholdResult, Response, RunArea, RunHousehold, WelfareCard
from thanrak.survey.mpi import alkire_foster
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db
ALL_DIMENSIONS = ["health", "living", "education", "income", "access"]


@pytest.fixture
def surveyed(national_manager):
    """A round with four households in two villages: one passes all, three fail different needs."""
    round_ = sf.round_(national_manager)
    v1, v2 = rf.village("560101", 1), rf.village("560101", 2)
    homes = [
        rf.household(by=national_manager, village_obj=v, members=m)
        for v, m in ((v1, 2), (v1, 3), (v2, 1), (v2, 2))
    ]
    sf.submit(round_, homes[0], national_manager)
    sf.submit(round_, homes[1], national_manager, income=60_000)  # 20,000 a person: fails 22 (income)
    sf.submit(
        round_, homes[2], national_manager, fail={"durable_house", "saves"}
    )  # fails 8 (living) and 23 (not TPMAP)
    sf.submit(round_, homes[3], national_manager, fail={"saves"})  # fails 23 only
    head = homes[1].members.get(relation="HEAD").person
    WelfareCard.objects.create(person=head, validated=True, year_be=2564, imported_at=sf.AT)
    return round_, homes


class TestRoundEvaluate:
    def test_records_which_indicators_each_household_fails(self, surveyed, national_manager):
        round_, homes = surveyed

        actions.round_evaluate(round_=round_, by=national_manager, at=sf.AT)

        failed = {r.household_id: r.failed for r in HouseholdResult.objects.filter(round=round_)}
        assert failed == {homes[0].pk: [], homes[1].pk: [22], homes[2].pk: [8, 23], homes[3].pk: [23]}
        assert HouseholdResult.objects.get(household=homes[1]).income_per_person_satang == 2_000_000

    def test_the_income_line_is_the_versions_threshold(self, surveyed, national_manager):
        round_, homes = surveyed
        actions.version_parameters_set(
            version=round_.version,
            parameters={**round_.version.parameters, "income_line_baht": 15000},
            by=national_manager,
            at=sf.AT,
        )

        actions.round_evaluate(round_=round_, by=national_manager, at=sf.AT)

        assert HouseholdResult.objects.get(household=homes[1]).failed == []


class TestTpmapRun:
    def test_poor_are_members_of_households_failing_any_selected_dimension(self, surveyed, national_manager):
        round_, homes = surveyed

        run = actions.run_create(
            round_=round_,
            method="TPMAP",
            parameters={"dimensions": ALL_DIMENSIONS},
            label="",
            by=national_manager,
            at=sf.AT,
        )

        poor = set(RunHousehold.objects.filter(run=run, is_poor=True).values_list("household_id", flat=True))
        assert poor == {homes[1].pk, homes[2].pk}
        assert run.summary["persons"] == 8
        assert run.summary["poor_persons"] == 4
        assert run.summary["target_poor"] == 1

    def test_unselected_dimensions_do_not_make_anyone_poor(self, surveyed, national_manager):
        round_, homes = surveyed

        run = actions.run_create(
            round_=round_,
            method="TPMAP",
            parameters={"dimensions": ["income"]},
            label="",
            by=national_manager,
            at=sf.AT,
        )

        assert set(
            RunHousehold.objects.filter(run=run, is_poor=True).values_list("household_id", flat=True)
        ) == {homes[1].pk}

    def test_areas_roll_up_from_villages_to_the_country(self, surveyed, national_manager):
        round_, _homes = surveyed

        run = actions.run_create(
            round_=round_,
            method="TPMAP",
            parameters={"dimensions": ALL_DIMENSIONS},
            label="",
            by=national_manager,
            at=sf.AT,
        )

        rows = {a.area_code: a for a in RunArea.objects.filter(run=run, subgroup="all")}
        assert (rows["56010101"].persons, rows["56010102"].persons) == (5, 3)
        assert rows["560101"].poor_persons == rows["56010101"].poor_persons + rows["56010102"].poor_persons
        assert rows["56"].households == rows[""].households == 4
        assert {a.subgroup for a in RunArea.objects.filter(run=run, area_code="")} >= {
            "all",
            "sex:M",
            "sex:F",
        }

    def test_a_run_is_frozen_and_reproducible(self, surveyed, national_manager):
        round_, _homes = surveyed
        run = actions.run_create(
            round_=round_,
            method="TPMAP",
            parameters={"dimensions": ALL_DIMENSIONS},
            label="",
            by=national_manager,
            at=sf.AT,
        )

        actions.version_parameters_set(
            version=round_.version,
            parameters={**round_.version.parameters, "income_line_baht": 1},
            by=national_manager,
            at=sf.AT,
        )

        assert run.rules_snapshot["parameters"]["income_line_baht"] == 38000
        reproduction = actions.run_reproduce(run=run)
        assert reproduction.identical and not reproduction.answers_changed


def _reimport(round_, home, by, **answers):
    """Send a household's answers again by file import (it replaces the submitted answers)."""
    from thanrak.core.tabular import write_csv

    columns = actions.import_columns(round_.version)
    hh, members = sf.passing_answers(round_, home)
    hh.update(answers)
    rows = [
        [
            {
                "village_code": home.area_code,
                "house_no": home.house_no,
                "citizen_id": m.person.citizen_id,
                "age": members[m.person_id]["age"],
                **hh,
                **members[m.person_id]["answers"],
            }.get(c, "")
            for c in columns
        ]
        for m in home.members.select_related("person")
    ]
    report = actions.responses_import(round_=round_, data=write_csv(columns, rows), by=by, at=sf.AT)
    assert report.ok, [i.en for i in report.issues]


class TestReproducibleRuns:
    def _run(self, round_, by):
        return actions.run_create(
            round_=round_,
            method="TPMAP",
            parameters={"dimensions": ALL_DIMENSIONS},
            label="",
            by=by,
            at=sf.AT,
        )

    def test_a_run_reproduces_from_the_answers_it_used_after_an_answer_changed(
        self, surveyed, national_manager
    ):
        round_, homes = surveyed
        run = self._run(round_, national_manager)
        _reimport(round_, homes[1], national_manager, income_total_baht=300_000)  # no longer below the line

        reproduction = actions.run_reproduce(run=run)

        assert reproduction.identical
        assert reproduction.answers_changed and reproduction.changed_households == 1
        again = self._run(round_, national_manager)
        assert not RunHousehold.objects.get(run=again, household=homes[1]).is_poor
        assert RunHousehold.objects.get(run=run, household=homes[1]).is_poor

    def test_a_new_welfare_card_counts_as_a_change_since_the_run(self, surveyed, national_manager):
        round_, homes = surveyed
        run = self._run(round_, national_manager)
        person = homes[2].members.first().person
        WelfareCard.objects.create(person=person, validated=True, year_be=2564, imported_at=sf.AT)

        reproduction = actions.run_reproduce(run=run)

        assert reproduction.identical
        assert reproduction.changed_households == 1
        assert self._run(round_, national_manager).summary["target_poor"] == run.summary["target_poor"] + 1

    def test_unchanged_answers_are_reported_as_unchanged(self, surveyed, national_manager):
        round_, _homes = surveyed
        run = self._run(round_, national_manager)

        reproduction = actions.run_reproduce(run=run)

        assert reproduction.identical and reproduction.changed_households == 0

    def test_a_run_whose_frozen_result_was_altered_does_not_reproduce(self, surveyed, national_manager):
        round_, homes = surveyed
        run = self._run(round_, national_manager)
        RunHousehold.objects.filter(run=run).update(is_poor=False)
        run.result_checksum = "0" * 64  # someone edited the stored outcome

        reproduction = actions.run_reproduce(run=run)

        assert not reproduction.identical
        assert reproduction.changed_households == 0

    def test_every_submission_keeps_its_own_revision(self, surveyed, national_manager):
        round_, homes = surveyed
        first = Response.objects.get(round=round_, household=homes[1]).revision
        _reimport(round_, homes[1], national_manager, income_total_baht=300_000)

        current = Response.objects.get(round=round_, household=homes[1]).revision
        assert current.pk != first.pk
        first.refresh_from_db()
        assert (first.answers["income_total_baht"], current.answers["income_total_baht"]) == (60_000, 300_000)
        assert len(current.members) == 3


class TestAlkireFosterRun:
    def test_matches_the_reference_implementation_for_every_area(self, surveyed, national_manager):
        round_, homes = surveyed
        weights = {"8": "1/4", "22": "1/4", "23": "1/4", "4": "1/4"}

        run = actions.run_create(
            round_=round_,
            method="AF",
            parameters={"weights": weights, "k": "1/4"},
            label="",
            by=national_manager,
            at=sf.AT,
        )

        order = [8, 22, 23, 4]
        failed = {h.household_id: (h.failed, h.members) for h in RunHousehold.objects.filter(run=run)}
        rows = [[int(n in f) for n in order] for f, m in failed.values() for _ in range(m)]
        reference = alkire_foster(rows, [Fraction(1, 4)] * 4, Fraction(1, 4))
        country = RunArea.objects.get(run=run, area_code="", subgroup="all")
        assert (country.h, country.a, country.m0) == pytest.approx((reference.H, reference.A, reference.M0))
        assert [country.censored[str(n)] for n in order] == pytest.approx(reference.censored_headcounts)

    def test_refuses_weights_that_do_not_add_up_to_one(self, surveyed, national_manager):
        round_, _ = surveyed

        with pytest.raises(actions.CannotRun) as err:
            actions.run_create(
                round_=round_,
                method="AF",
                parameters={"weights": {"8": "1/2", "22": "1/3"}, "k": "1/3"},
                label="",
                by=national_manager,
                at=sf.AT,
            )

        assert err.value.code == "weights_add_up"


def _figures(backend: str, round_, snapshot) -> list[tuple]:
    result = ev.run_compute(
        ev.connection(backend),
        round_,
        snapshot,
        "TPMAP",
        {"dimensions": ALL_DIMENSIONS},
    )
    return [
        (
            a["area_code"],
            a["subgroup"],
            a["persons"],
            a["poor_persons"],
            a["target_poor"],
            a["m0"],
            tuple(sorted(a["censored"].items())),
        )
        for a in result.areas
    ]


class TestBackendsAgree:
    @pytest.mark.postgres
    def test_postgres_gives_the_same_figures_as_duckdb(self, surveyed):
        round_, _ = surveyed
        snapshot = ev.rules_snapshot(round_.version)

        assert _figures("postgres", round_, snapshot) == _figures("duckdb", round_, snapshot)

    @pytest.mark.postgres
    def test_on_postgres_the_answers_are_read_where_they_are_stored(self, surveyed):
        round_, _ = surveyed
        snapshot = ev.rules_snapshot(round_.version)
        con = ev.connection("postgres")

        persons, households = ev.input_tables(con, ev.current_inputs(round_), snapshot)

        assert "survey_responserevision" in str(ibis.to_sql(households))
        assert "survey_revision_member" in str(ibis.to_sql(persons))
        assert con.execute(households.count()) == 4

    @pytest.mark.spark
    def test_pyspark_local_mode_gives_the_same_figures_as_duckdb(self, surveyed):
        round_, _ = surveyed
        snapshot = ev.rules_snapshot(round_.version)

        assert _figures("pyspark", round_, snapshot) == _figures("duckdb", round_, snapshot)
