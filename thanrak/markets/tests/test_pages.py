"""The pages: who sees what, forms that reach the actions, refusals shown to the person."""

import datetime as dt

import pytest
from django.urls import reverse

from thanrak.markets import actions
from thanrak.markets.models import Booth, Buyer, Event, Turnover
from thanrak.markets.tests.conftest import AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def booth(fair, district_officer, enterprise):
    return actions.booth_assign(
        by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD", fee_satang=30000
    )


def test_an_officer_plans_a_market_in_thai_dates(client, district_officer):
    client.force_login(district_officer)
    page = client.get(reverse("markets:event-create") + "?kind=MARKET")
    assert page.status_code == 200
    response = client.post(
        reverse("markets:event-create"),
        {
            "kind": "MARKET",
            "name": "ตลาดต้องชมบ้านบัว",
            "fiscal_year": "2570",
            "place": "ลานวัด",
            "area_code": "560101",
            "start_date": "1 พ.ย. 2569",
            "weekdays": ["5", "6"],
            "slot_minutes": "30",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and event.start_date == dt.date(2026, 11, 1) and event.weekdays == 96


def test_a_vendor_sees_its_booth_but_cannot_give_booths_at_someone_elses_event(
    client, org_officer, booth, fair
):
    client.force_login(org_officer)
    page = client.get(reverse("markets:event-list"))
    assert page.status_code == 200
    assert "งานกาชาดพะเยา" in page.text
    detail = client.get(reverse("markets:event-detail", args=[fair.pk]))
    assert reverse("markets:booth-assign", args=[fair.pk]) not in detail.text
    assert reverse("markets:booth-fee-paid", args=[booth.pk]) not in detail.text


def test_an_officer_elsewhere_does_not_see_the_event(client, officer_elsewhere, fair):
    client.force_login(officer_elsewhere)
    assert client.get(reverse("markets:event-detail", args=[fair.pk])).status_code == 404


def test_a_booth_is_given_and_its_fee_paid_from_the_event_page(client, district_officer, fair, enterprise):
    client.force_login(district_officer)
    client.post(
        reverse("markets:booth-assign", args=[fair.pk]),
        {"label": "B2", "vendor": enterprise.pk, "category": "TEXTILE", "fee": "๓๐๐"},
    )
    booth = Booth.objects.get()
    assert booth.fee_satang == 30000
    client.post(reverse("markets:booth-fee-paid", args=[booth.pk]))
    booth.refresh_from_db()
    assert booth.fee_state == "PAID"
    page = client.get(reverse("markets:event-detail", args=[fair.pk]))
    assert "B2" in page.text


def test_a_vendor_types_the_days_turnover_and_a_refusal_reaches_them(client, org_officer, booth, fair):
    client.force_login(org_officer)
    url = reverse("markets:turnover-type", args=[fair.pk])
    client.post(url, {"booth": booth.pk, "date": "22/11/2569", "amount": "1,250"})
    assert Turnover.objects.get().amount_satang == 125000
    response = client.post(url, {"booth": booth.pk, "date": "22/11/2570", "amount": "10"}, follow=True)
    assert response.status_code == 200
    assert Turnover.objects.get().amount_satang == 125000
    assert list(response.context["messages"])
    page = client.get(reverse("markets:turnover", args=[fair.pk]))
    assert page.status_code == 200 and "1,250.00" in page.text


def test_turnover_export_and_import(client, district_officer, booth, fair):
    client.force_login(district_officer)
    actions.turnover_type(
        by=district_officer, booth=booth, date=dt.date(2026, 11, 22), amount_satang=5000, at=AT
    )
    csv = client.get(reverse("markets:turnover-export", args=[fair.pk]) + "?format=csv")
    assert csv.status_code == 200 and "A1" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("markets:turnover-export", args=[fair.pk]) + "?format=xlsx")
    assert xlsx.content[:2] == b"PK"
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("t.csv", "บูธ,วันที่,ยอดขาย (บาท)\nZZ,23/11/2569,10\n".encode())
    page = client.post(reverse("markets:turnover-import", args=[fair.pk]), {"file": bad})
    assert page.status_code == 200 and page.context["issues"]


def test_a_buyer_registers_and_sees_producers_but_no_events(client, buyer, booth):
    client.force_login(buyer)
    client.post(
        reverse("markets:buyer-register"),
        {"name": "โรงพยาบาลพะเยา", "kind": "HOSPITAL", "categories": ["FOOD"]},
    )
    assert Buyer.objects.get().user == buyer
    page = client.get(reverse("markets:producers"))
    assert page.status_code == 200 and "วิสาหกิจชุมชนผ้าทอบ้านทดสอบ" in page.text
    assert client.get(reverse("markets:event-list")).status_code == 403


def test_meetings_are_scheduled_and_their_outcome_recorded(client, district_officer, booth, fair):
    hotel = actions.buyer_register(by=district_officer, name="โรงแรมกว๊าน", kind="HOTEL", categories=["FOOD"])
    client.force_login(district_officer)
    client.post(
        reverse("markets:meeting-schedule", args=[fair.pk]),
        {"buyer": hotel.pk, "booth": booth.pk, "date": "22/11/2569", "time": "10:00"},
    )
    meeting = hotel.meetings.get()
    assert meeting.starts_at == dt.datetime(2026, 11, 22, 3, tzinfo=dt.UTC)
    response = client.post(
        reverse("markets:meeting-outcome", args=[meeting.pk]), {"status": "HELD", "deal": "12000"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.deal_satang == 1_200_000
    assert "โรงแรมกว๊าน" in client.get(reverse("markets:meetings", args=[fair.pk])).text
