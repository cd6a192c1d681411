"""The year-end page as the treasurer uses it: preview, then post; every refusal reaches them."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from thanrak.finance.models import YearEndRun

pytestmark = pytest.mark.django_db
D = dt.date


def key_in(page: str) -> str:
    match = re.search(r'name="idempotency_key" value="([^"]*)"', page)
    assert match, "the post form carries its key"
    return match.group(1)


class TestTheYearEndPage:
    def test_refusing_a_year_not_yet_over_tells_the_treasurer_why(self, client, funded, treasurer):
        client.force_login(treasurer)
        year_end = timezone.localdate().replace(month=12, day=31)

        page = client.post(
            reverse("finance:year-end", args=[funded.pk]),
            {"period_end": year_end.isoformat(), "idempotency_key": "k1"},
        ).text

        assert "ปิดบัญชีประจำปีได้หลังวันสุดท้ายของปีเท่านั้น" in page
        assert not YearEndRun.objects.exists()

    def test_previewing_a_year_not_yet_over_offers_no_post_button(self, client, funded, treasurer):
        client.force_login(treasurer)
        year_end = timezone.localdate().replace(month=12, day=31)

        page = client.get(reverse("finance:year-end", args=[funded.pk]), {"period_end": year_end}).text

        assert "ปิดบัญชีประจำปีได้หลังวันสุดท้ายของปีเท่านั้น" in page
        assert "idempotency_key" not in page

    def test_the_preview_gives_the_post_a_key_so_a_double_click_posts_once(self, client, funded, treasurer):
        client.force_login(treasurer)
        url = reverse("finance:year-end", args=[funded.pk])

        key = key_in(client.get(url, {"period_end": "2025-12-31"}).text)
        first = client.post(url, {"period_end": "2025-12-31", "idempotency_key": key})
        second = client.post(url, {"period_end": "2025-12-31", "idempotency_key": key})

        assert key
        assert first.status_code == second.status_code == 302
        assert YearEndRun.objects.filter(fund=funded).count() == 1
