"""Markets on a 360 px phone, on the Phayao demo's markets (Chromium, requests answered in-process:
thanrak.core.testing.browser). An organiser plans a fair and gives a booth to a shop's group; the
group's officer types the day's turnover and the fair's turnover page shows it; a buyer registers
what it buys, the organiser schedules a meeting with the producer and records its outcome. Every
markets page is opened on the way and none is wider than the phone.

MARKETS_SCREENSHOTS=<dir> keeps a screenshot of each page there (to look at them)."""

import datetime as dt
import io
import os
import random
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanrak.commerce import actions as commerce
from thanrak.commerce.models import Location
from thanrak.commerce.tests import factories as shops
from thanrak.core.testing.browser import BASE
from thanrak.markets import demo
from thanrak.markets.models import Booth, Buyer, Event, Meeting, Turnover
from thanrak.registry.actions import organisation_officer_assign
from thanrak.registry.tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def _be(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def fits(page, name: str) -> None:  # noqa: ANN001
    """The page is no wider than the 360 px phone (nothing scrolls sideways); kept as a screenshot
    when MARKETS_SCREENSHOTS names a directory."""
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    if folder := os.environ.get("MARKETS_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)
    assert width <= 360, f"{name}: the page is {width} px wide on a 360 px phone"


@pytest.fixture
def phayao(make_user, national_manager):  # noqa: ANN001
    """The demo's people and shops, then the markets demo (a ตลาดต้องชม with a month of turnover, the
    Red Cross fair with buyers and meetings), as in test_demo."""
    organiser = make_user(demo.OFFICER, "DISTRICT_OFFICER", "5601")
    buyer = make_user(demo.BUYER, "BUYER")
    vendor = make_user(demo.SHOP_OFFICER, "ORG_OFFICER")
    groups = []
    for n in range(3):
        org = factories.organisation(
            by=national_manager, area_code="560101", name_th=f"วิสาหกิจชุมชนทอผ้าบ้านต๋อม {n + 1}"
        )
        organisation_officer_assign(user=vendor, organisation=org, by=national_manager)
        shop = shops.shop(by=vendor, organisation=org)
        product = shops.product(by=vendor, shop=shop, stock=500)
        commerce.location_add(shop=shop, by=vendor, name="บูธงานกาชาดพะเยา", kind=Location.Kind.BOOTH)
        stall = commerce.location_add(
            shop=shop, by=vendor, name="แผงตลาดต้องชมกว๊านพะเยา", kind=Location.Kind.BOOTH
        )
        for v in product.variants.all():
            commerce.stock_receive(
                variant=v, location=stall, quantity=500, reason="ไปตลาด", by=vendor, at=shops.AT
            )
        groups.append(org)
    factories.village()
    factories.organisation(by=national_manager, area_code="56010101")
    demo.seed(rng=random.Random(1), today=timezone.localdate(), stdout=io.StringIO())
    return organiser, vendor, buyer, groups


def test_a_fair_from_planning_to_turnover_and_matching_on_a_phone(open_as, phayao):  # noqa: ANN001
    organiser, vendor, buyer, groups = phayao
    today = timezone.localdate()
    staff = open_as(organiser)

    # The list of markets and events, and the demo market's page, turnover and the fair's meetings.
    staff.goto(f"{BASE}/markets/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("ตลาดและงานแสดงสินค้า")
    expect(staff.locator("main")).to_contain_text(demo.MARKET)
    fits(staff, "01-event-list")
    market = Event.objects.get(name=demo.MARKET)
    staff.goto(f"{BASE}/markets/events/{market.pk}/")
    expect(staff.locator("main table tbody tr")).to_have_count(market.booths.count())
    fits(staff, "02-market")
    staff.goto(f"{BASE}/markets/events/{market.pk}/turnover/")
    expect(staff.get_by_role("heading", level=1)).to_contain_text(demo.MARKET)
    fits(staff, "03-market-turnover")
    staff.goto(f"{BASE}/markets/events/{market.pk}/turnover/import/")
    fits(staff, "04-turnover-import")
    fair = Event.objects.get(name=demo.FAIR)
    staff.goto(f"{BASE}/markets/events/{fair.pk}/meetings/")
    expect(staff.locator("main")).to_contain_text("โรงแรมกว๊านพะเยา")
    fits(staff, "05-fair-meetings")

    # The organiser plans a three-day fair that began yesterday.
    staff.goto(f"{BASE}/markets/")
    staff.locator("main").get_by_role("button", name="งานใหม่").click()
    staff.locator("input[name=name]").fill("งานของดีอำเภอเมืองพะเยา")
    staff.locator("input[name=fiscal_year]").fill("2570")
    staff.locator("input[name=place]").fill("ลานหน้าที่ว่าการอำเภอเมืองพะเยา")
    staff.locator("input[name=area_code]").fill("560101")
    staff.locator("input[name=start_date]").fill(_be(today - dt.timedelta(days=1)))
    staff.locator("input[name=end_date]").fill(_be(today + dt.timedelta(days=1)))
    fits(staff, "06-event-form")
    staff.locator("main").get_by_role("button", name="บันทึกงาน").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("งานของดีอำเภอเมืองพะเยา")
    event = Event.objects.get(name="งานของดีอำเภอเมืองพะเยา")

    # A booth for the weavers' group, its fee owed.
    staff.locator("summary").filter(has_text="จัดบูธให้ผู้ขาย").click()
    staff.locator("input[name=label]").fill("B7")
    staff.locator("input[name=vendor]").fill(str(groups[0].pk))
    staff.locator("select[name=category]").select_option("TEXTILE")
    staff.locator("input[name=fee]").fill("300")
    fits(staff, "07-event-booth-form")
    staff.locator("main").get_by_role("button", name="จัดบูธ", exact=True).click()
    row = staff.locator("main table tbody tr").filter(has_text="B7")
    expect(row).to_contain_text(groups[0].name_th)
    expect(row).to_contain_text("300.00")
    fits(staff, "08-event-with-booth")
    booth = Booth.objects.get(event=event, label="B7")

    # The group's officer types today's sales from their own phone; the fair's turnover shows it.
    seller = open_as(vendor)
    seller.goto(f"{BASE}/markets/")
    expect(seller.locator("main")).to_contain_text("งานของดีอำเภอเมืองพะเยา")
    fits(seller, "09-vendor-list")
    seller.goto(f"{BASE}/markets/events/{event.pk}/turnover/")
    seller.locator("summary").filter(has_text="บันทึกยอดขายของวัน").click()
    seller.locator("select[name=booth]").select_option(str(booth.pk))
    expect(seller.locator("input[name=date]")).to_have_value(_be(today))
    seller.locator("input[name=amount]").fill("4,250.50")
    fits(seller, "10-vendor-types")
    seller.locator("main").get_by_role("button", name="บันทึกยอดขาย").click()
    expect(seller.locator(".stat-grid")).to_contain_text("4,250.50")
    fits(seller, "11-vendor-turnover")
    assert Turnover.objects.get(booth=booth, date=today).typed_by == vendor
    staff.goto(f"{BASE}/markets/events/{event.pk}/turnover/")
    expect(staff.locator(".stat-grid")).to_contain_text("4,250.50")
    expect(staff.locator("main table").filter(has_text="B7").first).to_contain_text("4,250.50")
    staff.locator("summary").filter(has_text="ยอดขายที่บันทึกเอง").click()
    typed = staff.locator("details[open] table tbody tr").filter(has_text="B7")
    expect(typed).to_contain_text("4,250.50")
    expect(typed).to_contain_text(vendor.get_full_name() or vendor.username)
    fits(staff, "12-event-turnover")

    # A buyer registers what it buys, and sees producers' public profiles.
    shopper = open_as(buyer)
    shopper.goto(f"{BASE}/markets/matching/")
    fits(shopper, "13-matching")
    shopper.locator("summary").filter(has_text="ลงทะเบียนผู้ซื้อ").click()
    shopper.locator("input[name=name]").fill("ร้านอาหารริมกว๊าน จำกัด")
    shopper.locator("select[name=kind]").select_option("COMPANY")
    shopper.locator("input[name=categories][value=TEXTILE]").check()
    shopper.locator("input[name=categories][value=FOOD]").check()
    fits(shopper, "14-buyer-form")
    shopper.locator("main").get_by_role("button", name="ลงทะเบียน", exact=True).click()
    expect(shopper.locator("main table").last).to_contain_text("ร้านอาหารริมกว๊าน จำกัด")
    new_buyer = Buyer.objects.get(name="ร้านอาหารริมกว๊าน จำกัด")
    assert new_buyer.user == buyer
    shopper.goto(f"{BASE}/markets/producers/")
    expect(shopper.locator(".markets-profile").first).to_be_visible()
    fits(shopper, "15-producers")

    # The organiser schedules the buyer with the weavers at 10:30 today, then records the deal.
    staff.goto(f"{BASE}/markets/events/{event.pk}/meetings/")
    staff.locator("summary").filter(has_text="นัดหมายจับคู่ธุรกิจ").click()
    staff.locator("select[name=buyer]").select_option(str(new_buyer.pk))
    staff.locator("select[name=booth]").select_option(str(booth.pk))
    staff.locator("input[name=date]").fill(_be(today))
    staff.locator("input[name=time]").fill("10:30")
    fits(staff, "16-meeting-form")
    staff.locator("main form").get_by_role("button").click()
    row = staff.locator("main table tbody tr").filter(has_text="ร้านอาหารริมกว๊าน จำกัด")
    expect(row).to_contain_text("10:30")
    fits(staff, "17-meetings")
    row.get_by_role("link", name="บันทึกผลการนัดหมาย").click()
    staff.locator("select[name=status]").select_option("HELD")
    staff.locator("input[name=deal]").fill("18,000")
    staff.locator("input[name=follow_up]").fill("ส่งตัวอย่างผ้าทอ 5 ผืน")
    fits(staff, "18-outcome-form")
    staff.locator("main").get_by_role("button", name="บันทึกผล").click()
    row = staff.locator("main table tbody tr").filter(has_text="ร้านอาหารริมกว๊าน จำกัด")
    expect(row).to_contain_text("18,000.00")
    expect(staff.locator(".stat-grid")).to_contain_text("18,000.00")
    fits(staff, "19-meetings-outcome")
    meeting = Meeting.objects.get(buyer=new_buyer)
    assert (meeting.status, meeting.deal_satang, meeting.booth) == ("HELD", 1_800_000, booth)

    # The buyer sees its meeting and the deal in the matching page.
    shopper.goto(f"{BASE}/markets/matching/")
    expect(shopper.locator("main table").first).to_contain_text("งานของดีอำเภอเมืองพะเยา")
    fits(shopper, "20-buyer-matching")
