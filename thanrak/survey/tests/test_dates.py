"""Dates on the survey pages are typed and shown in the Buddhist era, and the help record starts filled."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from thanrak.registry.tests import factories as rf
from thanrak.survey.forms import RoundForm
from thanrak.survey.models import Assistance

pytestmark = pytest.mark.django_db
BANGKOK = dt.timezone(dt.timedelta(hours=7))
NIGHT = dt.datetime(2026, 12, 8, 0, 30, tzinfo=BANGKOK).astimezone(dt.UTC)


@pytest.fixture
def household(national_manager):
    return rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=2)


class TestTheHelpRecord:
    def test_comes_up_with_today_s_date_filled_in_the_buddhist_era(self, client, household, district_officer):
        client.force_login(district_officer)
        with mock.patch("django.utils.timezone.now", return_value=NIGHT):
            page = client.get(reverse("survey:target-detail", args=[household.pk]))

        box = re.search(r'<input[^>]*name="given_on"[^>]*>', page.text).group(0)
        assert 'value="08/12/2569"' in box and 'type="text"' in box
        assert 'type="date"' not in page.text

    def test_refuses_help_dated_tomorrow_in_thai(self, client, household, district_officer):
        client.force_login(district_officer)
        with mock.patch("django.utils.timezone.now", return_value=NIGHT):
            page = client.post(
                reverse("survey:target-detail", args=[household.pk]),
                {"kind": "TRAINING", "description": "อบรมบัญชีครัวเรือน", "given_on": "9/12/2569"},
            )

        assert "วันที่ต้องไม่เลยวันนี้ (8 ธ.ค. 2569)" in page.text
        assert not Assistance.objects.exists()

    def test_records_help_given_today_at_half_past_midnight(self, client, household, district_officer):
        client.force_login(district_officer)
        with mock.patch("django.utils.timezone.now", return_value=NIGHT):
            client.post(
                reverse("survey:target-detail", args=[household.pk]),
                {"kind": "TRAINING", "description": "อบรมบัญชีครัวเรือน", "given_on": "08/12/2569"},
            )

        assert Assistance.objects.get(household=household).given_on == dt.date(2026, 12, 8)


class TestOpeningARound:
    def test_reads_a_reference_date_typed_as_eight_digits_as_day_month_year(self):
        form = RoundForm({"reference_date": "30062565"})
        form.is_valid()

        assert "reference_date" not in form.errors
        assert form.cleaned_data["reference_date"] == dt.date(2022, 6, 30)

    def test_refuses_the_year_62565_in_thai(self):
        with translation.override("th"):
            form = RoundForm({"reference_date": "62565-03-01"})

            assert not form.is_valid()
            assert form.errors["reference_date"] == ["กรุณากรอกวันที่เป็น วัน/เดือน/ปี เช่น 17/05/2523"]
