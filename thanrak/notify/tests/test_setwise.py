"""The savings reminders written by one INSERT … SELECT per kind and day: the same rules as one by
one (consent, LINE before SMS, mutes per person and per organisation, the month paid, once per
member and day), the person's language, and a valid retry key per message."""

import datetime as dt
import uuid

import pytest

from thanrak.finance.tests import factories
from thanrak.notify import actions
from thanrak.notify.models import CollectionDay, Message, SavingsQueued
from thanrak.notify.tests.conftest import NOON

DUE_ON = dt.date(2025, 3, 7)  # three days before the 10th


@pytest.fixture
def group(national_manager, make_user):  # noqa: ANN001
    treasurer = make_user("setwise_treasurer", "ORG_OFFICER")
    chair = make_user("setwise_chair", "ORG_OFFICER")
    fund = factories.lending_fund(
        by=national_manager, treasurer=treasurer, chair=chair, bylaw={"monthly_savings_satang": 10_000}
    )
    CollectionDay.objects.create(fund=fund, day=10)
    members = [factories.member(fund=fund, by=national_manager) for _ in range(4)]
    for m in members:
        actions.set_mobile(person=m.person, mobile=f"08{m.pk:08d}", consent=True, at=NOON)
    return fund, members, treasurer


def _due(person):  # noqa: ANN001, ANN202
    return Message.objects.filter(kind="savings_due", person=person)


def test_every_consenting_member_once_and_a_second_run_adds_nothing(group):
    _fund, members, _t = group
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 4
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 0
    keys = set(Message.objects.values_list("dedupe_key", flat=True))
    assert keys == {f"savings_due:{m.pk}:2025-03-10" for m in members}
    retry_keys = {str(m.uuid) for m in Message.objects.all()}
    assert len(retry_keys) == 4
    assert all(uuid.UUID(k).version == 4 for k in retry_keys)
    message = Message.objects.get(person=members[0].person)
    assert (message.status, message.channel, message.next_attempt_at) == ("QUEUED", "SMS", NOON)
    assert message.organisation_id == members[0].fund.organisation_id
    assert message.area_code == members[0].person.area_code


def test_nothing_without_consent_or_after_it_is_withdrawn(group):
    _fund, members, _t = group
    actions.withdraw_consent(person=members[0].person, channel="SMS", at=NOON)
    members[1].person.notify_channels.all().delete()
    actions.queue_due(on=DUE_ON, at=NOON)
    assert not _due(members[0].person).exists()
    assert not _due(members[1].person).exists()
    assert _due(members[2].person).exists()


def test_line_is_preferred_when_linked_with_consent(group):
    _fund, members, _t = group
    code = actions.new_link_code(person=members[0].person)
    actions.link_line(code=code, user_id="U" + "a" * 32, at=NOON)
    actions.queue_due(on=DUE_ON, at=NOON)
    assert _due(members[0].person).get().channel == "LINE"
    assert _due(members[1].person).get().channel == "SMS"


def test_a_person_and_an_organisation_turn_it_off(group):
    fund, members, _t = group
    actions.set_person_kind(person=members[0].person, kind="savings_due", enabled=False)
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 3
    assert not _due(members[0].person).exists()
    Message.objects.all().delete()
    SavingsQueued.objects.all().delete()
    actions.set_organisation_kind(organisation=fund.organisation, kind="savings_due", enabled=False)
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 0


def test_who_paid_the_month_is_not_told_it_was_missed(group):
    _fund, members, treasurer = group
    factories.save(member=members[0], by=treasurer, satang=10_000, on=dt.date(2025, 3, 10))
    counts = actions.queue_due(on=dt.date(2025, 3, 11), at=NOON)
    assert counts["savings_missed"] == 3
    assert not Message.objects.filter(kind="savings_missed", person=members[0].person).exists()
    text = Message.objects.filter(kind="savings_missed").first().text
    assert "100.00 บาท" in text and "10 มี.ค. 2568" in text


def test_the_text_is_in_the_language_the_person_chose(group):
    _fund, members, _t = group
    actions.set_language(person=members[0].person, language="en")
    actions.queue_due(on=DUE_ON, at=NOON)
    english = _due(members[0].person).get().text
    assert english.startswith("Thanrak:") and "100.00 baht" in english
    assert _due(members[1].person).get().text.startswith("ธันรักษ์:")


def test_the_national_managers_text_is_used(group, national_manager):
    _fund, members, _t = group
    actions.template_update(
        kind="savings_due", text_th="ออม {amount} บาท ที่ {fund}", text_en="", by=national_manager
    )
    actions.queue_due(on=DUE_ON, at=NOON)
    assert _due(members[0].person).get().text.startswith("ออม 100.00 บาท ที่ ")


def test_the_daily_cap_and_quiet_hours_still_hold_when_sending(group, provider):
    _fund, members, _t = group
    actions.queue_due(on=DUE_ON, at=NOON)
    night = NOON.replace(hour=22)
    counts = actions.send_due(now=night)
    assert counts == {"DEFERRED": 4}
    assert set(Message.objects.values_list("note", flat=True)) == {"quiet_hours"}
    assert not provider.requests


def test_a_rerun_skips_the_funds_already_queued(group):
    _fund, members, _t = group
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 4
    assert SavingsQueued.objects.filter(kind="savings_due", day=dt.date(2025, 3, 10)).count() == 1
    Message.objects.filter(person=members[0].person).delete()
    # The fund is marked done: the rerun does not look at its members again.
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 0
    assert not _due(members[0].person).exists()


def test_a_half_queued_fund_gets_the_rest_and_no_one_twice(group):
    _fund, members, _t = group
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 4
    # As if the run had stopped half-way through the fund: two messages and no marker.
    SavingsQueued.objects.all().delete()
    Message.objects.filter(person__in=[m.person for m in members[2:]]).delete()
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 2
    assert all(_due(m.person).count() == 1 for m in members)
    assert SavingsQueued.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_parts_run_concurrently_each_on_its_own_connection(
    national_manager, make_user, settings
):
    settings.NOTIFY_QUEUE_WORKERS = 2
    treasurer = make_user("setwise_treasurer", "ORG_OFFICER")
    chair = make_user("setwise_chair", "ORG_OFFICER")
    people = []
    for _ in range(3):  # three funds: parts of one or two funds on two connections
        fund = factories.lending_fund(
            by=national_manager, treasurer=treasurer, chair=chair, bylaw={"monthly_savings_satang": 10_000}
        )
        CollectionDay.objects.create(fund=fund, day=10)
        for _ in range(2):
            m = factories.member(fund=fund, by=national_manager)
            actions.set_mobile(person=m.person, mobile=f"08{m.pk:08d}", consent=True, at=NOON)
            people.append(m.person)
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 6
    assert SavingsQueued.objects.count() == 3
    assert all(_due(p).count() == 1 for p in people)
    assert actions.queue_due(on=DUE_ON, at=NOON)["savings_due"] == 0
