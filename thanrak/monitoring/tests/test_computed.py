"""Computed indicators: named, versioned queries over Thanrak's own records, refreshed in the background."""

import datetime as dt

import pytest
from django.test import override_settings

from thanrak.monitoring import actions, computed, tasks
from thanrak.monitoring.models import ComputationRun, Value, ValueSource
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT
from thanrak.registry.models import OrganisationKind
from thanrak.registry.tests import factories as registry

ON = dt.date(2026, 12, 15)  # fiscal year 2570, its third month (records were made on 25 Nov)


@pytest.fixture
def members_indicator(national_manager):
    return factories.indicator(
        by=national_manager, unit="PERSONS", computation="registry.savings_group_members"
    )


@pytest.mark.django_db
class TestBuiltinComputations:
    def test_households_are_counted_by_subdistrict(self, national_manager):
        registry.household(by=national_manager)
        registry.household(by=national_manager)

        assert computed.get("registry.households").run(start=ON, end=ON) == {"560101": 2}
        assert computed.get("registry.households").run(start=ON, end=dt.date(2026, 11, 24)) == {}

    def test_savings_group_members_count_each_person_once(self, national_manager):
        registry.village("560101", 1)
        group = registry.organisation(by=national_manager, kind=OrganisationKind.SAVINGS_GROUP)
        other = registry.organisation(by=national_manager, kind=OrganisationKind.SAVINGS_GROUP)
        people = [registry.person(by=national_manager) for _ in range(3)]
        from thanrak.registry.actions import membership_add

        for p in people:
            membership_add(person=p, organisation=group, by=national_manager, start_date=dt.date(2026, 1, 1))
        membership_add(
            person=people[0], organisation=other, by=national_manager, start_date=dt.date(2026, 1, 1)
        )

        assert computed.get("registry.savings_group_members").run(start=ON, end=ON) == {"560101": 3}
        assert computed.get("registry.savings_group_members").run(start=ON, end=dt.date(2025, 12, 31)) == {}


