"""Phayao demo: the `villager` persona's LINE and mobile, with consent, and the reminders the
nightly run would queue (their next installment within 30 days, if they have one). Nothing is sent:
the demo has no provider (`manage.py notify_send` with LINE_API_BASE pointed at a stand-in would)."""

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from thanrak.demo.logins import Login
from thanrak.finance.models import Installment, InstallmentStatus, LoanStatus
from thanrak.notify import actions
from thanrak.notify.actions.reminders import _queue_installment
from thanrak.notify.models import Channel, Kind
from thanrak.registry.models import Person

DEMO_LINE_USER = "U0000000000000000000000000demo01"
DEMO_MOBILE = "0812345678"


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
        upcoming = (
            Installment.objects.filter(
                loan__borrower__person=person,
                loan__status=LoanStatus.ACTIVE,
                status=InstallmentStatus.OPEN,
                due_date__lte=today + dt.timedelta(days=30),
            )
            .select_related("loan__fund__organisation", "loan__borrower__person")
            .order_by("due_date")
            .first()
        )
        queued = 0
        if upcoming is not None and upcoming.version == upcoming.loan.schedule_version:
            queued = _queue_installment(upcoming, Kind.INSTALLMENT_DUE, 0, now)
    counts = actions.queue_due(on=today, at=now)
    stdout.write(f"  villager on LINE and SMS; {queued} reminder for them; nightly run today: {counts}")
    return []
