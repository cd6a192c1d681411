"""A trainer checks participants in at a venue with no network; the check-ins reach the server once.

The first journey runs in-process (thanrak.core.testing.browser) and loses a reply on the way; the
second needs the service worker, which only a secure origin has, so it runs against a live server
on localhost; the third points Chromium's fake camera at a participant's QR code (Debian's Chromium
has no BarcodeDetector: the vendored jsQR reads it)."""

import io

import pytest
import segno
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, PHONE, InProcess, overflow, serve
from thanrak.learning import actions
from thanrak.learning.models import Attendance, Method
from thanrak.learning.tokens import checkin_token

pytestmark = pytest.mark.e2e


def until(page, js: str, tries: int = 75) -> bool:  # noqa: ANN001
    """Poll a condition in the page (page.evaluate is not subject to the page's CSP)."""
    for _ in range(tries):
        if page.evaluate(js):
            return True
        page.wait_for_timeout(200)
    return False


def _enrolled(district_officer, batch, people) -> list:  # noqa: ANN001
    batch.capacity = len(people)
    batch.save(update_fields=["capacity"])
    return [actions.enrol(by=district_officer, batch=batch, person=p) for p in people]


def _check_in(page, token: str) -> None:  # noqa: ANN001
    page.get_by_label("รหัสเช็คอิน (สแกนหรือพิมพ์)").fill(token)
    page.get_by_role("button", name="เช็คอิน", exact=True).click()


@pytest.mark.django_db
def test_scans_made_offline_are_kept_on_the_phone_and_counted_once_though_a_reply_is_lost(
    open_as, district_officer, batch, sessions, people
):  # noqa: ANN001
    """Two participants scanned with no network wait on the phone; the network returns, the server
    records them but its reply is lost; sent again, each is still counted once."""
    first, second, *_ = _enrolled(district_officer, batch, people)
    session = sessions[0]
    client = Client(headers={"Accept-Language": "th"})
    page = open_as(district_officer, client=client)
    server = InProcess(client)
    sent = []  # the tokens of each sync request that reached the server
    offline = lose_next_reply = False

    def sync(route, request):  # noqa: ANN001, ANN202
        # Chromium's offline mode does not stop requests that Playwright answers: drop them here.
        nonlocal lose_next_reply
        if offline:
            return route.abort("internetdisconnected")
        sent.append(sorted(scan["token"] for scan in request.post_data_json["scans"]))
        if not lose_next_reply:
            return route.fallback()
        lose_next_reply = False  # the server records the scans; its answer never reaches the phone
        assert server.respond(request).status_code == 200
        return route.abort("connectionreset")

    page.route(f"{BASE}/api/v1/learning/sessions/*/checkins", sync)
    page.goto(f"{BASE}/learning/sessions/{session.pk}/")
    assert overflow(page) <= 0

    offline = True
    page.context.set_offline(True)
    _check_in(page, checkin_token(first.pk))
    _check_in(page, checkin_token(second.pk))
    _check_in(page, checkin_token(first.pk))  # the same card shown twice
    expect(page.locator("#learning-message")).to_contain_text("สแกนแล้วในโทรศัพท์เครื่องนี้")
    expect(page.locator("#learning-queue")).to_have_text("2 รอส่งเข้าระบบ")
    expect(page.locator("#learning-net")).to_contain_text("ออฟไลน์")
    row = page.locator(f"[data-enrolment='{first.pk}']")
    expect(row).to_contain_text("รอส่งเข้าระบบ")
    assert not Attendance.objects.exists()

    page.reload()  # the phone's queue outlives the page
    expect(page.locator("#learning-queue")).to_have_text("2 รอส่งเข้าระบบ")

    offline, lose_next_reply = False, True
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#learning-queue")).to_have_text("0 รอส่งเข้าระบบ", timeout=15_000)
    expect(page.locator("#learning-message")).to_contain_text("เช็คอินไปก่อนแล้ว 2")
    assert len(sent) == 2 and sent[0] == sent[1], "the kept scans were not sent again after the lost reply"
    marks = Attendance.objects.filter(session=session)
    assert sorted(marks.values_list("enrolment_id", flat=True)) == sorted([first.pk, second.pk])
    assert set(marks.values_list("method", flat=True)) == {Method.QR}


