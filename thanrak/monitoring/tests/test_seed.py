"""The published Policy 7 report is loaded as data, and Thanrak reproduces every printed figure."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from thanrak.monitoring import queries, seed
from thanrak.monitoring.models import FigureRole, Indicator, IndicatorKind, PublishedFigure, Target, Value
from thanrak.monitoring.tests.factories import AT


@pytest.fixture
def loaded(national_manager):
    return seed.seed_load(by=national_manager, at=AT)


@pytest.mark.django_db
class TestSeedLoad:
    def test_every_one_of_the_211_rows_is_placed(self, loaded):
        assert loaded.rows == 211
        assert PublishedFigure.objects.filter(document=seed.DOCUMENT).count() == 211

    def test_thanrak_reproduces_every_printed_figure(self, loaded, national_manager):
        checks = queries.published_checks(viewer=national_manager, document=seed.DOCUMENT)

        assert [c.figure.row for c in checks if not c.matches] == []

    def test_the_implied_targets_reproduce_the_printed_percentages(self, loaded):
        plots = Target.objects.filter(indicator__unit="PLOTS", fiscal_year=2565).order_by("value")

        assert [(t.value, t.basis) for t in plots] == [(1300, "IMPLIED"), (2100, "IMPLIED")]

    def test_the_debt_percentages_are_shares_of_the_outstanding_balance(self, loaded):
        shares = Indicator.objects.filter(kind=IndicatorKind.SHARE).order_by("code")

        assert [(s.numerator.name_th, s.denominator.name_th) for s in shares] == [
            ("หนี้ยังไม่ถึงกำหนดชำระ", "ยอดลูกหนี้คงเหลือ"),
            ("หนี้เกินกำหนดชำระ", "ยอดลูกหนี้คงเหลือ"),
        ]

    def test_money_is_stored_in_satang(self, loaded):
        debt = Value.objects.get(indicator__name_th="หนี้ยังไม่ถึงกำหนดชำระ")

        assert debt.value == 3_824_500_000 * 100
        assert debt.amount == Decimal("3824500000.00")

    def test_provinces_named_in_the_text_become_values_of_those_provinces(self, loaded):
        wellness = Indicator.objects.get(name_th="สถานประกอบการเพื่อสุขภาพที่ประเมิน")
        by_area = dict(wellness.values.values_list("area_code", "value"))

        assert by_area == {"": 312, "83": 147, "20": 108, "84": 43, "57": 14}

    def test_call_outs_point_at_the_figure_they_repeat(self, loaded):
        callouts = PublishedFigure.objects.filter(role=FigureRole.CALLOUT)

        assert callouts.count() == 8
        assert all(c.value_id for c in callouts)

    def test_loading_again_changes_nothing(self, loaded, national_manager):
        values = list(Value.objects.order_by("pk").values_list("pk", "value", "updated_at"))

        again = seed.seed_load(by=national_manager, at=AT)

        assert (again.programmes, again.indicators, again.values_created, again.targets) == (0, 0, 0, 0)
        assert list(Value.objects.order_by("pk").values_list("pk", "value", "updated_at")) == values

    def test_the_command_loads_it(self, national_manager, capsys):
        call_command("monitoring_load_seed")

        assert "211 rows" in capsys.readouterr().out
        assert Value.objects.count() == 194


@pytest.mark.django_db
class TestPublishedPage:
    def _links(self, client, user) -> list[str]:  # noqa: ANN001
        client.force_login(user)
        html = client.get("/monitoring/published/").content.decode()
        return re.findall(r'href="(/monitoring/(?:indicators|values)/\d+/[^"]*)"', html.replace("&amp;", "&"))

    def test_every_figure_a_district_officer_is_shown_a_link_to_opens(self, loaded, district_officer, client):
        links = self._links(client, district_officer)

        refused = [url for url in links if client.get(url).status_code in (403, 404)]
        assert links and refused == []

    def test_the_centre_is_shown_a_link_to_each_indicator_and_value(self, loaded, national_manager, client):
        links = self._links(client, national_manager)

        assert sum("/indicators/" in url for url in links) == 211
        assert sum("/values/" in url for url in links) == PublishedFigure.objects.exclude(value=None).count()
