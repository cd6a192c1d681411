"""Arrears: days past due, aging buckets, PAR, the follow-up list and the set-based month end."""

import datetime as dt

import pytest

from thanrak.finance import actions, queries
from thanrak.finance.models import LoanMonthEnd
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date


class TestArrearsReport:
    def test_counts_days_from_the_oldest_unpaid_installment(self, funded, book, treasurer):
        report = queries.arrears_report(viewer=treasurer, fund=funded, on=D(2025, 6, 15))

        days = {a.loan.pk: a.days_past_due for a in report.loans}
        assert days == {book[0].pk: 0, book[1].pk: 106}

    def test_puts_loans_in_the_bank_of_thailand_tiers(self, funded, book, treasurer):
        report = queries.arrears_report(viewer=treasurer, fund=funded, on=D(2025, 6, 15))

        assert {b.bucket.label_th: b.loans for b in report.buckets} == {
            "ปกติ": 1,
            "กล่าวถึงเป็นพิเศษ": 0,
            "ต่ำกว่ามาตรฐาน": 1,
            "สงสัย": 0,
            "สงสัยจะสูญ": 0,
        }

    def test_gives_the_seed_report_line(self, funded, book, treasurer):
        report = queries.arrears_report(viewer=treasurer, fund=funded, on=D(2025, 6, 15))

        # A owes 800,000; B owes 1,200,000 of which Mar–Jun (400,000) is overdue.
        assert report.outstanding_satang == 2_000_000
        assert report.overdue_satang == 400_000
        assert str(report.overdue_percent) == "20.00"
        assert str(report.not_yet_due_percent) == "80.00"

    def test_gives_portfolio_at_risk_with_the_threshold_named(self, funded, book, treasurer):
        report = queries.arrears_report(viewer=treasurer, fund=funded, on=D(2025, 6, 15))

        assert [(d, str(p)) for d, p in report.par_thresholds] == [(0, "60.00"), (30, "60.00"), (90, "60.00")]

    def test_lists_the_late_loans_for_the_committee(self, funded, book, treasurer):
        report = queries.arrears_report(viewer=treasurer, fund=funded, on=D(2025, 6, 15))

        assert [a.loan.pk for a in report.follow_up] == [book[1].pk]

    def test_uses_the_funds_own_buckets(self, funded, book, treasurer, national_manager):
        actions.aging_buckets_set(fund=funded, preset="DAYS", by=national_manager)

        report = queries.arrears_report(viewer=treasurer, fund=funded, on=D(2025, 6, 15))

        assert [b.bucket.label_en for b in report.buckets if b.loans] == ["Not overdue", "91–180 days"]

    def test_refuses_custom_buckets_with_a_gap(self, funded, national_manager):
        with pytest.raises(actions.CannotChangeBylaw) as refusal:
            actions.aging_buckets_set(
                fund=funded,
                preset="CUSTOM",
                by=national_manager,
                bands=[("ปกติ", "Current", 0, 30), ("ค้าง", "Late", 32, None)],
            )
        assert refusal.value.code == "band_start_days_gaps"
        assert str(refusal.value.params["days"]) == "31"


class TestMonthEndRun:
    def test_agrees_with_the_arrears_report(self, funded, book, treasurer):
        actions.month_end_run(as_of=D(2025, 6, 30))

        report = {
            a.loan.pk: a
            for a in queries.arrears_report(viewer=treasurer, fund=funded, on=D(2025, 6, 30)).loans
        }
        for row in LoanMonthEnd.objects.filter(as_of=D(2025, 6, 30)):
            expected = report[row.loan_id]
            assert row.days_past_due == expected.days_past_due
            assert row.overdue_principal_satang == expected.overdue_principal_satang
            assert row.outstanding_satang == expected.outstanding_satang
            assert row.bucket_position == expected.bucket.position

    def test_accrues_the_months_interest(self, funded, book):
        actions.month_end_run(as_of=D(2025, 6, 30))

        # B: 1,200,000 × 12 % × 30 / 365 = 11,835.6 → 11,836; A: 800,000 × … = 7,890.4 → 7,890.
        accrued = dict(LoanMonthEnd.objects.values_list("loan_id", "accrued_interest_satang"))
        assert accrued == {book[0].pk: 7_890, book[1].pk: 11_836}

    def test_run_twice_gives_the_same_rows(self, funded, book):
        actions.month_end_run(as_of=D(2025, 6, 30))
        actions.month_end_run(as_of=D(2025, 6, 30))

        assert LoanMonthEnd.objects.count() == 2

    def test_feeds_the_history_chart(self, funded, book, treasurer):
        for day in (D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30)):
            actions.month_end_run(as_of=day)

        history = queries.arrears_history(viewer=treasurer, fund=funded)

        assert [h["as_of"] for h in history] == [D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30)]
        assert history[-1]["overdue"] == 400_000

    def test_the_history_chart_reads_its_months_in_the_buddhist_era(self, funded, book, treasurer):
        from thanrak.finance import charts

        for day in (D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30)):
            actions.month_end_run(as_of=day)

        spec = charts.history_chart(queries.arrears_history(viewer=treasurer, fund=funded), lang="th")

        axes = [layer["encoding"]["x"] for layer in spec["layer"]]
        assert [v[axes[0]["field"]] for v in spec["data"]["values"]] == [
            "เม.ย. 2568",
            "พ.ค. 2568",
            "มิ.ย. 2568",
        ]
        assert all(
            x["type"] == "ordinal" and "format" not in x.get("axis", {}) for x in axes
        )  # was "%m/%Y": 04/2025


class TestHouseholdDebts:
    def test_show_every_members_loans_across_funds(self, book, members, national_manager, treasurer):
        from thanrak.registry.actions import household_register
        from thanrak.registry.tests.factories import village

        person = members[1].person
        household = household_register(
            by=national_manager, at=AT, village=village(), house_no="9/9", head=person
        )
        other = factories.fund(by=national_manager)
        factories.cash_in(fund=other, by=national_manager, satang=5_000_000)
        other_member = actions.fund_member_enrol(
            fund=other, person=person, joined_on=D(2025, 1, 1), by=national_manager, at=AT
        )
        factories.active_loan(
            borrower=other_member,
            recorder=national_manager,
            approver=treasurer_of(other, treasurer, national_manager),
        )

        _household, debts = queries.household_debts(
            viewer=national_manager, household_id=household.pk, on=D(2025, 6, 15)
        )

        assert sorted(d.loan.fund_id for d in debts) == sorted([book[1].fund_id, other.pk])
        assert {d.days_past_due for d in debts} == {106}


def treasurer_of(fund, user, by):  # noqa: ANN001, ANN201
    from thanrak.registry.actions import organisation_officer_assign

    organisation_officer_assign(user=user, organisation=fund.organisation, by=by)
    return user
