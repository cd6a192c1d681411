"""The outbox against a real local HTTP server: the requests as LINE and ThaiBulkSMS document them,
retries with back-off, sent once across a worker's death, quiet hours, the cap, consent."""

import base64
import datetime as dt
import urllib.parse

import pytest
from django.db import transaction
from django.utils import timezone

from thanrak.notify import actions
from thanrak.notify.models import Message, Status
from thanrak.notify.tests.conftest import NOON

DUE_SOON = dt.date(2025, 2, 26)  # the first installment falls due 1 Mar 2025


def link_line(person, user_id="U4af4980629abcdef0123456789abcdef"):  # noqa: ANN001, ANN201
    code = actions.new_link_code(person=person)
    return actions.link_line(code=code, user_id=user_id, at=NOON)


@pytest.fixture
def on_line(borrower_setup):  # noqa: ANN001
    link_line(borrower_setup["borrower"].person)
    return borrower_setup


class TestLine:
    def test_the_push_is_sent_as_line_documents_it(self, provider, on_line):
        assert actions.queue_due(on=DUE_SOON, at=NOON)["installment_due"] == 1
        message = Message.objects.get()
        assert actions.send_due(now=NOON) == {Status.SENT: 1}
        (seen,) = provider.requests
        assert seen.path == "/v2/bot/message/push"
        assert seen.headers["Authorization"] == "Bearer line-token"
        assert seen.headers["Content-Type"] == "application/json"
        assert seen.headers["X-Line-Retry-Key"] == str(message.uuid)
        body = seen.json()
        assert body["to"] == "U4af4980629abcdef0123456789abcdef"
        assert body["messages"][0]["type"] == "text"
        text = body["messages"][0]["text"]
        assert "1 มี.ค. 2568" in text  # B.E. date
        assert "บาท" in text and on_line["loan"].number in text
        message.refresh_from_db()
        assert (message.status, message.attempts, message.attempt_rows.get().status_code) == (
            Status.SENT,
            1,
            200,
        )

    def test_queueing_a_day_twice_adds_nothing(self, provider, on_line):
        actions.queue_due(on=DUE_SOON, at=NOON)
        assert sum(actions.queue_due(on=DUE_SOON, at=NOON).values()) == 0
        assert Message.objects.count() == 1

    def test_overdue_one_day(self, provider, on_line):
        counts = actions.queue_due(on=dt.date(2025, 3, 2), at=NOON)
        assert (counts["installment_due"], counts["installment_overdue"]) == (0, 1)
        assert "เลยกำหนด 1 วัน" in Message.objects.get().text

    def test_a_failing_provider_is_retried_with_back_off_and_each_answer_kept(self, provider, on_line):
        actions.queue_due(on=DUE_SOON, at=NOON)
        provider.script = [500, 503]
        assert actions.send_due(now=NOON) == {Status.QUEUED: 1}
        message = Message.objects.get()
        assert message.next_attempt_at == NOON + dt.timedelta(minutes=1)
        assert actions.send_due(now=NOON) == {}  # not before its time
        later = NOON + dt.timedelta(minutes=1)
        actions.send_due(now=later)
        message.refresh_from_db()
        assert message.next_attempt_at == later + dt.timedelta(minutes=2)
        actions.send_due(now=later + dt.timedelta(minutes=2))
        message.refresh_from_db()
        assert message.status == Status.SENT
        assert list(message.attempt_rows.values_list("status_code", flat=True)) == [500, 503, 200]
        assert len({r.headers["X-Line-Retry-Key"] for r in provider.requests}) == 1

    def test_sent_once_when_the_worker_dies_after_line_accepted(self, provider, on_line):
        from thanrak.notify.actions.outbox import LEASE, _call, _claim

        actions.queue_due(on=DUE_SOON, at=NOON)
        _batch, [(message, channel)] = _claim(NOON, 1, ids=[Message.objects.get().pk])
        assert _call(message, channel).status_code == 200  # LINE accepted; the worker dies here
        assert actions.send_due(now=NOON) == {}  # the claim's lease still holds
        assert actions.send_due(now=NOON + LEASE) == {Status.SENT: 1}
        message.refresh_from_db()
        assert (message.note, message.attempt_rows.get().status_code) == ("accepted_earlier", 409)
        assert len(provider.accepted_keys) == 1  # delivered once

    def test_a_refusal_is_not_retried(self, provider, on_line):
        actions.queue_due(on=DUE_SOON, at=NOON)
        provider.script = [400]
        assert actions.send_due(now=NOON) == {Status.FAILED: 1}

    def test_withdrawn_consent_stops_a_queued_message(self, provider, on_line):
        actions.queue_due(on=DUE_SOON, at=NOON)
        actions.withdraw_line_user(user_id="U4af4980629abcdef0123456789abcdef", at=NOON)
        assert actions.send_due(now=NOON) == {Status.SKIPPED: 1}
        assert provider.requests == []


