"""A volunteer records a visit with no network on a 360 px phone; it reaches the server once when
the network is back. The service worker needs a secure origin: a live server on localhost."""

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from thanrak.services import actions
from thanrak.services.models import Visit
from thanrak.services.tests.conftest import TODAY

pytestmark = pytest.mark.e2e


def until(page, js: str, tries: int = 100) -> bool:
    """Poll a condition in the page (page.evaluate is not subject to the page's CSP); the page may
    reload itself meanwhile (after a sync), which ends an evaluation: poll again."""
    for _ in range(tries):
        try:
            if page.evaluate(js):
                return True
        except PlaywrightError:
            pass
        page.wait_for_timeout(200)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_visit_recorded_offline_syncs_once_when_the_network_returns(
    live_server,
    page,
    world,
    district_officer,  # noqa: F811
):
    actions.caseload_assign(
        run=world["run"],
        helper=world["helper"],
        household_ids=[world["poor"].pk],
        by=district_officer,
        on=TODAY,
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", world["user"].username)
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.goto(live_server.url + reverse("services:caseload-list"))
    assert until(page, "() => navigator.serviceWorker.controller !== null")
    # The list kept every household's page on the phone.
    assert until(page, "() => document.documentElement.dataset.offlineReady === 'true'")
    page.click("a[data-offline]")
    page.wait_for_selector("form[data-visit-form]")

    page.context.set_offline(True)
    page.reload()  # from the copy kept on the phone
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.fill("input[name=on]", TODAY.strftime("%d/%m/") + str(TODAY.year + 543))
    page.fill("input[name=what]", "แนะนำการออม")
    page.fill("input[name=next_step]", "เปิดบัญชีออมทรัพย์")
    page.click("form[data-visit-form] button[type=submit]")
    assert until(page, "() => document.getElementById('visit-queue').textContent.startsWith('1')")
    assert not Visit.objects.exists()

    # The network returns, but the server's first reply is lost: the phone keeps the visit and sends it again.
    lost = []

    def lose_first_reply(route, request):  # noqa: ANN001, ANN202
        if lost:
            return route.fallback()
        lost.append(route.fetch().status)  # the server records the visit; its reply never arrives
        return route.abort("connectionreset")

    page.route(live_server.url + reverse("api:services_visits_sync"), lose_first_reply)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    shown = until(
        page, "() => document.querySelector('main ol').textContent.includes('แนะนำการออม')", tries=250
    )
    assert shown, (lost, Visit.objects.count(), page.evaluate("() => JSON.stringify(localStorage)"), page.url)
    assert lost == [200]
    (visit,) = Visit.objects.all()
    assert (visit.what, visit.next_step, visit.on) == ("แนะนำการออม", "เปิดบัญชีออมทรัพย์", TODAY)
