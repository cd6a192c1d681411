"""Browser journey: a district types its month and submits it; the province approves it."""

import pytest

from thanrak.monitoring.models import Unit, Value, ValueStatus
from thanrak.monitoring.tests import factories

PASSWORD = "pw-for-tests-123"


def login(page, live_server, username: str) -> None:  # noqa: ANN001
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/home/**")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_district_enters_and_submits_and_the_province_approves(
    page, live_server, national_manager, district_officer, provincial_officer
):
    ind = factories.indicator(by=national_manager, unit=Unit.HOUSEHOLDS, name_th="ครัวเรือนที่ได้รับการส่งเสริมอาชีพ")
    page.set_viewport_size({"width": 360, "height": 780})

    login(page, live_server, "mueang_phayao")
    page.goto(f"{live_server.url}/monitoring/entry/?indicator={ind.pk}&period=2569-01&area=5601")
    page.fill("input[name=value-560101]", "๑๒")
    page.fill("input[name=value-560102]", "1,000")
    page.click("button[name=save]")
    page.wait_for_url("**/monitoring/entry/**")
    page.goto(f"{live_server.url}/monitoring/workflow/?area=5601&fy=2569")
    page.click("form[action$='/workflow/submit/'] button")
    page.wait_for_load_state()

    page.context.clear_cookies()
    login(page, live_server, "phayao_province")
    page.goto(f"{live_server.url}/monitoring/workflow/?area=56&fy=2569")
    page.click("form[action$='/workflow/approve/'] button")
    page.wait_for_load_state()

    assert dict(Value.objects.values_list("area_code", "value")) == {"560101": 12, "560102": 1000}
    assert set(Value.objects.values_list("status", flat=True)) == {ValueStatus.APPROVED}
    page.goto(f"{live_server.url}/monitoring/?area=56&fy=2569")
    assert "1,012" in page.content()
