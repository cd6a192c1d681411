"""TPMAP's published files become an external source with totals at every level."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from thanrak.survey.models import ExternalAreaStat

pytestmark = pytest.mark.django_db
TPMAP = settings.REFERENCE_DATA_DIR / "tpmap2561"


class TestTpmapImport:
    def test_prints_the_national_totals_tpmap_published(self):
        out = io.StringIO()

        call_command("tpmap_import", str(TPMAP), stdout=out)

        text = out.getvalue()
        assert "households 12,935,866" in text
        assert "persons 36,647,817" in text
        assert "MPI-poor persons 4,405,684" in text
        assert "target poor 1,032,987" in text

    def test_keeps_and_reports_codes_that_no_longer_match(self):
        out = io.StringIO()

        call_command("tpmap_import", str(TPMAP), stdout=out)

        unmatched = ExternalAreaStat.objects.filter(matched=False)
        if unmatched.exists():
            assert unmatched.first().area_code in out.getvalue()
        assert ExternalAreaStat.objects.filter(area_code="56").get().households > 0
        subdistrict_sum = sum(
            ExternalAreaStat.objects.filter(
                area_code__startswith="56", area_code__regex=r"^[0-9]{6}$"
            ).values_list("persons", flat=True)
        )
        assert subdistrict_sum == ExternalAreaStat.objects.get(area_code="56").persons

    def test_importing_twice_replaces_rather_than_doubles(self):
        call_command("tpmap_import", str(TPMAP), stdout=io.StringIO())
        call_command("tpmap_import", str(TPMAP), stdout=io.StringIO())

        assert ExternalAreaStat.objects.get(area_code="").persons == 36_647_817

    def test_a_directory_without_tpmap_files_is_refused(self, tmp_path):
        with pytest.raises(CommandError, match="no \\*_tambol_common.csv"):
            call_command("tpmap_import", str(tmp_path), stdout=io.StringIO())