@pytest.mark.django_db
def test_the_list_saved_offline_reaches_the_server_when_the_network_returns(
    open_as, district_officer, batch, sessions, people
):  # noqa: ANN001
    first, second, *_ = _enrolled(district_officer, batch, people)
    session = sessions[0]
    page = open_as(district_officer)
    offline = True

    def put(route, request):  # noqa: ANN001, ANN202
        return route.abort("internetdisconnected") if offline else route.fallback()

    page.route(f"{BASE}/api/v1/learning/sessions/*/attendance", put)
    page.goto(f"{BASE}/learning/sessions/{session.pk}/")
    page.context.set_offline(True)
    page.locator(f"[data-enrolment='{first.pk}']").get_by_label("มาสาย").check()
    page.get_by_role("button", name="บันทึกการเช็คชื่อ").click()
    expect(page.locator("#learning-message")).to_contain_text("เก็บรายชื่อไว้ในโทรศัพท์เครื่องนี้แล้ว")
    expect(page.locator("#learning-queue")).to_have_text("1 รอส่งเข้าระบบ")
    assert not Attendance.objects.exists()

    offline = False
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#learning-message")).to_contain_text("บันทึกรายชื่อแล้ว", timeout=15_000)
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "mark"))
    assert marks[first.pk] == "LATE" and marks[second.pk] == "ABSENT"


@pytest.mark.django_db(transaction=True)  # a service worker needs a secure origin: a live server on localhost
def test_the_attendance_page_reloads_at_a_venue_without_network_and_syncs_once(
    live_server, browser, district_officer, batch, sessions, people
):  # noqa: ANN001
    first, *_ = _enrolled(district_officer, batch, people)
    session = sessions[0]
    context = browser.new_context(viewport=PHONE, locale="th-TH")
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", district_officer.username)
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/learning/sessions/{session.pk}/")
    assert until(page, "() => navigator.serviceWorker.controller !== null")
    assert until(page, "() => document.documentElement.dataset.offlineReady === 'true'")

    context.set_offline(True)
    page.reload()  # from the phone's copy
    expect(page.get_by_role("heading", level=1)).to_contain_text("การเข้าอบรม")
    assert overflow(page) <= 0
    _check_in(page, checkin_token(first.pk))
    expect(page.locator("#learning-queue")).to_have_text("1 รอส่งเข้าระบบ")
    assert not Attendance.objects.exists()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#learning-queue")).to_have_text("0 รอส่งเข้าระบบ", timeout=15_000)
    assert Attendance.objects.get(session=session).enrolment_id == first.pk
    context.close()


def _camera_file(path, text: str) -> None:  # noqa: ANN001
    """A Y4M video of a QR code on white, as Chromium's fake camera reads it."""
    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=8, border=4)
    qr = Image.open(png).convert("L")
    frame = Image.new("L", (640, 480), 255)
    frame.paste(qr, ((640 - qr.width) // 2, (480 - qr.height) // 2))
    y = frame.tobytes()
    chroma = bytes([128]) * (320 * 240)
    with open(path, "wb") as fh:
        fh.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(2):
            fh.write(b"FRAME\n" + y + chroma + chroma)


@pytest.mark.django_db
def test_the_phones_camera_reads_a_participants_qr_without_barcode_detector(
    browser_type, browser_type_launch_args, tmp_path, district_officer, batch, sessions, people
):  # noqa: ANN001
    first, *_ = _enrolled(district_officer, batch, people)
    video = tmp_path / "qr.y4m"
    _camera_file(video, checkin_token(first.pk))
    args = [
        *browser_type_launch_args["args"],
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
        f"--unsafely-treat-insecure-origin-as-secure={BASE}",
    ]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        context = browser.new_context(viewport=PHONE, locale="th-TH", service_workers="block")
        client = Client(headers={"Accept-Language": "th"})
        client.force_login(district_officer)
        serve(context, client)
        page = context.new_page()
        page.goto(f"{BASE}/learning/sessions/{sessions[0].pk}/")
        assert page.evaluate("'BarcodeDetector' in window") is False
        page.get_by_role("button", name="สแกนด้วยกล้อง").click()
        expect(page.locator("#learning-message")).to_contain_text("เช็คอินแล้ว 1", timeout=15_000)
        assert Attendance.objects.get(session=sessions[0]).enrolment_id == first.pk
        page.get_by_role("button", name="ปิดกล้อง").click()
        expect(page.locator("#learning-scanner")).to_be_hidden()
    finally:
        browser.close()
