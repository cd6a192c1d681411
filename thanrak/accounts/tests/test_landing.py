"""The site's address takes each person to where their work starts."""

import pytest
from django.urls import reverse

from thanrak.commerce.tests import factories as commerce_factories

pytestmark = pytest.mark.django_db


def landing_of(client, user=None) -> str:  # noqa: ANN001
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302
    return response["Location"]


def test_an_officer_lands_on_their_dashboard_not_in_the_shop(client, district_officer):
    assert landing_of(client, district_officer) == reverse("monitoring:dashboard")


def test_an_auditor_lands_on_the_dashboard(client, auditor):
    assert landing_of(client, auditor) == reverse("monitoring:dashboard")


def test_a_volunteer_lands_on_the_survey_rounds(client, volunteer):
    assert landing_of(client, volunteer) == reverse("survey:round-list")


def test_a_groups_officer_lands_on_their_shop(client, org_officer, enterprise):
    shop = commerce_factories.shop(by=org_officer, organisation=enterprise)
    assert landing_of(client, org_officer) == reverse("commerce:shop-detail", args=[shop.pk])


def test_a_buyer_lands_in_the_shop(client, buyer):
    assert landing_of(client, buyer) == reverse("commerce:storefront")


def test_someone_not_logged_in_is_asked_to_log_in_and_may_go_to_the_shop(client):
    assert landing_of(client) == reverse("accounts:login")

    page = client.get(reverse("accounts:login"), headers={"Accept-Language": "th"}).content.decode()

    assert f'href="{reverse("commerce:storefront")}"' in page and "ไม่ต้องเข้าสู่ระบบ" in page
