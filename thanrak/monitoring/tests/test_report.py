"""The report "ผลการดำเนินงานตามนโยบายข้อ ๗" reproduces the seed's printed percentages, in Thai digits."""

import shutil
import unicodedata

import pytest
from django.core.management import call_command

from thanrak.core.testing.pdf import pdf_text as exact_text
from thanrak.monitoring import report, seed
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT

PRINTED = ["ร้อยละ ๑๐๑.๖๗", "ร้อยละ ๑๓๙.๖๒", "ร้อยละ ๙๙.๙๓", "ร้อยละ ๗๘.๙๖"]


def pdf_text(path) -> str:  # noqa: ANN001
    out = exact_text(path.read_bytes(), "-layout")
    return unicodedata.normalize("NFKC", out)  # SARA AM reads back as its canonical equivalent


@pytest.mark.django_db
class TestReportPdf:
    @pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
    def test_the_pdf_prints_the_seeds_percentages_in_thai_digits(self, national_manager, tmp_path, settings):
        settings.LANGUAGE_CODE = "th"
        seed.seed_load(by=national_manager, at=AT)
        out = tmp_path / "report.pdf"

        call_command("monitoring_report", "--fiscal-year", "2565", "--format", "pdf", "--out", str(out))

        text = pdf_text(out)
        assert out.read_bytes().startswith(b"%PDF")
        for printed in PRINTED:
            assert printed in text
        assert "ไม่มีข้อมูล" in text
        assert "๔,๘๔๓.๘๓" in text  # the outstanding balance, in ล้านบาท with two decimals
        assert "๑๒,๘๙๐,๗๔๓" in text
        assert unicodedata.normalize("NFKC", "นโยบายข้อ ๗") in text

    @pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
    def test_text_copied_out_of_the_pdf_is_the_thai_the_page_wrote(
        self, national_manager, tmp_path, settings
    ):
        settings.LANGUAGE_CODE = "th"
        seed.seed_load(by=national_manager, at=AT)
        out = tmp_path / "report.pdf"

        call_command("monitoring_report", "--fiscal-year", "2565", "--format", "pdf", "--out", str(out))

        text = exact_text(out.read_bytes())
        assert "การพัฒนาสร้างความเข้มแข็งจากฐานราก" in text  # not "การพัฒนาสร้ างความเข้ มแข็ง"
        assert "จัดทำโดยระบบฐานรากจากข้อมูลที่อนุมัติแล้ว" in text
        assert "ผลการดำเนินงานตามนโยบายข้อ ๗" in text


@pytest.mark.django_db
class TestReportHtml:
    @pytest.fixture
    def built(self, national_manager):
        seed.seed_load(by=national_manager, at=AT)
        return report.build(fiscal_year=2565, at=AT)

    def test_the_html_prints_the_percentages_and_the_policy_numbering(self, built):
        html = report.render_html(built)

        for printed in PRINTED:
            assert printed in html
        assert "๗.๑.๑" in html and "๑.๑.๓(๑.๑)" in html

    def test_money_is_in_million_baht_with_two_decimals(self, built):
        html = report.render_html(built)

        assert "๒๗๘,๕๗๐.๔๒" in html  # OTOP sales 2564, the year before
        assert "๒๔,๓๓๖.๒๒" in html  # ๒๔,๓๓๖.๒๑๖๗ ล้านบาท printed to two decimals, half up

    def test_a_percentage_above_100_is_not_capped(self, built):
        rows = [r for b in _walk(built.blocks) for p in b.programmes for r in p.rows]
        over = [r.percent for r in rows if r.line.percent is not None and r.line.percent > 100]

        assert "ร้อยละ ๑๓๙.๖๒" in over

    def test_arabic_digits_when_asked(self, national_manager):
        seed.seed_load(by=national_manager, at=AT)
        html = report.render_html(report.build(fiscal_year=2565, at=AT, thai_digits=False))

        assert "ร้อยละ 101.67" in html

    def test_charts_are_drawn_as_svg_in_the_document(self, built):
        html = report.render_html(built)

        assert html.count("<svg") >= 2

    def test_only_approved_values_count(self, national_manager, district_officer):
        ind = factories.indicator(by=national_manager)
        factories.value(ind, "560101", "2569-01", "10", by=district_officer)

        built = report.build(fiscal_year=2569, area_code="", at=AT)

        assert not any(p.lines for b in _walk(built.blocks) for p in b.programmes)

    def test_an_officer_sees_only_their_area(self, district_officer):
        from thanrak.accounts.scope import OutsideScope

        with pytest.raises(OutsideScope):
            report.build(fiscal_year=2565, area_code="", at=AT, viewer=district_officer)


def _walk(blocks):  # noqa: ANN001, ANN202
    for b in blocks:
        yield b
        yield from _walk(b.children)
