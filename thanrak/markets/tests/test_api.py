"""The API: each operation's rules, codes and scope."""

import datetime as dt

import pytest

from thanrak.markets import actions
from thanrak.markets.tests.conftest import AT

pytestmark = pytest.mark.django_db
API = "/api/v1/markets"


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_plan_give_booths_type_turnover_and_match(client, district_officer, enterprise):
    client.force_login(district_officer)
    event = post(
        client,
        f"{API}/events",
        {
            "kind": "FAIR",
            "name": "งานของดีพะเยา",
            "fiscal_year": 2570,
            "place": "ศาลากลาง",
            "area_code": "560101",
            "start_date": "2026-11-20",
            "end_date": "2026-11-24",
        },
    )
    assert event.status_code == 201, event.json()
    eid = event.json()["id"]
    booth = post(
        client,
        f"{API}/events/{eid}/booths",
        {"label": "1", "vendor_id": enterprise.pk, "category": "FOOD", "fee_satang": 10000},
    )
    assert booth.status_code == 201, booth.json()
    bid = booth.json()["id"]
    paid = post(client, f"{API}/booths/{bid}/fee", {"on": "2026-11-20"})
    assert paid.json()["fee_state"] == "PAID"
    typed = post(
        client,
        f"{API}/events/{eid}/turnover",
        {"booth_id": bid, "date": "2026-11-21", "amount_satang": 90000},
    )
    assert typed.status_code == 201, typed.json()
    refused = post(
        client, f"{API}/events/{eid}/turnover", {"booth_id": bid, "date": "2026-11-19", "amount_satang": 1}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "turnover_not_event_day"
    figures = client.get(f"{API}/events/{eid}/turnover").json()
    assert figures["total_satang"] == 90000 and figures["by_category"][0]["category"] == "FOOD"
    buyer = post(
        client, f"{API}/buyers", {"name": "บริษัทส่งออกล้านนา", "kind": "EXPORTER", "categories": ["FOOD"]}
    )
    assert buyer.status_code == 201
    meeting = post(
        client,
        f"{API}/events/{eid}/meetings",
        {"buyer_id": buyer.json()["id"], "booth_id": bid, "starts_at": "2026-11-21T10:00:00+07:00"},
    )
    assert meeting.status_code == 201, meeting.json()
    again = post(
        client,
        f"{API}/events/{eid}/meetings",
        {"buyer_id": buyer.json()["id"], "booth_id": bid, "starts_at": "2026-11-21T10:10:00+07:00"},
    )
    assert again.json()["code"] == "meeting_buyer_busy"
    outcome = post(
        client, f"{API}/meetings/{meeting.json()['id']}/outcome", {"status": "HELD", "deal_satang": 500000}
    )
    assert outcome.status_code == 200 and outcome.json()["deal_satang"] == 500000


def test_the_import_lists_every_row_at_fault(client, district_officer, fair, enterprise):
    actions.booth_assign(by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD")
    client.force_login(district_officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("t.csv", "บูธ,วันที่,ยอดขาย (บาท)\nA1,22/11/2569,x\nB9,22/11/2569,1\n".encode())
    response = client.post(f"{API}/events/{fair.pk}/turnover/import", {"file": bad})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["row 2: amount", "row 3: booth"]


def test_a_buyer_sees_its_own_meetings_and_public_profiles_only(
    client, buyer, district_officer, fair, enterprise
):
    booth = actions.booth_assign(
        by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD"
    )
    mine = actions.buyer_register(by=buyer, name="โรงเรียนบ้านต๋อม", kind="SCHOOL", categories=["FOOD"])
    other = actions.buyer_register(by=district_officer, name="โรงแรมอื่น", kind="HOTEL", categories=["FOOD"])
    start = dt.datetime(2026, 11, 22, 3, tzinfo=dt.UTC)
    actions.meeting_schedule(by=district_officer, event=fair, buyer=mine, booth=booth, starts_at=start)
    actions.meeting_schedule(
        by=district_officer, event=fair, buyer=other, booth=booth, starts_at=start + dt.timedelta(hours=1)
    )
    client.force_login(buyer)
    assert client.get(f"{API}/meetings").json()["count"] == 1
    assert client.get(f"{API}/buyers").json()["count"] == 1
    assert client.get(f"{API}/events/{fair.pk}").status_code == 403
    profiles = client.get(f"{API}/producers").json()
    assert set(profiles[0]) == {
        "organisation_id",
        "name",
        "area_code",
        "story",
        "shop_id",
        "categories",
        "events",
    }
    _ = AT
