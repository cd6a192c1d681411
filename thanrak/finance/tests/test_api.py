"""The finance API: the same rules as the pages, scoped the same way, with one effect per key."""

import datetime as dt

import pytest
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.finance.models import JournalEntry, Loan, Repayment

pytestmark = pytest.mark.django_db
API = "/api/v1/finance"
D = dt.date


def auth(user):  # noqa: ANN001, ANN201
    _token, key = token_create(user=user, name="test", at=timezone.now())
    return {"Authorization": f"Bearer {key}"}


class TestLoanLifecycleOverTheApi:
    def test_runs_from_application_to_closure(self, client, funded, treasurer, chair, members):
        t, c = auth(treasurer), auth(chair)
        applied = client.post(
            f"{API}/funds/{funded.pk}/loans",
            {
                "borrower_id": members[0].pk,
                "principal_satang": 120_000,
                "periods": 3,
                "method": "flat",
                "frequency": "monthly",
                "applied_on": "2025-02-01",
                "idempotency_key": "app-1",
            },
            content_type="application/json",
            headers=t,
        )
        assert applied.status_code == 200, applied.content
        loan_id = applied.json()["id"]

        refused = client.post(
            f"{API}/loans/{loan_id}/decisions",
            {"decision": "APPROVE"},
            content_type="application/json",
            headers=t,
        )
        assert refused.status_code == 422
        assert refused.json()["field"] == "decision"
        assert refused.json()["code"] == "you_recorded_application_another"
        assert (
            client.post(
                f"{API}/loans/{loan_id}/decisions",
                {"decision": "APPROVE"},
                content_type="application/json",
                headers=c,
            ).json()["status"]
            == "APPROVED"
        )

        paid_out = client.post(
            f"{API}/loans/{loan_id}/disburse",
            {"on": "2025-02-01"},
            content_type="application/json",
            headers=t,
        )
        assert paid_out.json()["status"] == "ACTIVE"
        detail = client.get(f"{API}/loans/{loan_id}", headers=t).json()
        # 1,200 baht flat at 12 % for 3 months: 36 baht of interest, 12 each.
        assert [i["interest_satang"] for i in detail["schedules"][0]["installments"]] == [1_200] * 3

        for _ in range(2):
            repaid = client.post(
                f"{API}/loans/{loan_id}/repayments",
                {"amount_satang": 123_600, "on": "2025-05-01", "idempotency_key": "pay-all"},
                content_type="application/json",
                headers=t,
            )
            assert repaid.status_code == 200
        assert Repayment.objects.filter(loan_id=loan_id).count() == 1
        assert Loan.objects.get(pk=loan_id).status == "CLOSED"

        closed = client.post(
            f"{API}/loans/{loan_id}/repayments",
            {"amount_satang": 100, "on": "2025-05-02"},
            content_type="application/json",
            headers=t,
        )
        assert closed.status_code == 422
        assert closed.json()["code"] == "loan_already_repaid_closed"


class TestSavingsOverTheApi:
    def test_collects_a_meeting_and_reports_who_missed(
        self, client, fund, treasurer, members, national_manager
    ):
        from thanrak.finance import actions
        from thanrak.finance.tests.factories import AT

        actions.bylaw_amend(
            fund=fund, effective_from=D(2025, 2, 1), monthly_savings_satang=10_000, by=national_manager, at=AT
        )
        response = client.post(
            f"{API}/funds/{fund.pk}/savings/collect",
            {"on": "2025-02-05", "items": [{"member_id": members[0].pk, "amount_satang": 10_000}]},
            content_type="application/json",
            headers=auth(treasurer),
        )

        assert response.status_code == 200
        missed = client.get(
            f"{API}/funds/{fund.pk}/savings/missed?month=2025-02-01", headers=auth(treasurer)
        ).json()
        assert sorted(m["member_id"] for m in missed) == sorted(m.pk for m in members[1:])

    def test_refuses_a_negative_amount_before_anything_is_written(self, client, fund, treasurer, members):
        response = client.post(
            f"{API}/members/{members[0].pk}/savings",
            {"kind": "SAJJA", "amount_satang": -5, "on": "2025-02-05"},
            content_type="application/json",
            headers=auth(treasurer),
        )

        assert response.status_code == 422
        assert not JournalEntry.objects.filter(kind="SAVINGS").exists()


