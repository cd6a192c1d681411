"""Community assets on a 360 px phone: a district officer registers a forest and taps its boundary
on the map; a boundary walked with the phone's GPS; a member books a shared machine, which the
enterprise lends out and takes back with the hours used.

The first and third journeys run in-process (thanrak.core.testing.browser); the GPS one needs a
secure origin for the phone's position, so it runs against a live server on localhost."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from thanrak.assets.models import Booking, CommunityForest
from thanrak.assets.shapes import area_from_square_metres
from thanrak.assets.tests import factories as f
from thanrak.assets.tests import shapefiles as files
from thanrak.core.testing.browser import BASE, PHONE, overflow

pytestmark = pytest.mark.e2e

# The maps' Leaflet instances, kept for the test when Leaflet is loaded: the test finds where on
# the screen a place is, as the officer does by looking at the map.
KEEP_MAPS = """
Object.defineProperty(window, "L", {
  configurable: true,
  get() { return undefined; },
  set(leaflet) {
    const make = leaflet.map;
    window.assetsMaps = [];
    leaflet.map = function (...args) {
      const m = make.apply(this, args);
      window.assetsMaps.push(m);
      return m;
    };
    Object.defineProperty(window, "L", { value: leaflet, writable: true, configurable: true });
  },
});
"""


TAPS = '[data-assets-draw] path[stroke="#3388ff"]'  # a dot where the officer tapped
BOUNDARY_LINK = "วาด เดินเก็บ หรืออัปโหลดขอบเขต"


def narrow(page) -> None:  # noqa: ANN001
    """Nothing on the page is wider than the phone (once it has loaded, its styles applied)."""
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, page.url
    assert overflow(page) == 0, page.url


def until(page, js: str, tries: int = 75) -> bool:  # noqa: ANN001
    """Poll a condition in the page (page.evaluate is not subject to the page's CSP)."""
    for _ in range(tries):
        if page.evaluate(js):
            return True
        page.wait_for_timeout(200)
    return False


def tap_at(page, lat: float, lon: float) -> None:  # noqa: ANN001
    """Tap the drawing map where (lat, lon) is shown."""
    box = page.locator("[data-assets-draw]").bounding_box()
    x, y = page.evaluate(
        "([lat, lon]) => Object.values(window.assetsMaps[0].latLngToContainerPoint([lat, lon]))", [lat, lon]
    )
    assert 0 < x < box["width"] and 0 < y < box["height"], (x, y, box)
    page.mouse.click(box["x"] + x, box["y"] + y)


def thai_day(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_an_officer_registers_a_forest_and_taps_its_boundary_on_the_map(open_as, district_officer):
    page = open_as(district_officer)
    page.add_init_script(KEEP_MAPS)
    page.goto(f"{BASE}{reverse('assets:forest-list')}")
    narrow(page)
    page.locator("main").get_by_role("button", name="ลงทะเบียนป่าชุมชน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ลงทะเบียนป่าชุมชน")
    narrow(page)
    page.fill("input[name=name]", "ป่าชุมชนบ้านแม่ต๋ำ")
    page.fill("input[name=area_code]", "560101")
    page.select_option("select[name=legal_status]", "APPROVED")
    page.fill("input[name=approved_on]", "01/03/2567")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ป่าชุมชนบ้านแม่ต๋ำ")
    narrow(page)
    forest = CommunityForest.objects.get()

    page.locator("main").get_by_role("button", name=BOUNDARY_LINK).click()
    narrow(page)
    # The district's outline is drawn for bearings; the officer zooms in on the village.
    assert until(page, "() => document.querySelectorAll('[data-assets-draw] path').length > 0")
    # The zoom buttons are Leaflet's 30 px squares, not stretched by the site's button style.
    zoom_in = page.get_by_role("button", name="ขยายแผนที่").bounding_box()
    assert (round(zoom_in["width"]), round(zoom_in["height"])) == (30, 30)
    lat, lon = files.PHAYAO_LAT, files.PHAYAO_LON
    page.evaluate(
        "([lat, lon]) => window.assetsMaps[0].setView([lat, lon], 16, { animate: false })", [lat, lon]
    )
    d = 0.0015  # about 160 m
    corners = [(lat, lon), (lat, lon + d), (lat + d, lon + d), (lat + d, lon)]

    # Drawn as a bow tie (the corners out of order): refused with the Thai message on the form.
    for c in (corners[0], corners[2], corners[1], corners[3]):
        tap_at(page, *c)
    expect(page.locator(TAPS)).to_have_count(4)
    page.get_by_role("button", name="บันทึกขอบเขต").click()
    # The message is under the map, and the drawing is still there to be mended.
    drawing = page.get_by_role("group", name="วาดบนแผนที่")
    expect(drawing.get_by_role("alert")).to_have_text("เส้นขอบเขตตัดกันเอง: เดินหรือวาดจุดตามลำดับรอบขอบเขต")
    expect(page.locator(TAPS)).to_have_count(4)
    narrow(page)
    forest.refresh_from_db()
    assert forest.boundary is None

    # Drawn again around the edge, after clearing the taps: saved and measured.
    page.get_by_role("button", name="ล้าง", exact=True).click()
    expect(page.locator(TAPS)).to_have_count(0)
    page.evaluate(
        "([lat, lon]) => window.assetsMaps[0].setView([lat, lon], 16, { animate: false })", [lat, lon]
    )
    for c in corners:
        tap_at(page, *c)
    page.get_by_role("button", name="บันทึกขอบเขต").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ป่าชุมชนบ้านแม่ต๋ำ")
    narrow(page)
    forest.refresh_from_db()
    # 0.0015° × 0.0015° at 19° N: about 166 m × 158 m.
    assert forest.area_m2 == pytest.approx(26_000, rel=0.05)
    area = str(area_from_square_metres(forest.area_m2))
    assert re.fullmatch(r"\d+-[0-3]-\d+(\.\d+)?", area)
    expect(page.locator("main")).to_contain_text(f"{area} ไร่-งาน-ตารางวา")


@pytest.mark.django_db(transaction=True)
def test_a_boundary_walked_with_the_phone_gps(live_server, browser, district_officer):
    forest = f.forest(by=district_officer, name="ป่าชุมชนบ้านร่องไฮ")
    corners = list(files.square(metres_x=60, metres_y=121).exterior.coords)[:-1]  # 7,260 m²
    context = browser.new_context(viewport=PHONE, locale="th-TH", service_workers="block")
    context.grant_permissions(["geolocation"], origin=live_server.url)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("accounts:login"))
        page.fill("input[name=username]", district_officer.username)
        page.fill("input[name=password]", "pw-for-tests-123")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        page.goto(live_server.url + reverse("assets:forest-boundary", args=[forest.pk]))
        narrow(page)
        points = page.locator("textarea[name=points]")
        walked = [f"{lat:.6f}, {lon:.6f}" for lon, lat in corners]
        for n, (lon, lat) in enumerate(corners, start=1):
            context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 5})
            page.get_by_role("button", name="เพิ่มตำแหน่งของฉัน").click()
            expect(points).to_have_value("\n".join(walked[:n]))  # each corner listed as it is walked
        narrow(page)
        page.get_by_role("button", name="บันทึกขอบเขต").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("ป่าชุมชนบ้านร่องไฮ")
        narrow(page)
        forest.refresh_from_db()
        assert forest.area_m2 == pytest.approx(7260, abs=30)
        # The shape is on the forest's map and its area in rai-ngan-wah beside it.
        assert until(
            page, "() => document.querySelectorAll('[data-assets-map] path.leaflet-interactive').length === 1"
        )
        expect(page.locator("main")).to_contain_text(
            f"{area_from_square_metres(forest.area_m2)} ไร่-งาน-ตารางวา"
        )
        expect(page.locator("main")).to_contain_text("4.5")
    finally:
        context.close()


