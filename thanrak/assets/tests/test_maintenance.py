"""Maintenance of shared machinery: the schedule (hours or days of use, or a date), the history, due and
overdue on the item's page and the owner's list, and no booking over a time kept for maintenance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from thanrak.assets import actions, queries, rules
from thanrak.assets.errors import CannotBook
from thanrak.assets.models import Booking, MaintenanceRecord, MaintenanceSlot
from thanrak.assets.tests import factories as f
from thanrak.registry.tests import factories as registry

AT, H = f.AT, f.HOUR
TODAY = dt.date(2026, 12, 8)
API = "/api/v1/assets"


def _code(call) -> str:  # noqa: ANN001
    with pytest.raises(CannotBook) as caught:
        call()
    return caught.value.code


def _due(**kw: object) -> str:
    args: dict = {
        "every_hours": None,
        "every_days": None,
        "due_on": None,
        "hours_since": Decimal(0),
        "days_since": 0,
        "today": TODAY,
    }
    return rules.service_due(**{**args, **kw}).state


class TestServiceDueRule:
    def test_no_schedule_is_none(self):
        assert _due() == "none"

    def test_by_hours_of_use(self):
        assert _due(every_hours=100, hours_since=Decimal(50)) == "ok"
        assert _due(every_hours=100, hours_since=Decimal(95)) == "due"
        assert _due(every_hours=100, hours_since=Decimal(100)) == "due"
        assert _due(every_hours=100, hours_since=Decimal("100.5")) == "overdue"

    def test_by_days_of_use(self):
        assert _due(every_days=30, days_since=10) == "ok"
        assert _due(every_days=30, days_since=31) == "overdue"

    def test_by_date(self):
        assert _due(due_on=TODAY + dt.timedelta(days=30)) == "ok"
        assert _due(due_on=TODAY + dt.timedelta(days=3)) == "due"
        assert _due(due_on=TODAY - dt.timedelta(days=1)) == "overdue"

    @given(every=st.integers(1, 5000), used=st.integers(0, 10_000))
    def test_overdue_exactly_when_the_use_passes_the_interval(self, every, used):
        state = _due(every_hours=every, hours_since=Decimal(used))
        assert (state == "overdue") == (used > every)
        assert state != "none"

    def test_days_of_use_are_started_days(self):
        assert rules.days_of_use(AT, AT + H) == 1
        assert rules.days_of_use(AT, AT + 25 * H) == 2


@pytest.fixture
def tractor(enterprise, org_officer):  # noqa: ANN001
    return f.equipment(organisation=enterprise, by=org_officer)


@pytest.fixture
def farmer(national_manager, enterprise):  # noqa: ANN001
    person = registry.person(by=national_manager)
    f.join(person, enterprise)
    return person


def _loan(tractor, farmer, by, *, start: int, hours: int, meter_out: str, meter_in: str) -> Booking:  # noqa: ANN001
    booking = actions.booking_make(
        equipment=tractor,
        person=farmer,
        starts_at=AT + start * H,
        ends_at=AT + (start + hours) * H,
        by=by,
        at=AT,
    )
    booking = actions.booking_check_out(booking=booking, at=AT + start * H, by=by, meter=Decimal(meter_out))
    return actions.booking_check_in(
        booking=booking, at=AT + (start + hours) * H, by=by, meter=Decimal(meter_in)
    )


@pytest.mark.django_db
class TestMaintenance:
    def test_hours_used_since_the_last_service_make_it_due_then_a_service_resets_it(
        self, tractor, farmer, org_officer
    ):
        actions.equipment_set_schedule(
            equipment=tractor, every_hours=10, every_days=None, due_on=None, by=org_officer
        )
        _loan(tractor, farmer, org_officer, start=1, hours=3, meter_out="100", meter_in="111")
        tractor.refresh_from_db()
        due = queries.maintenance_due(items=[tractor], today=TODAY)[tractor.pk]
        assert due.state == "overdue" and due.hours_since == Decimal(11)
        actions.maintenance_record(
            equipment=tractor,
            done_on=TODAY + dt.timedelta(days=1),
            cost_satang=150_000,
            done_by="อู่ช่างแดง",
            by=org_officer,
            at=AT + 48 * H,
        )
        later = TODAY + dt.timedelta(days=2)
        assert queries.maintenance_due(items=[tractor], today=later)[tractor.pk].state == "ok"
        m = queries.equipment_maintenance(equipment=tractor, today=later, now=AT + 48 * H)
        assert m.cost_satang == 150_000 and m.records[0].done_by == "อู่ช่างแดง"

    def test_a_dated_service_sets_the_next_date(self, tractor, org_officer):
        actions.maintenance_record(
            equipment=tractor,
            done_on=TODAY,
            cost_satang=0,
            done_by="ช่างสมชาย",
            next_due_on=TODAY + dt.timedelta(days=180),
            by=org_officer,
            at=AT,
        )
        tractor.refresh_from_db()
        assert tractor.service_due_on == TODAY + dt.timedelta(days=180)

    def test_bad_records_are_refused_and_nothing_is_written(self, tractor, org_officer):
        def record(**kw: object) -> object:
            args: dict = {"done_on": TODAY, "cost_satang": 100, "done_by": "ช่าง"}
            return lambda: actions.maintenance_record(
                equipment=tractor, by=org_officer, at=AT, **{**args, **kw}
            )

        assert _code(record(done_on=TODAY + dt.timedelta(days=1))) == "in_the_future"
        assert _code(record(cost_satang=-1)) == "cost_negative"
        assert _code(record(done_by=" ")) == "done_by_missing"
        assert _code(record(meter=Decimal(-1))) == "negative_meter"
        assert _code(record(next_due_on=TODAY)) == "next_before_done"
        assert not MaintenanceRecord.objects.exists()
        assert (
            _code(
                lambda: actions.equipment_set_schedule(
                    equipment=tractor, every_hours=0, every_days=None, due_on=None, by=org_officer
                )
            )
            == "interval_not_positive"
        )

    def test_a_booking_over_a_maintenance_time_is_refused(self, tractor, farmer, org_officer):
        actions.maintenance_slot_add(
            equipment=tractor, starts_at=AT + 24 * H, ends_at=AT + 32 * H, by=org_officer, at=AT
        )
        book = lambda start: actions.booking_make(  # noqa: E731
            equipment=tractor,
            person=farmer,
            starts_at=AT + start * H,
            ends_at=AT + (start + 2) * H,
            by=org_officer,
            at=AT,
        )
        assert _code(lambda: book(30)) == "maintenance_slot"
        book(32)  # may start when the maintenance ends
        assert Booking.objects.count() == 1

    def test_a_maintenance_time_over_a_booking_is_refused(self, tractor, farmer, org_officer):
        actions.booking_make(
            equipment=tractor, person=farmer, starts_at=AT + 2 * H, ends_at=AT + 4 * H, by=org_officer, at=AT
        )
        slot = lambda: actions.maintenance_slot_add(  # noqa: E731
            equipment=tractor, starts_at=AT + 3 * H, ends_at=AT + 8 * H, by=org_officer, at=AT
        )
        assert _code(slot) == "overlapping_booking"
        assert not MaintenanceSlot.objects.exists()

    def test_a_member_cannot_keep_maintenance_time(self, tractor, member, enterprise):
        f.join(member.person, enterprise)
        with pytest.raises(PermissionError):
            actions.maintenance_slot_add(
                equipment=tractor, starts_at=AT + 2 * H, ends_at=AT + 4 * H, by=member, at=AT
            )


@pytest.mark.django_db
class TestMaintenancePages:
    def test_the_officer_schedules_records_and_sees_overdue_on_the_list_and_the_item(
        self, client, tractor, org_officer
    ):
        client.force_login(org_officer)
        sent = client.post(reverse("assets:equipment-schedule", args=[tractor.pk]), {"due_on": "01/01/2568"})
        assert sent.status_code == 302
        overdue = "เกินกำหนดบำรุงรักษา"
        assert overdue in client.get(reverse("assets:equipment-list")).content.decode()
        assert overdue in client.get(reverse("assets:equipment-detail", args=[tractor.pk])).content.decode()
        sent = client.post(
            reverse("assets:maintenance-add", args=[tractor.pk]),
            {"done_on": "01/12/2569", "done_by": "อู่ช่างแดง", "cost": "1,500", "next_due_on": "01/06/2570"},
        )
        assert sent.status_code == 302
        page = client.get(reverse("assets:equipment-detail", args=[tractor.pk])).content.decode()
        assert "อู่ช่างแดง" in page and overdue not in page

    def test_a_booking_over_maintenance_gets_the_message_on_the_page(
        self, client, tractor, org_officer, farmer
    ):
        client.force_login(org_officer)
        day = timezone.localdate() + dt.timedelta(days=3)
        be = f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
        sent = client.post(
            reverse("assets:maintenance-slot-add", args=[tractor.pk]),
            {"day": be, "start": "08:00", "end": "17:00"},
        )
        assert sent.status_code == 302
        sent = client.post(
            reverse("assets:equipment-detail", args=[tractor.pk]),
            {"person": farmer.pk, "day": be, "start": "09:00", "end": "10:00"},
        )
        assert sent.status_code == 422 and "บำรุงรักษา" in sent.content.decode()
        assert not Booking.objects.exists()

    def test_a_member_sees_no_maintenance_links_and_is_refused_the_forms(
        self, client, tractor, member, enterprise
    ):
        f.join(member.person, enterprise)
        client.force_login(member)
        page = client.get(reverse("assets:equipment-detail", args=[tractor.pk])).content.decode()
        assert reverse("assets:maintenance-add", args=[tractor.pk]) not in page
        assert client.get(reverse("assets:maintenance-add", args=[tractor.pk])).status_code == 403


@pytest.mark.django_db
class TestMaintenanceApi:
    def test_schedule_record_slot_and_read(self, client, tractor, org_officer):
        client.force_login(org_officer)
        base = f"{API}/equipment/{tractor.pk}/maintenance"
        put = client.put(f"{base}/schedule", {"every_hours": 200}, content_type="application/json")
        assert put.status_code == 200 and put.json()["due"]["state"] == "ok"
        made = client.post(
            base,
            {"done_on": "2026-12-01", "done_by": "ช่าง", "cost_satang": 50_000},
            content_type="application/json",
        )
        assert made.status_code == 201, made.content
        start = dt.datetime(2030, 1, 2, 8, tzinfo=dt.UTC)
        slot = client.post(
            f"{base}/slots",
            {"starts_at": start.isoformat(), "ends_at": (start + 3 * H).isoformat()},
            content_type="application/json",
        )
        assert slot.status_code == 201
        got = client.get(base).json()
        assert got["cost_satang"] == 50_000 and len(got["slots"]) == 1
        bad = client.post(
            base,
            {"done_on": "2026-12-01", "done_by": "ช่าง", "cost_satang": 1, "meter": "-2"},
            content_type="application/json",
        )
        assert bad.status_code == 422 and bad.json()["code"] == "negative_meter"
