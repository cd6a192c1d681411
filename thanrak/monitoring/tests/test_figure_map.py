"""The figure map: one row per figure of the published report, known computations and parameters,
loaded onto the indicators with the seed; the coverage command; the rows behind a figure, scoped."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from thanrak.monitoring import computed, figure_map, seed
from thanrak.monitoring.figure_map import MapError, MapRow
from thanrak.monitoring.models import FigureMapping, Indicator
from thanrak.monitoring.queries import figure_rows

AT = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)


def _figures() -> list[dict[str, str]]:
    with seed.seed_path().open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class TestTheFile:
    def test_has_a_row_per_figure_with_known_computations_and_parameters(self):
        figures = _figures()
        programmes = {f["section"] for f in figures} | {"2.3-b", "3.2-b"}

        rows = figure_map.read()
        figure_map.check(rows, figures, programme_codes=programmes)

        assert len(rows) == 211 == len(figures)
        assert sum(r.status == "computed" for r in rows) >= 150
        assert all(r.note for r in rows if r.status != "computed")
        assert all(r.source for r in rows if r.status == "typed")
        # Thai first: every source and note of the map is also written in Thai
        assert all(r.source_th for r in rows if r.source) and all(r.note_th for r in rows if r.note)

    def test_a_note_without_its_thai_is_refused(self):
        figures = _figures()
        programmes = {f["section"] for f in figures} | {"2.3-b", "3.2-b"}
        rows = figure_map.read()
        typed = next(r for r in rows if r.status == "typed")
        typed.note_th = ""

        with pytest.raises(MapError, match=f"row {typed.row}: write the source and the note in Thai"):
            figure_map.check(rows, figures, programme_codes=programmes)

    def test_a_computed_figure_names_a_computation_that_counts_records(self):
        for r in figure_map.read():
            if r.status == "computed" and r.computation:
                spec = computed.get(r.computation)
                assert set(r.parameters) <= set(spec.parameters), r.row

    def test_refuses_an_unknown_computation_parameter_or_aggregate(self):
        base = {"row": 5, "section": "1.1.2", "indicator_en": "x", "status": "computed"}
        with pytest.raises(MapError, match="no computation"):
            figure_map.check_row(MapRow(**base, computation="learning.nothing"))
        with pytest.raises(MapError, match="takes no parameter"):
            figure_map.check_row(
                MapRow(**base, computation="learning.people_trained", parameters={"kind": "X"})
            )
        with pytest.raises(MapError, match="aggregate"):
            figure_map.check_row(MapRow(**base, computation="learning.people_trained", aggregate="towns"))
        with pytest.raises(MapError, match="source"):
            figure_map.check_row(MapRow(row=5, section="1.1.2", indicator_en="x", status="typed", note="why"))

    def test_parameters_read_and_write_back(self):
        params = figure_map.parse_parameters("programme=2.4(2); kind=COOPERATIVE")

        assert params == {"programme": "2.4(2)", "kind": "COOPERATIVE"}
        assert figure_map.format_parameters(params) == "kind=COOPERATIVE;programme=2.4(2)"
        with pytest.raises(MapError):
            figure_map.parse_parameters("programme")


class TestAggregate:
    ANSWER = {"56010101": 3, "56010102": 0, "56020301": 2, "57010101": 1, "560101": 4}

    def test_sum_keeps_the_numbers_and_an_area_keeps_its_own(self):
        assert computed.aggregate(self.ANSWER, "sum") == self.ANSWER
        assert computed.aggregate(self.ANSWER, "sum", area="57") == {"57010101": 1}

    def test_distinct_areas_count_one_each_where_something_was_counted(self):
        assert computed.aggregate(self.ANSWER, "provinces") == {"56": 1, "57": 1}
        assert computed.aggregate(self.ANSWER, "districts") == {"5601": 1, "5602": 1, "5701": 1}
        # a subdistrict's own count cannot be placed in one of its villages
        assert computed.aggregate(self.ANSWER, "villages") == {"56010101": 1, "56020301": 1, "57010101": 1}


@pytest.mark.django_db
class TestLoadedWithTheSeed:
    @pytest.fixture
    def loaded(self, national_manager):
        from thanrak.geo.actions import geography_load

        geography_load()
        return seed.seed_load(by=national_manager, at=AT)

    def test_every_figure_is_mapped_and_indicators_get_their_computation(self, loaded):
        assert loaded.mapping.written == 211
        assert FigureMapping.objects.count() == 211
        kbo = Indicator.objects.get(published_figures__row=5)
        assert kbo.computation == "learning.people_trained"
        assert kbo.computation_params == {"programme": "1.1.2"}
        provinces = Indicator.objects.get(published_figures__row=4)
        assert provinces.computation_aggregate == "provinces"
        otop = Indicator.objects.filter(published_figures__row=2).first()
        assert otop.computation == ""

    def test_the_coverage_command_ends_with_the_count(self, loaded):
        out = io.StringIO()
        call_command("monitoring_coverage", stdout=out)

        lines = out.getvalue().strip().splitlines()
        computed_rows = sum(r.status == "computed" for r in figure_map.read())
        assert lines[-1] == f"computed from records: {computed_rows} of 211 seed figures"
        assert any(line.startswith("2.2 ") for line in lines)

    def test_a_reload_keeps_a_row_changed_on_the_page_and_the_change_is_audited(
        self, loaded, national_manager
    ):
        from thanrak.accounts.models import AuditLog
        from thanrak.monitoring import actions

        mapping = FigureMapping.objects.get(figure__row=2)
        actions.figure_mapping_change(
            mapping=mapping,
            by=national_manager,
            at=AT,
            status="computed",
            computation="commerce.sales",
            parameters="programme=1.1.1",
            aggregate="sum",
        )
        again = seed.seed_load(by=national_manager, at=AT)

        assert again.mapping.kept == 1
        assert Indicator.objects.filter(published_figures__row=2).first().computation == "commerce.sales"
        assert AuditLog.objects.filter(object_type="monitoring.figuremapping", event="CHANGE").count() == 1

    def test_a_change_naming_an_unknown_parameter_is_refused_with_a_code(self, loaded, national_manager):
        from thanrak.monitoring import actions
        from thanrak.monitoring.actions import CannotChangeProgramme

        mapping = FigureMapping.objects.get(figure__row=5)
        with pytest.raises(CannotChangeProgramme) as refused:
            actions.figure_mapping_change(
                mapping=mapping,
                by=national_manager,
                at=AT,
                status="computed",
                computation="learning.people_trained",
                parameters="colour=red",
            )
        assert refused.value.code == "figure_mapping_invalid"

    def test_the_map_shows_its_notes_in_thai_first_and_in_english_to_an_english_reader(
        self, loaded, client, national_manager
    ):
        client.force_login(national_manager)
        thai = client.get(reverse("monitoring:figure-map"), HTTP_ACCEPT_LANGUAGE="th").text
        assert "กรมทรัพย์สินทางปัญญา" in thai and "ค่าเป้าหมายเป็นสิ่งที่กำหนดไว้" in thai
        assert "Department of Intellectual Property" not in thai and "a target is decided" not in thai
        client.cookies["django_language"] = "en"
        english = client.get(reverse("monitoring:figure-map"), HTTP_ACCEPT_LANGUAGE="en").text
        assert "Department of Intellectual Property" in english and "กรมทรัพย์สินทางปัญญา" not in english

    def test_a_thai_note_changed_on_the_page_is_shown_and_kept(self, loaded, client, national_manager):
        mapping = FigureMapping.objects.get(figure__row=56)
        client.force_login(national_manager)
        response = client.post(
            reverse("monitoring:figure-mapping", args=[mapping.pk]),
            {
                "status": "typed",
                "source_th": "กรมทรัพย์สินทางปัญญา กระทรวงพาณิชย์",
                "note_th": "ยื่นคำขอที่กรม",
                "source": "Department of Intellectual Property",
                "note": "filed with the department",
                "aggregate": "sum",
            },
        )
        assert response.status_code == 302
        mapping.refresh_from_db()
        assert (mapping.source_th, mapping.note_th) == ("กรมทรัพย์สินทางปัญญา กระทรวงพาณิชย์", "ยื่นคำขอที่กรม")
        assert "ยื่นคำขอที่กรม" in client.get(reverse("monitoring:figure-map"), HTTP_ACCEPT_LANGUAGE="th").text

    def test_the_pages_and_the_download(self, loaded, client, national_manager, auditor):
        client.force_login(national_manager)
        coverage = client.get(reverse("monitoring:coverage"))
        assert coverage.status_code == 200 and "<svg" in coverage.text
        page = client.get(reverse("monitoring:figure-map"))
        assert page.status_code == 200
        download = client.get(reverse("monitoring:figure-map-download"))
        rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8"))))
        assert len(rows) == 211
        assert rows[0]["source_th"] == "กรมการพัฒนาชุมชน (รายงานยอดจำหน่าย OTOP)"
        client.force_login(auditor)
        mapping = FigureMapping.objects.get(figure__row=5)
        assert client.get(reverse("monitoring:figure-mapping", args=[mapping.pk])).status_code == 403


@pytest.mark.django_db
class TestRowsBehindAFigure:
    def test_a_reader_sees_only_the_rows_of_their_areas(self, national_manager, district_officer):
        from thanrak.monitoring.tests import factories
        from thanrak.registry import actions as registry_actions
        from thanrak.registry.tests import factories as registry

        ind = factories.indicator(by=national_manager, unit="GROUPS", name_th="กลุ่มทอผ้า")
        Indicator.objects.filter(pk=ind.pk).update(
            computation="registry.organisations", computation_params={"programme": "1.1.3(1.1)"}
        )
        ind.refresh_from_db()
        mine = registry.organisation(by=national_manager, area_code="560101")
        other = registry.organisation(by=national_manager, area_code="560201")
        for org in (mine, other):
            registry_actions.programme_participation_add(
                organisation=org,
                programme_code="1.1.3(1.1)",
                since=dt.date(2026, 10, 1),
                by=national_manager,
                at=AT,
            )
        today = dt.date(2027, 9, 30)

        everyone = figure_rows(
            viewer=national_manager, indicator=ind, fiscal_year=2570, area_code="", today=today
        )
        theirs = figure_rows(
            viewer=district_officer, indicator=ind, fiscal_year=2570, area_code="", today=today
        )

        assert {o.pk for o in everyone.rows} == {mine.pk, other.pk}
        assert {o.pk for o in theirs.rows} == {mine.pk}
        assert computed.get("registry.organisations").run(
            start=dt.date(2026, 10, 1), end=today, params={"programme": "1.1.3(1.1)"}
        ) == {mine.area_code: 1, other.area_code: 1}


@pytest.mark.django_db
class TestTheReportFromRecords:
    def test_regenerating_recomputes_and_marks_each_figure_computed_or_typed(
        self, national_manager, tmp_path
    ):
        from django.utils import timezone

        from thanrak.core.fiscal import FiscalYear
        from thanrak.geo.actions import geography_load
        from thanrak.monitoring.models import Value
        from thanrak.registry import actions as registry_actions
        from thanrak.registry.tests import factories as registry

        geography_load()
        seed.seed_load(by=national_manager, at=AT)
        today = timezone.localdate()
        fy = FiscalYear.of(today)
        group = registry.organisation(by=national_manager, area_code="560101", registered_date=fy.start)
        registry_actions.programme_participation_add(
            organisation=group, programme_code="1.1.3(1.1)", since=fy.start, by=national_manager, at=AT
        )
        # a typed figure: OTOP sales, as the seed types it for Phayao this month
        from thanrak.monitoring.actions import value_set
        from thanrak.monitoring.models import ValueSource

        otop = Indicator.objects.filter(published_figures__row=2).first()
        value_set(
            indicator=otop,
            area_code="56",
            period=f"{today.year + 543}-{today.month:02d}",
            amount="1000",
            by=national_manager,
            at=AT,
            source=ValueSource.SEED,
        )
        out = tmp_path / "report.html"

        call_command(
            "monitoring_report",
            "--fiscal-year",
            str(fy.year_be),
            "--format",
            "html",
            "--out",
            str(out),
            stdout=io.StringIO(),
        )

        groups = Indicator.objects.get(published_figures__row=10)
        month = f"@{today.year + 543}-{today.month:02d}"
        assert Value.objects.filter(indicator=groups, area_code="560101", period=month).get().value == 1
        html = out.read_text(encoding="utf-8")
        assert reverse("monitoring:indicator-rows", args=[groups.pk]) in html
        assert "registry.organisations v1" in html
        # a typed figure names its source in the report's language (Thai)
        assert "กรมการพัฒนาชุมชน (รายงานยอดจำหน่าย OTOP)" in html
        assert "Community Development Department (OTOP sales reports)" not in html
