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


def test_a_programme_counts_only_its_events_and_the_rows_behind_the_number(
    fair, market, district_officer, enterprise, org_officer, national_manager
):
    from thanrak.monitoring.computed import registry

    booth = actions.booth_assign(
        by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD"
    )
    actions.booth_assign(by=district_officer, event=market, vendor=enterprise, label="1", category="FOOD")
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

    assert computations.markets_active(**NOV, programme="2.2.8") == {"560101": 1}
    assert computations.markets_active(**NOV, programme="1.1.10") == {}
    assert computations.events_held(**NOV, programme="1.1.10") == {"560101": 1}
    assert computations.events_held(**NOV, programme="2.2.8") == {}
    assert computations.vendors(**NOV, programme="2.2.8") == {"560101": 1}
    assert computations.turnover_satang(**NOV, programme="1.1.10") == {"560101": 30000}
    assert computations.turnover_satang(**NOV, programme="2.2.8") == {}
    assert computations.deal_value_satang(**NOV, programme="1.1.10") == {"560101": 700000}
    assert computations.deals(**NOV, programme="2.2.8") == {}

    spec = registry()["markets.deals"]
    assert spec.run(**NOV, params={"programme": "1.1.10"}) == {"560101": 1}
    assert list(spec.rows_for(viewer=district_officer, **NOV, params={"programme": "1.1.10"})) == [meeting]
    assert list(spec.rows_for(viewer=district_officer, **NOV, area_code="5602")) == []
    events = registry()["markets.events_held"].rows_for(viewer=national_manager, **NOV, area_code="56")
    assert [e.name for e in events] == [fair.name]
    outsider = registry()["markets.vendors"].rows_for(viewer=None, **NOV, params={"programme": "2.2.8"})
    assert list(outsider) == []
