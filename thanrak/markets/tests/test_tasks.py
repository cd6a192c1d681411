"""The nightly roll-up runs by itself: queued once, it rolls up the past week and queues itself for
the next night in Bangkok."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from thanrak.markets import actions, tasks
from thanrak.markets.models import PosRollup, PosSales
from thanrak.markets.tests.conftest import pos_sell

pytestmark = pytest.mark.django_db

PATH = tasks.roll_up_nightly.module_path


def waiting() -> list:
    return list(DBTaskResult.objects.filter(task_path=PATH, status="READY").order_by("run_after"))


def test_the_next_night_is_half_past_one_in_bangkok():
    evening = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)  # 19:00 in Bangkok
    small_hours = dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)  # 00:00 on the 26th in Bangkok
    assert tasks.next_night(evening) == dt.datetime(2026, 11, 25, 18, 30, tzinfo=dt.UTC)
    assert tasks.next_night(small_hours) == dt.datetime(2026, 11, 25, 18, 30, tzinfo=dt.UTC)


def test_opening_a_turnover_page_queues_the_roll_up_once(client, district_officer, fair):
    cache.delete("markets:nightly-roll-up-checked")
    client.force_login(district_officer)
    for _ in range(3):
        assert client.get(reverse("markets:turnover", args=[fair.pk])).status_code == 200
    assert len(waiting()) == 1
    cache.delete("markets:nightly-roll-up-checked")
    client.get(reverse("markets:turnover", args=[fair.pk]))
    assert len(waiting()) == 1, "a second run is queued while one waits"


def test_the_nightly_run_rolls_up_the_past_week_and_queues_the_next_night(
    district_officer, org_officer, enterprise, booth_location, product
):
    today = timezone.localdate()
    event = actions.event_create(
        by=district_officer,
        kind="FAIR",
        name="งานของดีเมืองพะเยา",
        fiscal_year=2570,
        place="ลานหน้าอำเภอ",
        area_code="560101",
        start_date=today - dt.timedelta(days=3),
        end_date=today + dt.timedelta(days=1),
    )
    booth = actions.booth_assign(
        by=district_officer,
        event=event,
        vendor=enterprise,
        label="A1",
        category="FOOD",
        fee_satang=0,
        pos_location=booth_location,
    )
    sold_on = today - dt.timedelta(days=2)
    sold_at = dt.datetime.combine(sold_on, dt.time(11), tzinfo=timezone.get_default_timezone())
    pos_sell(
        org_officer, booth_location, product.variants.first(), at=sold_at, quantity=2, key="nightly-sale-1"
    )

    before = timezone.now()
    result = tasks.roll_up_nightly.call()

    assert result["events"] == 1
    assert PosSales.objects.get(booth=booth, date=sold_on).amount_satang == 50000
    assert PosRollup.objects.filter(event=event, date=sold_on).exists()
    [next_run] = waiting()
    assert next_run.run_after == tasks.next_night(before)
    assert timezone.localtime(next_run.run_after).time() == dt.time(1, 30)
    out = io.StringIO()
    call_command("markets_roll_up", "--schedule", stdout=out)
    assert "already" in out.getvalue() and len(waiting()) == 1
