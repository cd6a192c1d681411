"""The kinds beyond loan reminders: each caused by the domain action (one `emit` line in its
transaction) or by the nightly run, turned off per organisation and per person, queued once."""

import datetime as dt

import pytest
from django.db import transaction

from thanrak.finance import actions as finance
from thanrak.finance.tests import factories
from thanrak.notify import actions
from thanrak.notify.models import CollectionDay, Message
from thanrak.notify.tests.conftest import NOON
from thanrak.registry.tests import factories as registry


def _reachable(person):  # noqa: ANN001, ANN202
    actions.set_mobile(person=person, mobile="081-234-5678", consent=True, at=NOON)


@pytest.fixture
def saver(borrower_setup):  # noqa: ANN001
    _reachable(borrower_setup["borrower"].person)
    return borrower_setup


def test_a_deposit_tells_the_member_the_money_came(saver):
    factories.save(member=saver["borrower"], by=saver["treasurer"], satang=25_000, on=dt.date(2025, 2, 5))
    message = Message.objects.get(kind="money_received")
    assert message.person == saver["borrower"].person
    assert "250.00 บาท" in message.text and "5 ก.พ. 2568" in message.text
    assert message.channel == "SMS"


def test_a_repayment_tells_the_borrower(saver):
    loan = saver["loan"]
    finance.loan_repay(
        loan=loan, amount_satang=50_000, on=dt.date(2025, 3, 1), by=saver["treasurer"], at=NOON
    )
    message = Message.objects.get(kind="money_received")
    assert loan.number in message.text and "500.00 บาท" in message.text


def test_the_message_rolls_back_with_the_deposit(saver):
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.save(member=saver["borrower"], by=saver["treasurer"], satang=25_000, on=dt.date(2025, 2, 5))
        raise RuntimeError
    assert not Message.objects.exists()


def test_an_organisation_turns_money_received_off(saver):
    actions.set_organisation_kind(
        organisation=saver["fund"].organisation, kind="money_received", enabled=False
    )
    factories.save(member=saver["borrower"], by=saver["treasurer"], satang=25_000, on=dt.date(2025, 2, 5))
    assert not Message.objects.filter(kind="money_received").exists()


class TestSavingsDay:
    @pytest.fixture
    def group(self, national_manager, make_user):  # noqa: ANN001
        treasurer = make_user("day_treasurer", "ORG_OFFICER")
        chair = make_user("day_chair", "ORG_OFFICER")
        fund = factories.lending_fund(
            by=national_manager, treasurer=treasurer, chair=chair, bylaw={"monthly_savings_satang": 10_000}
        )
        CollectionDay.objects.create(fund=fund, day=10)
        payer, late = (factories.member(fund=fund, by=national_manager) for _ in range(2))
        payer.treasurer = treasurer
        for m in (payer, late):
            actions.set_mobile(person=m.person, mobile=f"08{m.pk:08d}", consent=True, at=NOON)
        return fund, payer, late

    def test_due_three_days_before_then_queued_once(self, group):
        _fund, payer, late = group
        counts = actions.queue_due(on=dt.date(2025, 3, 7), at=NOON)
        assert counts["savings_due"] == 2
        assert sum(actions.queue_due(on=dt.date(2025, 3, 7), at=NOON).values()) == 0
        text = Message.objects.filter(kind="savings_due").first().text
        assert "10 มี.ค. 2568" in text and "100.00 บาท" in text

    def test_missed_the_day_after_only_for_who_did_not_pay(self, group):
        _fund, payer, late = group
        factories.save(member=payer, by=payer.treasurer, satang=10_000, on=dt.date(2025, 3, 10))
        counts = actions.queue_due(on=dt.date(2025, 3, 11), at=NOON)
        assert counts["savings_missed"] == 1
        assert Message.objects.get(kind="savings_missed").person == late.person

    def test_a_person_turns_savings_reminders_off(self, group):
        _fund, payer, late = group
        actions.set_person_kind(person=late.person, kind="savings_due", enabled=False)
        assert actions.queue_due(on=dt.date(2025, 3, 7), at=NOON)["savings_due"] == 1

    def test_no_day_set_no_reminders(self, group):
        CollectionDay.objects.all().delete()
        assert actions.queue_due(on=dt.date(2025, 3, 7), at=NOON)["savings_due"] == 0


def test_a_machinery_booking_is_confirmed(national_manager):
    from thanrak.assets import actions as assets
    from thanrak.assets.tests import factories as assets_factories

    org = registry.organisation(by=national_manager, area_code="560101")
    tractor = assets_factories.equipment(organisation=org, by=national_manager)
    farmer = registry.person(by=national_manager, area_code="56010101")
    assets_factories.join(farmer, org)
    _reachable(farmer)
    at = assets_factories.AT
    assets.booking_make(
        equipment=tractor,
        person=farmer,
        starts_at=at + dt.timedelta(hours=2),
        ends_at=at + dt.timedelta(hours=5),
        by=national_manager,
        at=at,
    )
    message = Message.objects.get(kind="booking_confirmed")
    assert tractor.name in message.text and "10:00" in message.text


