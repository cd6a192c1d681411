"""Phayao demo: the `villager` persona's LINE and mobile, with consent, something due for them within
30 days (when the finance demo left them no active loan, a small one is applied for, approved and paid
out through finance's actions — its decision is a message too), and the nightly run for the day.
Nothing is sent: the demo has no provider (`manage.py notify_send` with LINE_API_BASE pointed at a
stand-in would)."""

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.core.errors import DomainError
from thanrak.demo.logins import Login
from thanrak.finance import actions as finance_actions
from thanrak.finance.models import FundMember, Installment, InstallmentStatus, LoanStatus
from thanrak.notify import actions
from thanrak.notify.actions.reminders import queue_installment
from thanrak.notify.models import Channel, Kind
from thanrak.registry.models import Person

DEMO_LINE_USER = "U0000000000000000000000000demo01"
DEMO_MOBILE = "0812345678"


def _loan_for(person: Person, today: dt.date, now: dt.datetime) -> str:
    """A 5,000-baht loan for the villager in their savings group, first due in 20 days."""
    member = FundMember.objects.filter(person=person, left_on__isnull=True).select_related("fund").first()
    treasurer = User.objects.filter(username="savings").first()
    chair = User.objects.filter(username="savings_chair").first()
    if member is None or treasurer is None or chair is None:
        return "no savings group for the villager"
    guarantors = list(
        FundMember.objects.filter(fund=member.fund, left_on__isnull=True)
        .exclude(pk=member.pk)
        .exclude(person__user__in=[treasurer, chair])
        .order_by("pk")[:2]
    )
    try:
        loan = finance_actions.loan_apply(
            borrower=member,
            principal_satang=500_000,
            periods=6,
            method="flat",
            frequency="monthly",
            applied_on=today,
            by=treasurer,
            at=now,
            purpose="ทุนปลูกผัก",
            guarantors=guarantors,
            key=f"notify-demo-{today.isoformat()}",
        )
        loan = finance_actions.loan_decide(loan=loan, decision="APPROVE", by=chair, at=now)
        finance_actions.loan_disburse(
            loan=loan,
            on=today,
            by=treasurer,
            at=now,
            first_due_date=today + dt.timedelta(days=20),
            key=f"notify-demo-pay-{today.isoformat()}",
        )
    except DomainError as error:
        return f"no demo loan: {error}"
    return f"loan {loan.number}"


def _next_due(person: Person, today: dt.date) -> Installment | None:
    return (
        Installment.objects.filter(
            loan__borrower__person=person,
            loan__status=LoanStatus.ACTIVE,
            status=InstallmentStatus.OPEN,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=30),
        )
        .select_related("loan__fund__organisation", "loan__borrower__person")
        .order_by("due_date")
        .first()
    )


DEMO_PROMPTPAY = "0899999999"


def _fund_settings(person: Person) -> None:
    """The villager's funds collect savings on the 25th and take PromptPay, so the member's page has
    a QR with the amount and the nightly run has savings reminders."""
    for member in FundMember.objects.filter(person=person, left_on__isnull=True):
        actions.set_collection_day(fund_id=member.fund_id, day=25, promptpay=DEMO_PROMPTPAY)


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:
    person = Person.objects.filter(user__username="villager").first()
    if person is None:
        stdout.write("  no villager persona: notify demo skipped")
        return []
    now = timezone.now()
    with transaction.atomic():
        if not Channel.objects.filter(person=person, kind="LINE").exclude(address="").exists():
            actions.link_line(code=actions.new_link_code(person=person), user_id=DEMO_LINE_USER, at=now)
        actions.set_mobile(person=person, mobile=DEMO_MOBILE, consent=True, at=now)
    made = "" if _next_due(person, today) else _loan_for(person, today, now)
    with transaction.atomic():
        upcoming = _next_due(person, today)
        queued = 0
        if upcoming is not None and upcoming.version == upcoming.loan.schedule_version:
            queued = int(queue_installment(upcoming, Kind.INSTALLMENT_DUE, 0, now))
    _fund_settings(person)
    counts = actions.queue_due(on=today, at=now)
    stdout.write(
        f"  villager on LINE and SMS; {made} {queued} new reminder for them; nightly run today: {counts}"
    )
    return []
