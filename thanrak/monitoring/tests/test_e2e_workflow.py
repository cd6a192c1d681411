"""A district types its month on a phone and submits it; the province approves it; the national
manager sees it on the dashboard and makes the Policy 7 report, in the page with Thai digits and
as a PDF (Chromium, requests answered in-process: thanrak.core.testing.browser)."""

import pytest
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, overflow
from thanrak.monitoring.models import Unit, Value, ValueStatus
from thanrak.monitoring.tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

NAME = "ครัวเรือนที่ได้รับการส่งเสริมอาชีพ"


def test_a_month_is_entered_submitted_approved_and_reported(
    open_as, national_manager, district_officer, provincial_officer
):  # noqa: ANN001
    indicator = factories.indicator(by=national_manager, unit=Unit.HOUSEHOLDS, name_th=NAME)

    # The district officer, on a phone, types January 2569 for two subdistricts (Thai digits too).
    district = open_as(district_officer)
    district.goto(f"{BASE}/monitoring/entry/")
    district.get_by_label("ตัวชี้วัด").select_option(label=str(indicator))
    district.get_by_label("ช่วงเวลา").fill("2569-01")
    district.get_by_label("รหัสพื้นที่").fill("5601")
    district.get_by_role("button", name="เปิด", exact=True).click()
    district.locator("input[name=value-560101]").fill("๑๒")
    district.locator("input[name=value-560102]").fill("1,000")
    assert overflow(district) <= 0
    district.get_by_role("button", name="บันทึกทั้งหมด").click()
    expect(district.locator(".messages")).to_contain_text("บันทึกแล้ว: ใหม่ 2")

    district.goto(f"{BASE}/monitoring/workflow/?area=5601&fy=2569")
    district.get_by_role("button", name="ส่งขออนุมัติ").click()
    expect(district.locator(".messages")).to_contain_text("จำนวน 2 รายการเพื่อขออนุมัติแล้ว")
    assert overflow(district) <= 0

    # The provincial officer approves the district's month.
    province = open_as(provincial_officer)
    province.goto(f"{BASE}/monitoring/workflow/?area=56&fy=2569")
    province.get_by_role("button", name="อนุมัติ", exact=True).click()
    expect(province.locator(".messages")).to_contain_text("อนุมัติข้อมูลงวด")
    assert overflow(province) <= 0
    assert dict(Value.objects.values_list("area_code", "value")) == {"560101": 12, "560102": 1000}
    assert set(Value.objects.values_list("status", flat=True)) == {ValueStatus.APPROVED}

    # The national manager, at a desk, sees it on the dashboard and makes the report.
    centre = open_as(national_manager, viewport={"width": 1280, "height": 900})
    centre.goto(f"{BASE}/monitoring/?area=56&fy=2569&approved=on")
    expect(centre.locator("table")).to_contain_text(NAME)
    expect(centre.locator("table")).to_contain_text("1,012")

    centre.goto(f"{BASE}/monitoring/report/?fy=2569&area=&digits=thai")
    report = centre.locator(".report-page")
    expect(report).to_contain_text("๒๕๖๙")
    expect(report).to_contain_text("๑,๐๑๒")
    with centre.expect_download() as download:
        centre.get_by_role("button", name="ดาวน์โหลด PDF").click()
    pdf = download.value
    assert pdf.suggested_filename == "policy7-report-2569.pdf"
    with open(pdf.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
