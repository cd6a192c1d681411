"""Shared machinery: listing, booking without double booking, check-out and check-in, fees."""

import threading
from decimal import Decimal

import pytest
from django.db import connections

from thanrak.accounts.scope import OutsideScope
from thanrak.assets import actions, queries
from thanrak.assets.errors import CannotBook
from thanrak.assets.models import Booking
from thanrak.assets.tests import factories as f
from thanrak.finance.models import JournalLine
from thanrak.finance.tests import factories as finance
from thanrak.registry.tests import factories as registry

pytestmark = pytest.mark.django_db
AT, H = f.AT, f.HOUR


def _code(call) -> str:  # noqa: ANN001
    with pytest.raises(CannotBook) as caught:
        call()
    return caught.value.code


@pytest.fixture
def tractor(enterprise, org_officer):  # noqa: ANN001
    return f.equipment(organisation=enterprise, by=org_officer)


@pytest.fixture
def farmer(national_manager, enterprise):  # noqa: ANN001
    person = registry.person(by=national_manager)
    f.join(person, enterprise)
    return person


def _book(tractor, farmer, by, start=2, hours=3, **kw):  # noqa: ANN001, ANN202
    return actions.booking_make(
        equipment=tractor,
        person=farmer,
        starts_at=AT + start * H,
        ends_at=AT + (start + hours) * H,
        by=by,
        at=AT,
        **kw,
    )


class TestBookingMake:
    def test_refuses_an_overlapping_booking(self, tractor, farmer, org_officer):
        _book(tractor, farmer, org_officer, start=2, hours=3)
        assert _code(lambda: _book(tractor, farmer, org_officer, start=4, hours=3)) == "overlapping_booking"
        assert Booking.objects.count() == 1

    def test_a_booking_may_start_when_the_last_one_ends(self, tractor, farmer, org_officer):
        _book(tractor, farmer, org_officer, start=2, hours=3)
        _book(tractor, farmer, org_officer, start=5, hours=3)
        assert Booking.objects.count() == 2

    def test_a_cancelled_booking_frees_its_slot(self, tractor, farmer, org_officer):
        first = _book(tractor, farmer, org_officer)
        actions.booking_cancel(booking=first, by=org_officer)
        _book(tractor, farmer, org_officer)

    def test_the_same_key_books_once(self, tractor, farmer, org_officer):
        one = _book(tractor, farmer, org_officer, key="k-1")
        two = _book(tractor, farmer, org_officer, key="k-1")
        assert one.pk == two.pk

    def test_refuses_an_end_before_the_start_and_the_past(self, tractor, farmer, org_officer):
        assert _code(lambda: _book(tractor, farmer, org_officer, hours=0)) == "ends_before_start"
        assert _code(lambda: _book(tractor, farmer, org_officer, start=-5, hours=2)) == "in_the_past"

    def test_refuses_equipment_out_of_service(self, tractor, farmer, org_officer):
        actions.equipment_update(
            equipment=tractor,
            condition="OUT_OF_SERVICE",
            kept_at="",
            fee_satang=1,
            is_active=True,
            by=org_officer,
        )
        assert _code(lambda: _book(tractor, farmer, org_officer)) == "not_available"

    def test_a_member_books_for_themselves_in_their_organisation(
        self, tractor, member, enterprise, org_officer
    ):
        person = member.person
        f.join(person, enterprise)
        booking = _book(tractor, person, member)
        assert booking.person == person
        assert list(queries.booking_list(viewer=member)) == [booking]

    def test_a_member_may_not_book_for_someone_else(self, tractor, member, enterprise, farmer):
        f.join(member.person, enterprise)
        with pytest.raises(OutsideScope):
            _book(tractor, farmer, member)

    def test_a_member_of_another_organisation_sees_and_books_nothing(self, tractor, member):
        assert not queries.equipment_list(viewer=member).exists()
        with pytest.raises(OutsideScope):
            _book(tractor, member.person, member)


