"""The demo: a market with vendors and a month of turnover (POS and typed), a fair with meetings."""

import datetime as dt
import io
import random

import pytest

from thanrak.commerce import actions as commerce
from thanrak.commerce.models import Location
from thanrak.commerce.tests import factories as shops
from thanrak.markets import demo, queries
from thanrak.markets.models import Event, Meeting
from thanrak.registry.actions import organisation_officer_assign
from thanrak.registry.tests import factories

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_a_month_of_turnover_and_matching(make_user, national_manager):
    make_user("mueang", "DISTRICT_OFFICER", "5601")
    make_user("shopper", "BUYER")
    officer = make_user("shop_officer", "ORG_OFFICER")
    for _ in range(3):
        org = factories.organisation(by=national_manager, area_code="560101")
        organisation_officer_assign(user=officer, organisation=org, by=national_manager)
        shop = shops.shop(by=officer, organisation=org)
        product = shops.product(by=officer, shop=shop, stock=500)
        commerce.location_add(shop=shop, by=officer, name="บูธงานกาชาดพะเยา", kind=Location.Kind.BOOTH)
        stall = commerce.location_add(
            shop=shop, by=officer, name="แผงตลาดต้องชมกว๊านพะเยา", kind=Location.Kind.BOOTH
        )
        for v in product.variants.all():
            commerce.stock_receive(
                variant=v, location=stall, quantity=500, reason="ไปตลาด", by=officer, at=shops.AT
            )
    factories.organisation(by=national_manager, area_code="560102")
    factories.village()
    village_group = factories.organisation(by=national_manager, area_code="56010101")
    today = dt.date(2026, 12, 7)
    demo.seed(rng=random.Random(1), today=today, stdout=io.StringIO())
    demo.seed(rng=random.Random(1), today=today, stdout=io.StringIO())

    market = Event.objects.get(name=demo.MARKET)
    figures = queries.event_turnover(event=market, booths=list(market.booths.all()), today=today)
    assert {f.source for bt in figures.booths for f in bt.days.values()} >= {"POS", "TYPED"}
    assert len(figures.by_day) >= 8  # every weekend day of the last month
    assert Meeting.objects.filter(event__name=demo.FAIR, status="HELD", deal_satang__gt=0).exists()
    assert Event.objects.count() == 2 + len(demo.SMALL_EVENTS) + 1
    assert Event.objects.get(name=demo.VILLAGE_MARKET).area_code == village_group.area_code


def test_every_markets_figure_of_the_map_has_a_phayao_value(make_user, national_manager):
    """Each row of the figure map computed from markets reads a value for the demo's Phayao."""
    from thanrak.monitoring import figure_map
    from thanrak.monitoring.computed import registry

    make_user("mueang", "DISTRICT_OFFICER", "5601")
    officer = make_user("shop_officer", "ORG_OFFICER")
    for _ in range(2):
        org = factories.organisation(by=national_manager, area_code="560101")
        organisation_officer_assign(user=officer, organisation=org, by=national_manager)
        shops.shop(by=officer, organisation=org)
    factories.village()
    factories.organisation(by=national_manager, area_code="56010101")
    today = dt.date(2026, 12, 7)
    demo.seed(rng=random.Random(1), today=today, stdout=io.StringIO())

    computations = registry()
    rows = [m for m in figure_map.read() if m.computation.startswith("markets.")]
    assert len(rows) >= 10
    for m in rows:
        spec = computations[m.computation]
        values = spec.run(start=today - dt.timedelta(days=90), end=today, params=m.parameters)
        assert any(code.startswith("56") and n > 0 for code, n in values.items()), m.row
