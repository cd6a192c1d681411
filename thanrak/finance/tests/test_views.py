"""The finance pages as each persona sees them, and the treasurer's journeys through them."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from thanrak.finance import actions
from thanrak.finance.models import JournalEntry, Loan, LoanStatus, SavingsMovement
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def books(funded, treasurer, chair, members):  # noqa: ANN001
    """A fund with savings, an application waiting, a loan being repaid and a loan in arrears."""
    for m in members:
        factories.save(member=m, by=treasurer, satang=10_000, on=D(2025, 1, 5))
    good = factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
    late = factories.active_loan(borrower=members[1], recorder=treasurer, approver=chair)
    actions.loan_repay(loan=good, amount_satang=112_000, on=D(2025, 3, 1), by=treasurer, at=AT)
    waiting = actions.loan_apply(
        borrower=members[2],
        principal_satang=500_000,
        periods=6,
        method="flat",
        frequency="monthly",
        applied_on=D(2025, 4, 1),
        by=chair,
        at=AT,
    )
    actions.month_end_run(as_of=D(2025, 6, 30))
    actions.year_end_post(fund=funded, period_end=D(2025, 12, 31), by=treasurer, at=AT)
    return {"fund": funded, "good": good, "late": late, "waiting": waiting, "members": members}


def fund_urls(b):  # noqa: ANN001, ANN201
    f = b["fund"].pk
    entry = JournalEntry.objects.filter(fund_id=f).first()
    return [
        reverse("finance:fund-list"),
        reverse("finance:fund-detail", args=[f]),
        reverse("finance:bylaw-list", args=[f]),
        reverse("finance:aging-set", args=[f]),
        reverse("finance:book-list", args=[f]),
        reverse("finance:member-list", args=[f]),
        reverse("finance:savings-missed", args=[f]),
        reverse("finance:loan-list", args=[f]),
        reverse("finance:arrears", args=[f]),
        reverse("finance:journal", args=[f]),
        reverse("finance:statements", args=[f]),
        reverse("finance:year-end", args=[f]),
        reverse("finance:entry-detail", args=[entry.pk]),
        reverse("finance:loan-detail", args=[b["late"].pk]),
        reverse("finance:member-detail", args=[b["members"][0].pk]),
        reverse("finance:account-ledger", args=[entry.lines.first().account_id]),
        reverse("finance:year-end-detail", args=[b["fund"].year_ends.get().pk]),
    ]


def keeper_urls(b):  # noqa: ANN001, ANN201
    f = b["fund"].pk
    return [
        reverse("finance:savings-collect", args=[f]),
        reverse("finance:repayments", args=[f]),
        reverse("finance:approvals", args=[f]),
        reverse("finance:loan-create", args=[f]),
        reverse("finance:entry-create", args=[f]),
        reverse("finance:period-close", args=[f]),
        reverse("finance:import", args=[f]),
        reverse("finance:loan-restructure", args=[b["late"].pk]),
    ]


class TestTheTreasurer:
    def test_opens_every_page_of_the_fund(self, client, books, treasurer):
        client.force_login(treasurer)

        for url in fund_urls(books) + keeper_urls(books):
            assert client.get(url).status_code == 200, url

    def test_sees_the_arrears_line_and_the_follow_up_list(self, client, books, treasurer):
        client.force_login(treasurer)

        page = client.get(reverse("finance:arrears", args=[books["fund"].pk])).content.decode()

        assert books["late"].number in page
        assert "ต่ำกว่ามาตรฐาน" in page or "สงสัย" in page

    def test_records_a_meeting_of_savings_from_one_screen(self, client, books, treasurer):
        client.force_login(treasurer)
        url = reverse("finance:savings-collect", args=[books["fund"].pk])
        m = books["members"]
        data = {
            "idempotency_key": "meeting-7",
            "on": "2026-02-05",
            "month": "2026-02-01",
            f"amount-{m[0].pk}": "100",
            f"amount-{m[1].pk}": "๑๐๐",
            f"shares-{m[2].pk}": "200",
        }

        response = client.post(url, data)
        client.post(url, data)  # the same form sent again

        assert response.status_code == 302
        assert SavingsMovement.objects.filter(on=D(2026, 2, 5)).count() == 3

    def test_records_nothing_when_one_amount_is_wrong(self, client, books, treasurer):
        client.force_login(treasurer)
        m = books["members"]

        response = client.post(
            reverse("finance:savings-collect", args=[books["fund"].pk]),
            {
                "idempotency_key": "k",
                "on": "2026-02-05",
                "month": "2026-02-01",
                f"amount-{m[0].pk}": "100",
                f"amount-{m[1].pk}": "abc",
            },
        )

        assert response.status_code == 200
        assert not SavingsMovement.objects.filter(on=D(2026, 2, 5)).exists()
        assert "abc" in response.content.decode()

    def test_takes_a_repayment_from_the_sheet_with_htmx(self, client, books, treasurer):
        client.force_login(treasurer)
        loan = books["late"]

        response = client.post(
            reverse("finance:loan-repay", args=[loan.pk]),
            {"idempotency_key": "row-1", "on": "2026-02-05", "amount": "1,000"},
            headers={"HX-Request": "true"},
        )

        assert response.status_code == 200
        assert "badge good" in response.content.decode()
        assert (
            Loan.objects.get(pk=loan.pk).penalty_paid_satang
            + Loan.objects.get(pk=loan.pk).interest_paid_satang
            > 0
        )

    def test_is_told_in_thai_why_a_closed_loan_takes_no_repayment(self, client, books, treasurer):
        client.force_login(treasurer)
        loan = books["good"]
        from thanrak.finance.dues import dues_on

        payoff = dues_on(loan=loan, bylaw=loan.bylaw, on=D(2026, 2, 1)).payoff_satang
        actions.loan_repay(
            loan=loan, amount_satang=payoff, on=D(2026, 2, 1), by=treasurer, at=AT, prepay=True
        )

        response = client.post(
            reverse("finance:loan-repay", args=[loan.pk]),
            {"idempotency_key": "x", "on": "2026-02-05", "amount": "10"},
            follow=True,
        )

        assert "ปิดบัญชีแล้ว" in response.content.decode()

    def test_reads_the_funds_own_words_in_thai_not_another_apps(self, client, books, treasurer):
        client.force_login(treasurer)
        year_end = books["fund"].year_ends.get()

        statements = client.get(reverse("finance:statements", args=[books["fund"].pk])).text
        year_end_page = client.get(reverse("finance:year-end-detail", args=[year_end.pk])).text

        assert "งบการเงิน" in statements and "ใบแจ้งส่วนแบ่ง" not in statements
        assert "เงินเฉลี่ยคืน" in year_end_page and ">คืนเงิน<" not in year_end_page

    def test_reads_how_a_loan_is_repaid_in_words_not_codes(self, client, books, treasurer):
        client.force_login(treasurer)
        loan = books["late"]

        page = client.get(reverse("finance:loan-detail", args=[loan.pk])).content.decode()

        assert str(loan.get_method_display()) in page and "รายเดือน" in page
        assert loan.method not in page and " · monthly" not in page

    def test_may_not_approve_an_application_they_recorded(self, client, books, chair):
        client.force_login(chair)

        response = client.post(
            reverse("finance:loan-decide", args=[books["waiting"].pk]), {"decision": "APPROVE"}, follow=True
        )

        assert Loan.objects.get(pk=books["waiting"].pk).status == LoanStatus.APPLIED
        assert "คณะกรรมการคนอื่น" in response.content.decode()

    def test_approves_an_application_another_recorded(self, client, books, treasurer):
        client.force_login(treasurer)

        client.post(
            reverse("finance:loan-decide", args=[books["waiting"].pk]),
            {"decision": "APPROVE", "next": "approvals"},
        )

        assert Loan.objects.get(pk=books["waiting"].pk).status == LoanStatus.APPROVED

    def test_reverses_an_entry_from_its_page(self, client, books, treasurer):
        client.force_login(treasurer)
        entry = SavingsMovement.objects.filter(member=books["members"][2]).first().entry

        client.post(
            reverse("finance:entry-detail", args=[entry.pk]),
            {"idempotency_key": "r", "on": "2026-02-05", "reason": "ผิดคน"},
        )

        assert JournalEntry.objects.filter(reverses=entry).exists()

    def test_previews_the_schedule_while_filling_in_an_application(self, client, books, treasurer):
        client.force_login(treasurer)

        response = client.get(
            reverse("finance:calculator"),
            {
                "principal": "12,000",
                "annual_rate_bp": "12",
                "periods": "12",
                "method": "declining_principal",
                "frequency": "monthly",
                "first_due_date": "2026-03-01",
            },
            headers={"HX-Request": "true"},
        )

        page = response.content.decode()
        assert "<html" not in page
        assert "120.00" in page and "1,000.00" in page

    def test_prints_a_thai_passbook(self, client, books, treasurer):
        if not shutil.which("pdftotext"):
            pytest.skip("pdftotext (poppler-utils) is not installed")
        client.force_login(treasurer)
        member = books["members"][0]

        response = client.get(reverse("finance:member-passbook-pdf", args=[member.pk]))

        assert response["Content-Type"] == "application/pdf"
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "สมุดบัญชีสมาชิก" in text
        assert member.person.first_name in text
        assert "5 ม.ค. 2568" in text  # the deposit, dated in the Buddhist era
        assert "100.00" in text

    def test_text_copied_out_of_the_passbook_is_the_thai_the_page_wrote(self, client, books, treasurer):
        from thanrak.core.testing.pdf import pdf_text

        client.force_login(treasurer)
        member = books["members"][0]

        text = pdf_text(client.get(reverse("finance:member-passbook-pdf", args=[member.pk])).content)

        assert f"ชื่อ {member.person.full_name} · เลขที่สมาชิก {member.member_no}" in text
        assert "เงินสัจจะสะสม" in text and "หนี้เงินกู้คงเหลือ" in text


class TestOtherPersonas:
    def test_an_officer_of_another_organisation_sees_no_fund(self, client, books, org_officer):
        client.force_login(org_officer)

        assert client.get(reverse("finance:fund-detail", args=[books["fund"].pk])).status_code == 404
        assert client.get(reverse("finance:savings-collect", args=[books["fund"].pk])).status_code == 404

    def test_the_auditor_reads_the_books_but_keeps_none(self, client, books, auditor):
        client.force_login(auditor)

        for url in fund_urls(books):
            assert client.get(url).status_code == 200, url
        assert client.get(reverse("finance:savings-collect", args=[books["fund"].pk])).status_code == 403
        entry = JournalEntry.objects.filter(fund=books["fund"]).first()
        assert (
            client.post(
                reverse("finance:entry-detail", args=[entry.pk]), {"reason": "x", "on": "2026-01-01"}
            ).status_code
            == 403
        )

    def test_a_district_officer_elsewhere_sees_nothing(self, client, books, other_district_officer):
        client.force_login(other_district_officer)

        assert client.get(reverse("finance:fund-detail", args=[books["fund"].pk])).status_code == 404

    def test_a_member_sees_only_their_own_passbook(self, client, books, make_user):
        user = make_user("saver", "MEMBER")
        mine, other = books["members"][0], books["members"][1]
        mine.person.user = user
        mine.person.save(update_fields=["user"])
        client.force_login(user)

        assert client.get(reverse("finance:member-detail", args=[mine.pk])).status_code == 200
        assert client.get(reverse("finance:member-detail", args=[other.pk])).status_code == 404
        assert client.get(reverse("finance:loan-detail", args=[books["late"].pk])).status_code == 404
        assert client.get(reverse("finance:journal", args=[books["fund"].pk])).status_code == 403
        page = client.get(reverse("finance:my-accounts")).content.decode()
        assert books["good"].number in page

    def test_the_provincial_officer_reads_the_roll_up(self, client, books, provincial_officer):
        client.force_login(provincial_officer)

        page = client.get(reverse("finance:rollup")).content.decode()

        assert "เมืองพะเยา" in page
        assert client.get(reverse("finance:rollup") + "?area=5601").status_code == 200
        assert client.get(reverse("finance:rollup") + "?area=50").status_code == 403

    def test_the_national_manager_drills_down_from_the_nation(self, client, books, national_manager):
        client.force_login(national_manager)

        page = client.get(reverse("finance:rollup")).content.decode()

        assert "พะเยา" in page
        assert 'data-vega-spec="rollup-chart"' in page


class TestPanels:
    def test_the_household_panel_lists_debts_across_funds(self, client, books, national_manager):
        from thanrak.registry.actions import household_register
        from thanrak.registry.tests.factories import village

        person = books["members"][1].person
        household = household_register(
            by=national_manager, at=AT, village=village(), house_no="3/1", head=person
        )
        client.force_login(national_manager)

        page = client.get(reverse("finance:household-debts", args=[household.pk])).content.decode()

        assert books["late"].number in page
        assert "<html" not in page

    def test_the_treasurers_home_panel_links_the_meeting_pages(self, client, books, treasurer):
        client.force_login(treasurer)

        page = client.get(reverse("finance:panel-treasurer")).content.decode()

        assert reverse("finance:savings-collect", args=[books["fund"].pk]) in page

    def test_the_home_page_loads_the_panels(self, client, books, treasurer):
        client.force_login(treasurer)

        page = client.get(reverse("accounts:home")).content.decode()

        assert reverse("finance:panel-treasurer") in page

    def test_the_organisation_and_person_panels_render(self, client, books, national_manager):
        client.force_login(national_manager)

        assert (
            client.get(
                reverse("finance:organisation-panel", args=[books["fund"].organisation_id])
            ).status_code
            == 200
        )
        assert (
            client.get(reverse("finance:person-panel", args=[books["members"][0].person_id])).status_code
            == 200
        )


class TestFundOpening:
    def test_a_district_officer_opens_a_village_fund_with_three_books(
        self, client, district_officer, national_manager
    ):
        from thanrak.registry.tests.factories import organisation

        org = organisation(by=national_manager, kind="VILLAGE_FUND", name_th="กองทุนหมู่บ้านทดสอบ")
        client.force_login(district_officer)

        response = client.post(
            reverse("finance:fund-create"),
            {
                "organisation": org.pk,
                "kind": "VILLAGE_FUND",
                "name_th": "กองทุนหมู่บ้านบ้านทดสอบ",
                "opened_on": "2025-01-01",
                "fiscal_year_start_month": "1",
                "aging_preset": "BOT",
                "village_fund_books": "on",
                "loan_rate_bp": "6",
                "max_loan_satang": "20,000",
                "monthly_savings_satang": "100",
                "share_price_satang": "100",
                "approvals_required": "2",
            },
        )

        assert response.status_code == 302
        fund = org.funds.get()
        assert fund.books.count() == 3
        assert fund.bylaws.get().loan_rate_bp == 600


class TestMemberExport:
    def test_gives_balances_with_masked_ids_and_writes_the_audit_log(self, client, books, treasurer):
        from thanrak.accounts.models import AuditLog

        client.force_login(treasurer)
        member = books["members"][0]

        response = client.get(reverse("finance:member-export", args=[books["fund"].pk]))

        text = response.content.decode("utf-8-sig")
        assert member.person.first_name in text
        assert member.person.citizen_id not in text
        assert AuditLog.objects.filter(event="EXPORT", object_type="finance.fund").count() == 1

    def test_dates_joined_read_in_the_buddhist_era(self, client, books, treasurer):
        from thanrak.core.thai import format_date

        client.force_login(treasurer)
        member = books["members"][0]

        text = client.get(reverse("finance:member-export", args=[books["fund"].pk])).content.decode(
            "utf-8-sig"
        )

        assert format_date(member.joined_on) in text and member.joined_on.isoformat() not in text

    def test_is_refused_to_the_auditor(self, client, books, auditor):
        client.force_login(auditor)

        assert client.get(reverse("finance:member-export", args=[books["fund"].pk])).status_code == 403
