"""The month end from the treasurer's page: at once for a small fund, on the task worker for a large one."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from thanrak.finance.models import LoanMonthEnd
from thanrak.finance.tests import factories
from thanrak.finance.views import ledger as ledger_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def lending(funded, treasurer, chair, members):  # noqa: ANN001
    """Two loans paid out on 1 Feb 2025; neither repays, so both are late by 30 June."""
    for m in members[:2]:
        factories.active_loan(borrower=m, recorder=treasurer, approver=chair)
    return funded


class TestTheMonthEndPage:
    def test_the_treasurer_runs_it_and_reads_what_it_did(self, client, lending, treasurer):
        client.force_login(treasurer)
        url = reverse("finance:month-end", args=[lending.pk])

        response = client.post(url, {"as_of": "2025-06-30"}, follow=True)

        page = response.content.decode()
        assert "บันทึกเงินกู้ที่ยังผ่อนอยู่ 2 สัญญา ค้างชำระ 2 สัญญา" in page
        assert LoanMonthEnd.objects.filter(fund=lending, as_of=dt.date(2025, 6, 30)).count() == 2
        assert "30 มิ.ย. 2568" in page  # in the table of month ends run

    def test_refuses_a_month_end_not_yet_over(self, client, lending, treasurer):
        client.force_login(treasurer)

        page = client.post(reverse("finance:month-end", args=[lending.pk]), {"as_of": "31/12/2580"}).text

        assert "ประมวลผลสิ้นเดือนได้หลังจากวันนั้นผ่านไปแล้ว" in page
        assert not LoanMonthEnd.objects.exists()

    def test_a_large_fund_runs_on_the_worker_with_its_status_on_the_page(
        self, client, lending, treasurer, monkeypatch
    ):
        monkeypatch.setattr(ledger_views, "MONTH_END_DIRECT_LOANS", 1)
        client.force_login(treasurer)
        url = reverse("finance:month-end", args=[lending.pk])

        queued = client.post(url, {"as_of": "2025-06-30"})
        waiting = client.get(queued["Location"]).content.decode()
        # the worker closes "old" connections between tasks; on PostgreSQL that is the test's own
        monkeypatch.setattr(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        )
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
        done = client.get(queued["Location"], headers={"HX-Request": "true"}).content.decode()

        assert "?task=" in queued["Location"]
        assert "กำลังประมวลผลสิ้นเดือนอยู่เบื้องหลัง" in waiting and 'hx-trigger="every 2s"' in waiting
        assert "บันทึกเงินกู้ที่ยังผ่อนอยู่ 2 สัญญา" in done and "every 2s" not in done
        assert LoanMonthEnd.objects.filter(fund=lending).count() == 2

    def test_is_not_for_the_auditor(self, client, lending, auditor):
        client.force_login(auditor)

        assert client.get(reverse("finance:month-end", args=[lending.pk])).status_code == 403