class TestTraining:
    def test_enrolment_and_the_day_before(self, batch, sessions, people, district_officer):
        from thanrak.learning import actions as learning

        person = people[0]
        _reachable(person)
        learning.enrol(by=district_officer, batch=batch, person=person)
        assert "ศาลาหมู่บ้าน" in Message.objects.get(kind="training_enrolled").text
        counts = actions.queue_due(on=dt.date(2026, 11, 2), at=NOON)  # the 3 Nov session
        assert counts["training_tomorrow"] == 1
        text = Message.objects.get(kind="training_tomorrow").text
        assert "3 พ.ย. 2569" in text and "09:00" in text
        assert actions.queue_due(on=dt.date(2026, 11, 2), at=NOON)["training_tomorrow"] == 0


@pytest.fixture
def batch(district_officer):  # noqa: ANN001
    from thanrak.learning import actions as learning

    course = learning.course_create(
        by=district_officer, title="โคก หนอง นา โมเดล", hours=12, fiscal_year=2569, area_code="5601"
    )
    return learning.batch_create(
        by=district_officer,
        course=course,
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 11, 4),
        place="ศาลาหมู่บ้าน",
        area_code="560101",
        capacity=2,
        budget=1_500_000,
    )


@pytest.fixture
def sessions(batch, district_officer):  # noqa: ANN001
    from thanrak.learning import actions as learning

    return [
        learning.session_add(
            by=district_officer,
            batch=batch,
            date=dt.date(2026, 11, d),
            starts_at=dt.time(9),
            ends_at=dt.time(16),
        )
        for d in (2, 3, 4)
    ]


@pytest.fixture
def people(national_manager):  # noqa: ANN001
    return [registry.person(by=national_manager, area_code="56010101") for _ in range(2)]


def test_the_treasurer_sets_the_collection_day(client, borrower_setup):
    fund, treasurer = borrower_setup["fund"], borrower_setup["treasurer"]
    url = f"/notify/organisations/{fund.organisation_id}/kinds/"
    client.force_login(treasurer)
    assert fund.name_th in client.get(url).content.decode()
    client.post(url, {"fund": fund.pk, "day": "15"})
    assert CollectionDay.objects.get(fund=fund).day == 15
    page = client.post(url, {"fund": fund.pk, "day": "31"}, follow=True)
    assert "เลือกวันที่ 1 ถึง 28" in page.content.decode()
    assert CollectionDay.objects.get(fund=fund).day == 15
    client.post(url, {"fund": fund.pk, "day": ""})
    assert not CollectionDay.objects.filter(fund=fund).exists()


class TestOrders:
    @pytest.fixture
    def shop_and_buyer(self, org_officer, enterprise, national_manager):  # noqa: ANN001
        from thanrak.commerce.tests import factories as commerce

        shop = commerce.shop(by=org_officer, organisation=enterprise)
        commerce.default_bands(by=national_manager)
        product = commerce.product(by=org_officer, shop=shop, stock=10)
        officer_person = registry.person(by=national_manager, area_code="56010101")
        officer_person.user = org_officer
        officer_person.save(update_fields=["user"])
        actions.set_mobile(person=officer_person, mobile="0811111111", consent=True, at=NOON)
        buyer = registry.person(by=national_manager, area_code="56010101")
        actions.set_mobile(person=buyer, mobile="089-123-4567", consent=True, at=NOON)
        return product, officer_person, buyer

    def test_the_shop_hears_of_a_new_order_and_the_buyer_of_its_status(
        self, shop_and_buyer, org_officer, settings, tmp_path
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from thanrak.commerce import actions as commerce_actions
        from thanrak.commerce.tests.factories import AT, png_bytes
        from thanrak.commerce.tests.test_checkout import buy

        settings.MEDIA_ROOT = tmp_path
        product, officer_person, buyer = shop_and_buyer
        (order,) = buy(product.variants.get(), 2)
        new = Message.objects.get(kind="order_new")
        assert new.person == officer_person and order.number in new.text
        commerce_actions.order_slip_upload(
            order=order, upload=SimpleUploadedFile("slip.png", png_bytes(), "image/png"), at=AT
        )
        commerce_actions.order_payment_confirm(order=order, by=org_officer, at=AT)
        told = Message.objects.get(kind="order_status")
        assert told.person == buyer and order.number in told.text