class TestSms:
    @pytest.fixture
    def on_sms(self, borrower_setup):  # noqa: ANN001
        actions.set_mobile(
            person=borrower_setup["borrower"].person, mobile="081-234-5678", consent=True, at=NOON
        )
        return borrower_setup

    def test_the_gateway_call(self, provider, on_sms):
        actions.queue_due(on=DUE_SOON, at=NOON)
        assert actions.send_due(now=NOON) == {Status.SENT: 1}
        (seen,) = provider.requests
        assert seen.path == "/sms"
        assert seen.headers["Authorization"] == "Basic " + base64.b64encode(b"key:secret").decode()
        form = urllib.parse.parse_qs(seen.body.decode())
        assert form["msisdn"] == ["0812345678"] and form["sender"] == ["THANRAK"]
        assert "บาท" in form["message"][0]

    def test_no_sms_at_night(self, provider, on_sms):
        actions.queue_due(on=DUE_SOON, at=NOON)
        night = NOON.replace(hour=22)
        assert actions.send_due(now=night) == {Status.DEFERRED: 1}
        message = Message.objects.get()
        assert timezone.localtime(message.next_attempt_at).hour == 8
        assert provider.requests == []
        assert actions.send_due(now=message.next_attempt_at) == {Status.SENT: 1}

    def test_a_stale_sms_claim_is_not_sent_twice(self, provider, on_sms):
        from thanrak.notify.actions.outbox import LEASE, _claim

        actions.queue_due(on=DUE_SOON, at=NOON)
        _claim(NOON, 1, ids=[Message.objects.get().pk])  # the worker dies before recording
        assert actions.send_due(now=NOON + LEASE) == {Status.UNCERTAIN: 1}
        assert provider.requests == []


def test_no_consent_no_message(provider, borrower_setup):
    assert sum(actions.queue_due(on=DUE_SOON, at=NOON).values()) == 0


def test_a_kind_turned_off_by_the_person_or_the_organisation(provider, on_line):
    person = on_line["borrower"].person
    actions.set_person_kind(person=person, kind="installment_due", enabled=False)
    assert actions.queue_due(on=DUE_SOON, at=NOON)["installment_due"] == 0
    actions.set_person_kind(person=person, kind="installment_due", enabled=True)
    actions.set_organisation_kind(
        organisation=on_line["fund"].organisation, kind="installment_due", enabled=False
    )
    assert actions.queue_due(on=DUE_SOON, at=NOON)["installment_due"] == 0


def test_the_daily_cap(provider, on_line):
    person = on_line["borrower"].person
    for n in range(6):
        actions.queue(person=person, kind="loan_decision", params={}, reason="t", dedupe_key=f"t{n}", at=NOON)
    counts = actions.send_due(now=NOON)
    assert counts == {Status.SENT: 5, Status.DEFERRED: 1}


class TestLoanDecisionEvent:
    def test_written_in_finance_s_transaction(self, provider, borrower_setup, national_manager):
        from thanrak.finance import actions as finance_actions
        from thanrak.finance.tests import factories

        setup = borrower_setup
        applicant = factories.member(fund=setup["fund"], by=national_manager)
        link_line(applicant.person)
        at = timezone.now()
        loan = finance_actions.loan_apply(
            borrower=applicant,
            principal_satang=500_000,
            periods=6,
            method="flat",
            frequency="monthly",
            applied_on=dt.date(2025, 2, 15),
            by=setup["treasurer"],
            at=at,
        )
        with pytest.raises(RuntimeError), transaction.atomic():
            finance_actions.loan_decide(loan=loan, decision="APPROVE", by=setup["chair"], at=at)
            assert Message.objects.filter(kind="loan_decision").count() == 1
            raise RuntimeError  # the decision rolls back: so does its message
        assert not Message.objects.filter(kind="loan_decision").exists()
        finance_actions.loan_decide(loan=loan, decision="APPROVE", by=setup["chair"], at=at)
        message = Message.objects.get(kind="loan_decision")
        assert "อนุมัติ" in message.text and "5,000.00" in message.text


class TestBatchedSending:
    """Many messages at once: claimed in batches, sent by a pool of threads over kept-alive
    connections, each with its own retry key, the daily cap counted across the batch."""

    @pytest.fixture
    def many(self, national_manager, settings):  # noqa: ANN001
        from thanrak.registry.tests import factories as registry

        settings.NOTIFY_SEND_THREADS = 4
        people = [registry.person(by=national_manager, area_code="56010101") for _ in range(12)]
        for i, person in enumerate(people):
            link_line(person, user_id=f"U{i:032d}")
        return people

    def _queue(self, people, per_person=1):  # noqa: ANN001, ANN202
        for person in people:
            for n in range(per_person):
                actions.queue(
                    person=person,
                    kind="money_received",
                    params={"fund": "กองทุน", "amount": "100.00", "what": "เงินออม", "date": "1 มี.ค. 2568"},
                    reason="bench",
                    dedupe_key=f"t:{person.pk}:{n}",
                    at=NOON,
                )

    def test_every_message_once_with_its_own_retry_key(self, provider, many):
        self._queue(many, per_person=2)
        assert actions.send_due(now=NOON, batch=5) == {Status.SENT: 24}
        keys = [seen.headers["X-Line-Retry-Key"] for seen in provider.requests]
        assert sorted(keys) == sorted(str(u) for u in Message.objects.values_list("uuid", flat=True))
        assert Message.objects.filter(attempt_rows__status_code=200).count() == 24
        assert actions.send_due(now=NOON) == {}

    def test_the_cap_holds_inside_one_batch(self, provider, many):
        self._queue(many[:1], per_person=7)
        assert actions.send_due(now=NOON, batch=50) == {Status.SENT: 5, Status.DEFERRED: 2}
        assert len(provider.requests) == 5

    def test_a_failure_in_the_batch_retries_only_that_message(self, provider, many):
        self._queue(many[:3])
        provider.script = [503]
        counts = actions.send_due(now=NOON)
        assert counts == {Status.SENT: 2, Status.QUEUED: 1}
        failed = Message.objects.get(status=Status.QUEUED)
        assert failed.attempt_rows.get().status_code == 503
        assert failed.next_attempt_at == NOON + dt.timedelta(minutes=1)
