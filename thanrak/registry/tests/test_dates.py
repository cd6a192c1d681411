"""Registry dates: membership and birth cannot lie in the future, judged by the day in Bangkok."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from thanrak.registry.models import Membership

pytestmark = pytest.mark.django_db
BANGKOK = dt.timezone(dt.timedelta(hours=7))
NIGHT = dt.datetime(2026, 12, 8, 0, 30, tzinfo=BANGKOK).astimezone(dt.UTC)  # still 7 Dec in UTC


def _add(client, enterprise, person, start: str):  # noqa: ANN001, ANN202
    with mock.patch("django.utils.timezone.now", return_value=NIGHT):
        return client.post(
            reverse("registry:membership-add", args=[enterprise.pk]),
            {"person": person.pk, "role": "MEMBER", "start_date": start},
            follow=True,
        )


class TestAddingAMember:
    def test_accepts_a_member_joining_today_at_half_past_midnight(
        self, client, district_officer, enterprise, phayao_household
    ):
        person = phayao_household.members.get(relation="HEAD").person
        client.force_login(district_officer)

        _add(client, enterprise, person, "08/12/2569")

        assert Membership.objects.get(person=person, organisation=enterprise).start_date == dt.date(
            2026, 12, 8
        )

    def test_refuses_a_member_joining_tomorrow_in_thai(
        self, client, district_officer, enterprise, phayao_household
    ):
        person = phayao_household.members.get(relation="HEAD").person
        client.force_login(district_officer)

        page = _add(client, enterprise, person, "9 ธ.ค. 2569")

        assert "วันที่ต้องไม่เลยวันนี้ (8 ธ.ค. 2569)" in page.text
        assert not Membership.objects.filter(person=person, organisation=enterprise).exists()
