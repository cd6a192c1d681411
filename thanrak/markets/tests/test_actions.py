"""Events, booths, fees, typed turnover and POS turnover, matching: behaviour and refusals by code."""

import datetime as dt

import pytest

from thanrak.core.errors import DomainError
from thanrak.markets import actions, queries
from thanrak.markets.models import FeeState, MeetingStatus, TurnoverCorrection
from thanrak.markets.tests.conftest import AT, pos_sell
from thanrak.registry.tests import factories

pytestmark = pytest.mark.django_db


def code_of(call):
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


class TestPlanning:
    def test_a_market_needs_its_days_and_an_event_its_end(self, district_officer):
        base = {"by": district_officer, "name": "x", "fiscal_year": 2570, "place": "y", "area_code": "560101"}
        assert code_of(
            lambda: actions.event_create(kind="MARKET", start_date=dt.date(2026, 11, 1), **base)
        ) == ("market_weekdays")
        assert code_of(
            lambda: actions.event_create(kind="FAIR", start_date=dt.date(2026, 11, 1), **base)
        ) == ("event_end_missing")

    def test_an_officer_plans_only_in_their_area(self, other_district_officer):
        with pytest.raises(PermissionError):
            actions.event_create(
                by=other_district_officer,
                kind="FAIR",
                name="งาน",
                fiscal_year=2570,
                place="ที่",
                area_code="560101",
                start_date=dt.date(2026, 11, 1),
                end_date=dt.date(2026, 11, 2),
            )

    def test_a_vendor_has_one_booth_per_event_and_a_booth_one_vendor(
        self, fair, district_officer, enterprise, national_manager
    ):
        actions.booth_assign(
            by=district_officer, event=fair, vendor=enterprise, label="A1", category="TEXTILE"
        )
        other = factories.organisation(by=national_manager)
        assert (
            code_of(
                lambda: actions.booth_assign(
                    by=district_officer, event=fair, vendor=enterprise, label="A2", category="FOOD"
                )
            )
            == "booth_vendor_twice"
        )
        assert (
            code_of(
                lambda: actions.booth_assign(
                    by=district_officer, event=fair, vendor=other, label="A1", category="FOOD"
                )
            )
            == "booth_label_taken"
        )

    def test_a_booth_fee_without_a_fund_is_marked_paid(self, fair, district_officer, enterprise):
        booth = actions.booth_assign(
            by=district_officer,
            event=fair,
            vendor=enterprise,
            label="A1",
            category="TEXTILE",
            fee_satang=50000,
        )
        assert booth.fee_state == FeeState.OWED
        paid = actions.booth_fee_paid(by=district_officer, booth=booth, on=dt.date(2026, 11, 21), at=AT)
        assert paid.fee_state == FeeState.PAID
        assert (
            code_of(
                lambda: actions.booth_fee_paid(
                    by=district_officer, booth=booth, on=dt.date(2026, 11, 21), at=AT
                )
            )
            == "fee_nothing_owed"
        )

    def test_a_booth_fee_goes_into_the_organisers_fund_books(self, national_manager, enterprise):
        from thanrak.finance.models import JournalEntry
        from thanrak.finance.tests import factories as funds

        fund = funds.fund(by=national_manager)
        event = actions.event_create(
            by=national_manager,
            kind="MARKET_DAY",
            name="ตลาดนัดชุมชน",
            fiscal_year=2570,
            place="ลานวัด",
            area_code="560101",
            start_date=dt.date(2026, 11, 21),
            end_date=dt.date(2026, 11, 21),
            organiser=fund.organisation,
            fund=fund,
        )
        booth = actions.booth_assign(
            by=national_manager, event=event, vendor=enterprise, label="1", category="FOOD", fee_satang=20000
        )
        posted = actions.booth_fee_paid(by=national_manager, booth=booth, on=dt.date(2026, 11, 21), at=AT)
        assert posted.fee_state == FeeState.POSTED
        entry = JournalEntry.objects.get(pk=posted.journal_entry_id)
        assert entry.fund_id == fund.pk