def test_a_member_books_a_machine_and_the_enterprise_lends_it_and_takes_it_back(
    open_as, member, org_officer, enterprise
):
    tractor = f.equipment(organisation=enterprise, by=org_officer, fee_satang=35_000)  # 350 baht an hour
    f.join(member.person, enterprise)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    detail = f"{BASE}{reverse('assets:equipment-detail', args=[tractor.pk])}"

    phone = open_as(member)
    phone.goto(f"{BASE}{reverse('assets:equipment-list')}")
    narrow(phone)
    phone.locator("main").get_by_role("link", name="รถไถเดินตาม").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("รถไถเดินตาม")
    narrow(phone)
    expect(phone.locator("main")).to_contain_text("350.00")

    def book(start: str, end: str) -> None:
        phone.fill("input[name=day]", thai_day(tomorrow))
        phone.fill("input[name=start]", start)
        phone.fill("input[name=end]", end)
        phone.get_by_role("button", name="จองช่วงเวลานี้").click()

    book("08:00", "12:00")
    expect(phone.locator("main table")).to_contain_text(member.person.full_name)
    narrow(phone)
    assert Booking.objects.count() == 1

    book("10:00", "14:00")  # overlaps the first
    expect(phone.locator("main")).to_contain_text("ถูกจองแล้วตั้งแต่")
    narrow(phone)
    assert Booking.objects.count() == 1

    # The enterprise's officer lends the machine out, then takes it back after 3.5 hours' work.
    office = open_as(org_officer)
    office.goto(detail)
    narrow(office)
    office.locator("main").get_by_role("link", name="รับเครื่องออก").click()
    narrow(office)
    office.locator("main form button[type=submit]").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("รถไถเดินตาม")
    office.locator("main").get_by_role("link", name="รับเครื่องคืน").click()
    narrow(office)
    office.fill("input[name=hours]", "3.5")
    office.locator("main form button[type=submit]").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("รถไถเดินตาม")
    narrow(office)
    expect(office.locator("main table")).to_contain_text("1,225.00")  # 3.5 hours × 350 baht

    phone.goto(detail)
    expect(phone.locator("main table")).to_contain_text("1,225.00")
    narrow(phone)
