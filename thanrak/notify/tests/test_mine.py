"""The member's own page: their savings, loans and what is due with a PromptPay QR carrying the
amount, trainings, bookings, household — and never another member's."""

import datetime as dt
import re

import pytest

from thanrak.commerce.promptpay import crc16_ccitt_false, parse_payload
from thanrak.notify import actions, queries
from thanrak.notify.models import FundPromptPay

TODAY = dt.date(2025, 2, 20)  # the loan's first installment falls due 1 Mar 2025


def _login_as(make_user, person, username):  # noqa: ANN001, ANN202
    user = make_user(username, "MEMBER")
    person.user = user
    person.save(update_fields=["user"])
    return user


@pytest.fixture
def two(borrower_setup, make_user, national_manager):  # noqa: ANN001
    from thanrak.finance.tests import factories

    fund = borrower_setup["fund"]
    FundPromptPay.objects.create(fund=fund, account="0812345678")
    me = _login_as(make_user, borrower_setup["borrower"].person, "me_member")
    other_member = factories.member(fund=fund, by=national_manager, first_name="สมศรี", last_name="คนอื่น")
    other_loan = factories.active_loan(
        borrower=other_member, recorder=borrower_setup["treasurer"], approver=borrower_setup["chair"]
    )
    other = _login_as(make_user, other_member.person, "other_member")
    return {**borrower_setup, "me": me, "other": other, "other_loan": other_loan}


def test_the_due_installment_carries_a_promptpay_qr_with_its_amount(two):
    mine = queries.mine(viewer=two["me"], today=TODAY)
    (due,) = [d for d in mine.dues if d.what == "installment"]
    assert due.label == two["loan"].number and due.on == dt.date(2025, 3, 1)
    fields = parse_payload(due.payload)
    assert fields["54"] == f"{due.amount_satang // 100}.{due.amount_satang % 100:02d}"
    assert fields["01"] == "12"  # dynamic: one payment with its amount
    assert "0066812345678" in fields["29"]
    body, crc = due.payload[:-4], due.payload[-4:]
    assert crc == f"{crc16_ccitt_false(body.encode()):04X}"
    assert due.qr_svg.startswith("<svg") or "<svg" in due.qr_svg


def test_the_page_shows_only_my_own(client, two):
    client.force_login(two["me"])
    page = client.get("/notify/me/page/")
    assert page.status_code == 200
    html = page.content.decode()
    assert two["loan"].number in html and "<svg" in html
    assert two["other_loan"].number not in html and "สมศรี" not in html


def test_the_other_member_sees_theirs_not_mine(client, two):
    client.force_login(two["other"])
    html = client.get("/notify/me/page/").content.decode()
    assert two["other_loan"].number in html and two["loan"].number not in html


def test_no_promptpay_id_no_qr(two):
    FundPromptPay.objects.all().delete()
    (due,) = [d for d in queries.mine(viewer=two["me"], today=TODAY).dues if d.what == "installment"]
    assert due.payload == "" and due.amount_satang > 0


@pytest.mark.parametrize("who", ["district_officer", "org_officer", "national_manager"])
def test_staff_have_no_member_page(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/notify/me/page/").status_code == 403


def test_a_member_without_a_fund_sees_empty_sections(client, member):
    client.force_login(member)
    html = client.get("/notify/me/page/").content.decode()
    assert "ไม่มียอดที่ต้องชำระ" in html


def test_the_fund_s_promptpay_id_is_checked(borrower_setup):
    from thanrak.core.errors import DomainError

    fund = borrower_setup["fund"]
    with pytest.raises(DomainError) as refused:
        actions.set_collection_day(fund_id=fund.pk, day=5, promptpay="12345")
    assert refused.value.code == "bad_promptpay"
    actions.set_collection_day(fund_id=fund.pk, day=5, promptpay="081-234-5678")
    assert FundPromptPay.objects.get(fund=fund).account == "0812345678"


def test_the_savings_of_the_month_are_due_on_the_collection_day(two):
    from thanrak.finance.models import BylawVersion

    BylawVersion.objects.filter(fund=two["fund"]).update(monthly_savings_satang=20_000)
    actions.set_collection_day(fund_id=two["fund"].pk, day=25)
    (due,) = [d for d in queries.mine(viewer=two["me"], today=TODAY).dues if d.what == "savings"]
    assert (due.on, due.amount_satang) == (dt.date(2025, 2, 25), 20_000)
    assert re.search(r"54\d\d200\.00", due.payload)