class TestCheckOutAndIn:
    def test_check_in_before_check_out_is_refused(self, tractor, farmer, org_officer):
        booking = _book(tractor, farmer, org_officer)
        assert (
            _code(lambda: actions.booking_check_in(booking=booking, at=AT + 5 * H, by=org_officer))
            == "not_checked_out"
        )

    def test_check_in_time_before_check_out_time_is_refused(self, tractor, farmer, org_officer):
        booking = actions.booking_check_out(
            booking=_book(tractor, farmer, org_officer), at=AT + 2 * H, by=org_officer
        )
        assert (
            _code(lambda: actions.booking_check_in(booking=booking, at=AT + H, by=org_officer))
            == "in_before_out"
        )

    def test_negative_and_backward_meters_are_refused(self, tractor, farmer, org_officer):
        booking = _book(tractor, farmer, org_officer)
        call = lambda: actions.booking_check_out(booking=booking, at=AT, by=org_officer, meter=Decimal(-3))  # noqa: E731
        assert _code(call) == "negative_meter"
        booking = actions.booking_check_out(
            booking=booking, at=AT + 2 * H, by=org_officer, meter=Decimal(100)
        )

        def call():
            return actions.booking_check_in(booking=booking, at=AT + 5 * H, by=org_officer, meter=Decimal(99))  # noqa: E731

        assert _code(call) == "meter_goes_back"
        booking.refresh_from_db()
        assert booking.status == "OUT"

    def test_the_fee_is_owed_when_the_owner_keeps_no_books(self, tractor, farmer, org_officer):
        booking = actions.booking_check_out(
            booking=_book(tractor, farmer, org_officer), at=AT + 2 * H, by=org_officer, meter=Decimal(100)
        )
        booking = actions.booking_check_in(
            booking=booking, at=AT + 6 * H, by=org_officer, meter=Decimal("103.5"), fuel_litres=Decimal(8)
        )
        assert (booking.fee_satang, booking.fee_state, booking.hours_used) == (
            122_500,
            "OWED",
            Decimal("3.5"),
        )
        use = queries.equipment_utilisation(equipment=tractor)
        assert (use.owed_satang, use.income_satang, use.hours) == (122_500, 0, 3.5)
        booking = actions.booking_fee_paid(booking=booking, on=AT.date(), by=org_officer, at=AT + 7 * H)
        assert booking.fee_state == "PAID"

    def test_a_paid_fee_is_posted_to_the_owning_funds_ledger(self, national_manager, farmer):
        fund = finance.fund(by=national_manager)
        f.join(farmer, fund.organisation)
        sprayer = f.equipment(
            organisation=fund.organisation,
            by=national_manager,
            fund_id=fund.pk,
            fee_unit="RAI",
            fee_satang=6_000,
            kind="DRONE_SPRAYER",
        )
        booking = actions.booking_check_out(
            booking=_book(sprayer, farmer, national_manager), at=AT + 2 * H, by=national_manager
        )
        booking = actions.booking_check_in(
            booking=booking, at=AT + 4 * H, by=national_manager, rai_worked=Decimal("12.5"), paid=True
        )
        assert (booking.fee_satang, booking.fee_state) == (75_000, "POSTED")
        lines = JournalLine.objects.filter(entry_id=booking.journal_entry_id)
        assert sorted((line.account.role, line.debit_satang, line.credit_satang) for line in lines) == [
            ("cash", 75_000, 0),
            ("fee_income", 0, 75_000),
        ]

    def test_a_fund_of_another_organisation_is_refused(self, national_manager, enterprise):
        fund = finance.fund(by=national_manager)
        call = lambda: f.equipment(organisation=enterprise, by=national_manager, fund_id=fund.pk)  # noqa: E731
        assert _code(call) == "fund_not_owners"


class TestScope:
    @pytest.mark.parametrize(
        ("persona", "sees"),
        [
            ("national_manager", True),
            ("provincial_officer", True),
            ("district_officer", True),
            ("auditor", True),
            ("other_district_officer", False),
            ("officer_elsewhere", False),
            ("volunteer", False),
            ("member", False),
            ("org_officer", True),
        ],
    )
    def test_who_sees_the_enterprises_tractor(self, request, tractor, persona, sees):
        viewer = request.getfixturevalue(persona)
        assert queries.equipment_list(viewer=viewer).filter(pk=tractor.pk).exists() is sees

    def test_another_districts_officer_cannot_check_out(
        self, tractor, farmer, org_officer, other_district_officer
    ):
        booking = _book(tractor, farmer, org_officer)
        with pytest.raises(OutsideScope):
            actions.booking_check_out(booking=booking, at=AT, by=other_district_officer)


def _in_threads(n: int, work) -> list:  # noqa: ANN001
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 — collected and asserted on by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class TestParallelBookings:
    def test_two_phones_booking_one_slot_leave_one_booking(self, national_manager, enterprise):
        tractor = f.equipment(organisation=enterprise, by=national_manager)
        people = [registry.person(by=national_manager) for _ in range(8)]

        def work(i: int) -> str:
            try:
                actions.booking_make(
                    equipment=tractor,
                    person=people[i],
                    starts_at=AT + 2 * H,
                    ends_at=AT + 4 * H,
                    by=national_manager,
                    at=AT,
                )
                return "booked"
            except CannotBook as exc:
                return exc.code

        results = _in_threads(8, work)
        assert results.count("booked") == 1
        assert set(results) == {"booked", "overlapping_booking"}
        assert Booking.objects.filter(equipment=tractor).count() == 1
