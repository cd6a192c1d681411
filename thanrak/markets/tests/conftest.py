import datetime as dt

import pytest

from thanrak.commerce import actions as commerce
from thanrak.commerce.models import Location
from thanrak.commerce.tests import factories as shops
from thanrak.markets import actions

AT = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)  # 19:00 in Bangkok, Wednesday 25 Nov 2026


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def fair(district_officer):
    return actions.event_create(
        by=district_officer,
        kind="FAIR",
        name="งานกาชาดพะเยา",
        fiscal_year=2570,
        place="สนามหน้าศาลากลาง",
        area_code="560101",
        start_date=dt.date(2026, 11, 21),
        end_date=dt.date(2026, 11, 25),
        programme_code="1.1.10",
    )


@pytest.fixture
def market(district_officer):
    return actions.event_create(
        by=district_officer,
        kind="MARKET",
        name="ตลาดต้องชมกว๊านพะเยา",
        fiscal_year=2570,
        place="ริมกว๊านพะเยา",
        area_code="560101",
        start_date=dt.date(2026, 11, 1),
        weekdays=[5, 6],
        programme_code="2.2.8",
    )


@pytest.fixture
def shop(org_officer, enterprise):
    return shops.shop(by=org_officer, organisation=enterprise)


@pytest.fixture
def product(org_officer, shop):
    return shops.product(by=org_officer, shop=shop, price_satang=25000)


@pytest.fixture
def booth_location(org_officer, shop, product):
    location = commerce.location_add(shop=shop, by=org_officer, name="บูธงาน", kind=Location.Kind.BOOTH)
    for v in product.variants.all():
        commerce.stock_receive(
            variant=v, location=location, quantity=100, reason="ไปงาน", by=org_officer, at=shops.AT
        )
    return location


def pos_sell(officer, location, variant, *, at, quantity=1, key):
    session = location.pos_sessions.filter(closed_at=None).first() or commerce.pos_session_open(
        location=location, cashier=officer, opening_float_satang=0, at=at
    )
    order, _ = commerce.pos_sale_record(
        session=session,
        sale_key=key,
        items=[commerce.PosItem(variant.pk, quantity, variant.price_satang)],
        payment_method="PROMPTPAY",
        cash_received_satang=None,
        sold_at=at,
        by=officer,
    )
    return order