class TestTurnover:
    def test_typed_once_a_day_and_corrections_are_logged(
        self, fair, district_officer, enterprise, org_officer
    ):
        booth = actions.booth_assign(
            by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD"
        )
        day = dt.date(2026, 11, 22)
        first = actions.turnover_type(by=org_officer, booth=booth, date=day, amount_satang=150000, at=AT)
        again = actions.turnover_type(
            by=district_officer, booth=booth, date=day, amount_satang=170000, at=AT, reason="ลืมนับ"
        )
        assert first.pk == again.pk and again.amount_satang == 170000 and again.typed_by == district_officer
        [correction] = TurnoverCorrection.objects.all()
        assert (correction.old_satang, correction.new_satang, correction.by) == (
            150000,
            170000,
            district_officer,
        )

    def test_no_figure_for_a_day_the_event_is_not_held_or_not_yet_over(
        self, market, district_officer, enterprise
    ):
        booth = actions.booth_assign(
            by=district_officer, event=market, vendor=enterprise, label="1", category="FOOD"
        )
        wednesday = dt.date(2026, 11, 25)
        assert (
            code_of(
                lambda: actions.turnover_type(
                    by=district_officer, booth=booth, date=wednesday, amount_satang=1, at=AT
                )
            )
            == "turnover_not_event_day"
        )
        assert (
            code_of(
                lambda: actions.turnover_type(
                    by=district_officer, booth=booth, date=dt.date(2026, 11, 28), amount_satang=1, at=AT
                )
            )
            == "turnover_future"
        )

    def test_another_vendor_cannot_type_for_a_booth(
        self, fair, district_officer, enterprise, make_user, national_manager
    ):
        from thanrak.registry.actions import organisation_officer_assign

        booth = actions.booth_assign(
            by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD"
        )
        stranger = make_user("other_vendor", "ORG_OFFICER")
        organisation_officer_assign(
            user=stranger, organisation=factories.organisation(by=national_manager), by=national_manager
        )
        with pytest.raises(PermissionError):
            actions.turnover_type(
                by=stranger, booth=booth, date=dt.date(2026, 11, 22), amount_satang=1, at=AT
            )

    def test_pos_sales_at_the_booth_during_the_event_count_by_day_and_category(
        self, fair, district_officer, enterprise, org_officer, booth_location, product
    ):
        booth = actions.booth_assign(
            by=district_officer,
            event=fair,
            vendor=enterprise,
            label="A1",
            category="FOOD",
            pos_location=booth_location,
        )
        variant = product.variants.get()
        pos_sell(
            org_officer,
            booth_location,
            variant,
            at=dt.datetime(2026, 11, 22, 4, tzinfo=dt.UTC),
            quantity=2,
            key="sale-0001",
        )
        pos_sell(
            org_officer,
            booth_location,
            variant,
            at=dt.datetime(2026, 11, 19, 4, tzinfo=dt.UTC),
            key="sale-before",
        )
        actions.turnover_type(
            by=org_officer, booth=booth, date=dt.date(2026, 11, 23), amount_satang=30000, at=AT
        )

        figures = queries.event_turnover(
            event=fair,
            booths=list(queries.booth_list(viewer=district_officer, event=fair)),
            today=dt.date(2026, 11, 25),
        )

        assert figures.total == 2 * 25000 + 30000
        assert figures.by_day == [(dt.date(2026, 11, 22), 50000), (dt.date(2026, 11, 23), 30000)]
        assert {c: v for c, _label, v in figures.by_category} == {"TEXTILE": 50000, "FOOD": 30000}

    def test_a_file_of_figures_is_all_or_nothing(self, fair, district_officer, enterprise):
        actions.booth_assign(by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD")
        good = 'บูธ,วันที่,ยอดขาย (บาท)\nA1,22/11/2569,"1,500.50"\nA1,23/11/2569,2000\n'.encode()
        bad = "บูธ,วันที่,ยอดขาย (บาท)\nA1,22/11/2569,100\nZ9,23/11/2569,abc\n".encode()
        with pytest.raises(actions.TurnoverFileRefused) as refused:
            actions.turnover_import(by=district_officer, event=fair, source=bad, at=AT)
        assert {(i.row, i.column) for i in refused.value.issues} == {(3, "booth")}
        assert not queries.turnover_rows(event=fair, booths=list(fair.booths.all())).exists()
        rows = actions.turnover_import(by=district_officer, event=fair, source=good, at=AT)
        assert [r.amount_satang for r in rows] == [150050, 200000]


class TestMatching:
    def test_no_double_booking_of_a_buyer_or_a_producer(
        self, fair, district_officer, enterprise, national_manager, buyer
    ):
        booth = actions.booth_assign(
            by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD"
        )
        other_booth = actions.booth_assign(
            by=district_officer,
            event=fair,
            vendor=factories.organisation(by=national_manager),
            label="A2",
            category="FOOD",
        )
        hotel = actions.buyer_register(
            by=district_officer, name="โรงแรมกว๊าน", kind="HOTEL", categories=["FOOD"]
        )
        school = actions.buyer_register(
            by=buyer, name="โรงเรียนพะเยา", kind="SCHOOL", categories=["FOOD", "TEXTILE"]
        )
        nine = dt.datetime(2026, 11, 22, 2, tzinfo=dt.UTC)
        actions.meeting_schedule(by=district_officer, event=fair, buyer=hotel, booth=booth, starts_at=nine)
        later = nine + dt.timedelta(minutes=15)
        assert (
            code_of(
                lambda: actions.meeting_schedule(
                    by=district_officer, event=fair, buyer=hotel, booth=other_booth, starts_at=later
                )
            )
            == "meeting_buyer_busy"
        )
        assert (
            code_of(
                lambda: actions.meeting_schedule(
                    by=district_officer, event=fair, buyer=school, booth=booth, starts_at=later
                )
            )
            == "meeting_producer_busy"
        )
        back_to_back = nine + dt.timedelta(minutes=30)
        actions.meeting_schedule(
            by=district_officer, event=fair, buyer=school, booth=booth, starts_at=back_to_back
        )

    def test_an_outcome_with_a_deal_and_its_storefront_order(
        self, fair, district_officer, enterprise, org_officer
    ):
        booth = actions.booth_assign(
            by=district_officer, event=fair, vendor=enterprise, label="A1", category="FOOD"
        )
        hotel = actions.buyer_register(
            by=district_officer, name="โรงแรมกว๊าน", kind="HOTEL", categories=["FOOD"]
        )
        meeting = actions.meeting_schedule(
            by=district_officer,
            event=fair,
            buyer=hotel,
            booth=booth,
            starts_at=dt.datetime(2026, 11, 22, 2, tzinfo=dt.UTC),
        )
        assert (
            code_of(
                lambda: actions.meeting_outcome(
                    by=org_officer, meeting=meeting, status="HELD", deal_satang=1, order_number="NOPE", at=AT
                )
            )
            == "meeting_order_unknown"
        )
        done = actions.meeting_outcome(
            by=org_officer, meeting=meeting, status="HELD", deal_satang=5_000_000, follow_up="ส่งตัวอย่าง", at=AT
        )
        assert done.status == MeetingStatus.HELD
        assert (
            queries.deals_summary(meetings=queries.meeting_list(viewer=district_officer))["value"]
            == 5_000_000
        )


class TestRollUp:
    def test_a_rolled_up_day_reads_the_same_as_live_and_today_stays_live(
        self, fair, district_officer, enterprise, org_officer, booth_location, product
    ):
        actions.booth_assign(
            by=district_officer,
            event=fair,
            vendor=enterprise,
            label="A1",
            category="FOOD",
            pos_location=booth_location,
        )
        variant = product.variants.get()
        for n, day in enumerate((22, 23, 25)):
            pos_sell(
                org_officer,
                booth_location,
                variant,
                at=dt.datetime(2026, 11, day, 4, tzinfo=dt.UTC),
                key=f"sale-roll-{n:02d}",
            )
        booths = list(fair.booths.all())
        live = queries.event_turnover(event=fair, booths=booths, today=dt.date(2026, 11, 25))

        written = actions.pos_roll_up(
            event=fair, days=[dt.date(2026, 11, d) for d in range(20, 26)], at=AT
        )  # the 25th is today in Bangkok: not rolled up
        rolled = queries.event_turnover(event=fair, booths=booths, today=dt.date(2026, 11, 25))

        assert written == 2
        assert (rolled.by_day, rolled.by_category, rolled.total) == (
            live.by_day,
            live.by_category,
            live.total,
        )
        assert rolled.total == 3 * 25000