@pytest.mark.django_db
class TestComputationRefresh:
    def test_values_are_written_with_the_query_and_its_version(self, national_manager, members_indicator):
        registry.household(by=national_manager)
        households = factories.indicator(
            by=national_manager, unit="HOUSEHOLDS", computation="registry.households"
        )

        run = actions.computation_refresh(name="registry.households", fiscal_year=2570, on=ON, at=AT)

        values = Value.objects.filter(indicator=households)
        assert (run.status, run.written) == ("DONE", 2)  # November and December; none in October yet
        assert {(v.period, v.value, v.source, v.computation_version) for v in values} == {
            ("@2569-11", 1, ValueSource.COMPUTED, 1),
            ("@2569-12", 1, ValueSource.COMPUTED, 1),
        }

    def test_refreshing_again_rewrites_only_the_moving_month(self, national_manager):
        registry.household(by=national_manager)
        factories.indicator(by=national_manager, unit="HOUSEHOLDS", computation="registry.households")
        actions.computation_refresh(name="registry.households", fiscal_year=2570, on=ON, at=AT)

        again = actions.computation_refresh(name="registry.households", fiscal_year=2570, on=ON, at=AT)

        assert (again.written, again.unchanged) == (0, 2)

    def test_a_new_version_recomputes_and_a_locked_month_keeps_its_old_value(
        self, national_manager, monkeypatch
    ):
        registry.household(by=national_manager)
        ind = factories.indicator(by=national_manager, unit="HOUSEHOLDS", computation="registry.households")
        actions.computation_refresh(name="registry.households", fiscal_year=2570, on=ON, at=AT)
        actions.period_lock(period="2569-11", by=national_manager, at=AT)
        spec = computed.get("registry.households")
        bumped = computed.Computation(
            **{**spec.__dict__, "version": 2, "function": lambda *, start, end: {"560101": 7}}
        )
        monkeypatch.setitem(computed.registry(), "registry.households", bumped)

        run = actions.computation_refresh(name="registry.households", fiscal_year=2570, on=ON, at=AT)

        by_period = dict(Value.objects.filter(indicator=ind).values_list("period", "computation_version"))
        assert (by_period["@2569-11"], by_period["@2569-12"]) == (1, 2)
        assert run.skipped_locked == 1

    def test_a_new_version_finding_the_same_numbers_notes_its_version_in_the_history(
        self, national_manager, monkeypatch
    ):
        from thanrak.monitoring.models import ValueRevision

        registry.household(by=national_manager)
        ind = factories.indicator(by=national_manager, unit="HOUSEHOLDS", computation="registry.households")
        actions.computation_refresh(name="registry.households", fiscal_year=2570, on=ON, at=AT)
        spec = computed.get("registry.households")
        monkeypatch.setitem(
            computed.registry(),
            "registry.households",
            computed.Computation(**{**spec.__dict__, "version": 2}),
        )

        run = actions.computation_refresh(name="registry.households", fiscal_year=2570, on=ON, at=AT)

        values = Value.objects.filter(indicator=ind)
        assert run.written == 2
        assert {(v.period, v.value, v.computation_version) for v in values} == {
            ("@2569-11", 1, 2),
            ("@2569-12", 1, 2),
        }
        noted = ValueRevision.objects.filter(value__indicator=ind, computation_version=2)
        assert sorted(noted.values_list("old_value", "new_value", "computation")) == [
            (1, 1, "registry.households"),
            (1, 1, "registry.households"),
        ]

    def test_a_failing_computation_is_recorded_and_the_others_still_run(self, national_manager, monkeypatch):
        factories.indicator(by=national_manager, unit="HOUSEHOLDS", computation="registry.households")
        factories.indicator(by=national_manager, unit="PERSONS", computation="registry.persons")
        spec = computed.get("registry.persons")

        def broken(*, start, end):  # noqa: ANN202
            raise RuntimeError("the registry is down")

        monkeypatch.setitem(
            computed.registry(),
            "registry.persons",
            computed.Computation(**{**spec.__dict__, "function": broken}),
        )

        from django.utils import timezone

        runs = actions.computations_refresh_all(fiscal_years=[2570], on=ON, clock=timezone.now)

        assert sorted((r.name, r.status) for r in runs) == [
            ("registry.households", "DONE"),
            ("registry.persons", "FAILED"),
        ]
        assert "the registry is down" in ComputationRun.objects.get(name="registry.persons").error

    @override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}})
    def test_the_background_task_refreshes_and_reports(self, national_manager):
        registry.household(by=national_manager)
        factories.indicator(by=national_manager, unit="HOUSEHOLDS", computation="registry.households")

        result = tasks.refresh_computations.enqueue(fiscal_years=[2570])

        assert result.return_value["failed"] == 0
        assert Value.objects.filter(source=ValueSource.COMPUTED).exists()


class TestComputationHook:
    def test_an_app_registers_a_computation_without_importing_monitoring(self, monkeypatch):
        from django.apps import apps

        config = apps.get_app_config("finance")
        monkeypatch.setattr(
            config,
            "monitoring_computations",
            [
                {
                    "name": "finance.overdue_satang",
                    "version": 3,
                    "function": "thanrak.monitoring.computed.households_registered",
                    "label": "Overdue",
                    "unit": "BAHT",
                    "temporal": "STOCK",
                    "changes": {3: "30 days, not 90"},
                }
            ],
            raising=False,
        )
        computed.registry.cache_clear()
        try:
            spec = computed.get("finance.overdue_satang")
            assert (spec.version, spec.app, spec.unit) == (3, "finance", "BAHT")
        finally:
            monkeypatch.undo()
            computed.registry.cache_clear()

    def test_a_malformed_hook_is_reported_by_the_system_check(self, monkeypatch):
        from django.apps import apps

        from thanrak.monitoring.checks import computations_are_well_formed

        monkeypatch.setattr(
            apps.get_app_config("survey"), "monitoring_computations", [{"name": "survey.x"}], raising=False
        )
        try:
            errors = computations_are_well_formed()
            assert errors and errors[0].id == "monitoring.E001"
        finally:
            monkeypatch.undo()
            computed.registry.cache_clear()

    def test_an_indicator_cannot_name_an_unknown_computation(self, db, national_manager):
        with pytest.raises(actions.CannotChangeProgramme) as exc:
            factories.indicator(by=national_manager, computation="nowhere.nothing")
        assert exc.value.code == "unknown_computation"
