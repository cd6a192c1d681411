"""The monitoring computations count what the pages show."""

import datetime as dt

import pytest

from thanrak.markets import actions, computations
from thanrak.markets.tests.conftest import AT, pos_sell

pytestmark = pytest.mark.django_db
NOV = {"start": dt.date(2026, 11, 1), "end": dt.date(2026, 11, 30)}


def test_events_markets_vendors_turnover_and_deals(
    fair, market, district_officer, enterprise, org_officer, booth_location, product
):
    booth = actions.booth_assign(
        by=district_officer,
        event=fair,
        vendor=enterprise,
        label="A1",
        category="FOOD",
        pos_location=booth_location,
    )
    actions.booth_assign(by=district_officer, event=market, vendor=enterprise, label="1", category="FOOD")
    pos_sell(
        org_officer,
        booth_location,
        product.variants.get(),
        at=dt.datetime(2026, 11, 22, 4, tzinfo=dt.UTC),
        key="sale-0001",
    )
    actions.turnover_type(by=org_officer, booth=booth, date=dt.date(2026, 11, 23), amount_satang=30000, at=AT)
    hotel = actions.buyer_register(by=district_officer, name="โรงแรม", kind="HOTEL", categories=["FOOD"])
    meeting = actions.meeting_schedule(
        by=district_officer,
        event=fair,
        buyer=hotel,
        booth=booth,
        starts_at=dt.datetime(2026, 11, 22, 2, tzinfo=dt.UTC),
    )
    actions.meeting_outcome(by=district_officer, meeting=meeting, status="HELD", deal_satang=700000, at=AT)

    assert computations.markets_active(**NOV) == {"560101": 1}
    assert computations.events_held(**NOV) == {"560101": 1}
    assert computations.vendors(**NOV) == {"560101": 1}
    assert computations.turnover_satang(**NOV) == {"560101": 25000 + 30000}
    assert computations.deals(**NOV) == {"560101": 1}
    assert computations.deal_value_satang(**NOV) == {"560101": 700000}
    assert computations.events_held(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31)) == {}


def test_the_computations_are_registered_for_monitoring():
    from thanrak.monitoring.computed import registry

    assert {
        "markets.markets_active",
        "markets.events_held",
        "markets.vendors",
        "markets.turnover_satang",
        "markets.deals",
        "markets.deal_value_satang",
    } <= set(registry())