class TestScopingOverTheApi:
    def test_the_auditor_reads_the_trial_balance_but_cannot_post(self, client, funded, auditor):
        tb = client.get(f"{API}/funds/{funded.pk}/trial-balance?as_of=2025-12-31", headers=auth(auditor))
        posted = client.post(
            f"{API}/funds/{funded.pk}/journal",
            {
                "on": "2025-02-01",
                "memo": "x",
                "legs": [{"role": "cash", "debit_satang": 1}, {"role": "capital", "credit_satang": 1}],
            },
            content_type="application/json",
            headers=auth(auditor),
        )

        assert tb.status_code == 200 and tb.json()["balanced"] is True
        assert posted.status_code == 403

    def test_an_officer_of_another_organisation_gets_nothing(self, client, funded, org_officer):
        assert client.get(f"{API}/funds/{funded.pk}", headers=auth(org_officer)).status_code == 404
        assert client.get(f"{API}/funds", headers=auth(org_officer)).json() == []

    def test_a_member_sees_only_their_own_row(self, client, fund, members, make_user):
        user = make_user("saver", "MEMBER")
        members[0].person.user = user
        members[0].person.save(update_fields=["user"])

        rows = client.get(f"{API}/funds/{fund.pk}/members", headers=auth(user)).json()

        assert [r["id"] for r in rows] == [members[0].pk]
        assert client.get(f"{API}/members/{members[1].pk}/passbook", headers=auth(user)).status_code == 404
        assert client.get(f"{API}/me", headers=auth(user)).json()[0]["member"]["id"] == members[0].pk

    def test_the_roll_up_stays_inside_the_callers_area(self, client, funded, district_officer):
        assert (
            client.get(f"{API}/rollup?area=5601", headers=auth(district_officer)).json()["total"]["funds"]
            == 1
        )
        assert client.get(f"{API}/rollup?area=50", headers=auth(district_officer)).status_code == 403


class TestImportOverTheApi:
    CSV = (
        "member_no,citizen_id,first_name,last_name,area_code,sajja,shares,loan_no,loan_outstanding,"
        "loan_rate_percent,loan_installments_left,loan_method,loan_frequency,loan_next_due_date\n"
        "1,{a},สมศรี,ใจงาม,56010101,1200,300,P-7,5000,6,5,declining_principal,monthly,2025-04-05\n"
        "2,{b},สมหมาย,ใจดี,56010101,800,,,,,,,,\n"
    )

    def test_brings_members_balances_and_loans_in_at_once(self, client, fund, district_officer):
        from thanrak.registry.tests.factories import citizen_id, village

        village()
        body = self.CSV.format(a=citizen_id(), b=citizen_id()).encode()
        response = client.post(
            f"{API}/funds/{fund.pk}/import",
            {"file": _upload(body), "opening_date": "2025-03-01", "cash_satang": "1000000"},
            headers=auth(district_officer),
        )

        assert response.status_code == 200, response.content
        assert response.json() == {
            "members": 2,
            "persons_registered": 2,
            "loans": 1,
            "entry_id": response.json()["entry_id"],
        }
        tb = client.get(
            f"{API}/funds/{fund.pk}/trial-balance?as_of=2025-03-01", headers=auth(district_officer)
        ).json()
        assert tb["balanced"]

    def test_refuses_the_whole_file_and_names_row_and_column(self, client, fund, district_officer):
        from thanrak.registry.tests.factories import citizen_id

        body = self.CSV.format(a=citizen_id(), b="1234567890123").encode()
        response = client.post(
            f"{API}/funds/{fund.pk}/import",
            {"file": _upload(body), "opening_date": "2025-03-01", "cash_satang": "0"},
            headers=auth(district_officer),
        )

        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "row 3: citizen_id"
        assert not fund.members.exists()

    def test_lists_a_hundred_problems_of_a_file_full_of_them_then_how_many_more(
        self, client, fund, district_officer
    ):
        header = self.CSV.splitlines()[0]
        rows = "".join(f"{n},1234567890123,สมหมาย,ใจดี,56010101,800,,,,,,,,\n" for n in range(1, 301))
        response = client.post(
            f"{API}/funds/{fund.pk}/import",
            {"file": _upload(f"{header}\n{rows}".encode()), "opening_date": "2025-03-01", "cash_satang": "0"},
            headers=auth(district_officer),
        )

        assert response.status_code == 422
        errors = response.json()["errors"]
        assert len(errors) == 101
        assert "200 more problems not listed" in errors[-1]["message"]

    def test_refuses_a_file_of_a_million_columns_with_one_message(self, client, fund, district_officer):
        wide = b",".join(b"c%d" % i for i in range(1_000_000)) + b"\n1,2\n"
        response = client.post(
            f"{API}/funds/{fund.pk}/import",
            {"file": _upload(wide), "opening_date": "2025-03-01", "cash_satang": "0"},
            headers=auth(district_officer),
        )

        assert response.status_code == 422
        assert len(response.json()["errors"]) == 1
        assert len(response.content) < 2000


def _upload(body: bytes):  # noqa: ANN202
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("members.csv", body, content_type="text/csv")


def test_the_calculator_answers_build_schedule(client, treasurer):
    response = client.get(
        f"{API}/schedule?principal_satang=100000&annual_rate_bp=1200&periods=3&method=declining_installment"
        "&frequency=monthly&first_due_date=2026-01-31",
        headers=auth(treasurer),
    )

    assert [(i["due_date"], i["principal_satang"], i["interest_satang"]) for i in response.json()] == [
        ("2026-01-31", 33_002, 1_000),
        ("2026-02-28", 33_332, 670),
        ("2026-03-31", 33_666, 337),
    ]
