"""Listeners for the events the apps below emit (`core.events`): each runs in the emitter's
transaction and only writes outbox rows (never the network). Registered in `NotifyConfig.ready()`."""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils import timezone, translation

from thanrak.core.money import format_baht
from thanrak.core.thai import format_date
from thanrak.notify.actions.outbox import Pending, queue, queue_many
from thanrak.notify.models import Channel, ChannelKind, Kind
from thanrak.notify.rules import normalise_mobile
from thanrak.registry.models import OrganisationAssignment, Person

WHAT_TH = {
    "SAJJA": "เงินออมสัจจะ",
    "DEPOSIT": "เงินฝาก",
    "SHARES": "ค่าหุ้น",
    "CONTRIBUTION": "เงินสมทบสวัสดิการ",
    "repayment": "ชำระเงินกู้",
}


def on_savings_received(*, movements: Sequence) -> None:
    """finance.savings_received: a deposit, sajja, shares or contribution was booked for members (a
    meeting's collection is many at once: queued set-wise, a few statements whatever the count)."""
    pending = []
    for m in movements:
        person = m.member.person
        params = {
            "fund": m.fund.name_th,
            "amount": format_baht(m.amount_satang),
            "what": WHAT_TH.get(m.kind, ""),
            "date": format_date(m.on),
        }
        pending.append(
            Pending(
                person.pk,
                person.area_code,
                m.fund.organisation_id,
                Kind.MONEY_RECEIVED,
                params,
                f"savings movement {m.pk} ({m.kind})",
                f"money_received:savings:{m.pk}",
            )
        )
    queue_many(pending, at=timezone.now())


def on_repayment_received(*, repayment) -> None:  # noqa: ANN001 — a finance Repayment
    """finance.repayment_received: a loan repayment was booked."""
    loan = repayment.loan
    queue(
        person=loan.borrower.person,
        organisation=loan.fund.organisation,
        kind=Kind.MONEY_RECEIVED,
        params={
            "fund": loan.fund.name_th,
            "loan": loan.number,
            "amount": format_baht(repayment.amount_satang),
            "what": f"{WHAT_TH['repayment']} {loan.number}",
            "date": format_date(repayment.on),
        },
        reason=f"loan {loan.number} repayment {repayment.pk}",
        dedupe_key=f"money_received:repayment:{repayment.pk}",
        at=timezone.now(),
    )


def on_dividend_paid(*, fund, book, on: dt.date, paid: Iterable[tuple[int, int]]) -> None:  # noqa: ANN001
    """finance.dividend_paid: a book's dividends and refunds were paid out, (member id, satang) pairs."""
    from thanrak.finance.models import FundMember

    amounts = dict(paid)
    members = FundMember.objects.filter(pk__in=list(amounts)).select_related("person")
    at = timezone.now()
    for member in members:
        queue(
            person=member.person,
            organisation=fund.organisation,
            kind=Kind.DIVIDEND_PAID,
            params={"fund": fund.name_th, "amount": format_baht(amounts[member.pk]), "date": format_date(on)},
            reason=f"year-end pay-out {on} book {book.pk}",
            dedupe_key=f"dividend_paid:{book.pk}:{on}:{member.pk}",
            at=at,
        )


def _buyer(phone: str) -> Person | None:
    """The buyer, when the order's phone is a person's SMS number (the shop has no other link)."""
    number = normalise_mobile(phone)
    if number is None:
        return None
    channel = Channel.objects.filter(kind=ChannelKind.SMS, address=number).select_related("person").first()
    return channel.person if channel else None


ORDER_STATUSES_TOLD = {"PAID", "PACKED", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"}


def on_order_changed(*, order) -> None:  # noqa: ANN001 — a commerce Order
    """commerce.order_changed: tell the buyer (found by their mobile number) the order's new status."""
    if order.status not in ORDER_STATUSES_TOLD:
        return
    person = _buyer(order.buyer_phone)
    if person is None:
        return
    with translation.override("th"):
        status = str(order.get_status_display())
    queue(
        person=person,
        organisation=order.shop.organisation,
        kind=Kind.ORDER_STATUS,
        params={"order": order.number, "shop": order.shop.name, "status": status},
        reason=f"order {order.number} {order.status.lower()}",
        dedupe_key=f"order_status:{order.pk}:{order.status}",
        at=timezone.now(),
    )


def on_order_placed(*, order) -> None:  # noqa: ANN001 — a commerce Order
    """commerce.order_placed: tell the shop's officers (the organisation's chair, treasurer…)."""
    officers = Person.objects.filter(
        user__in=OrganisationAssignment.objects.filter(organisation_id=order.shop.organisation_id).values(
            "user_id"
        )
    )
    at = timezone.now()
    for person in officers:
        queue(
            person=person,
            organisation=None,
            kind=Kind.ORDER_NEW,
            params={
                "order": order.number,
                "shop": order.shop.name,
                "amount": format_baht(order.total_satang),
            },
            reason=f"new order {order.number}",
            dedupe_key=f"order_new:{order.pk}:{person.pk}",
            at=at,
        )


def on_village_assigned(*, assignment) -> None:  # noqa: ANN001 — a survey Assignment
    """survey.village_assigned: tell the volunteer (collector) which village of which round."""
    person = Person.objects.filter(user_id=assignment.collector_id).first()
    if person is None:
        return
    village = assignment.village
    queue(
        person=person,
        organisation=None,
        kind=Kind.SURVEY_ASSIGNMENT,
        params={"round": str(assignment.round), "village": f"{village.number} {village.name_th}"},
        reason=f"survey round {assignment.round_id} village {village.code}",
        dedupe_key=f"survey_assignment:{assignment.pk}:{assignment.collector_id}",
        at=timezone.now(),
    )


def on_enrolled(*, enrolment) -> None:  # noqa: ANN001 — a learning Enrolment
    """learning.enrolled: a seat in a training (the waiting list is not told yet)."""
    if enrolment.status != "ENROLLED":
        return
    batch = enrolment.batch
    queue(
        person=enrolment.person,
        organisation=batch.course.organisation,
        kind=Kind.TRAINING_ENROLLED,
        params={"course": batch.course.title, "place": batch.place, "date": format_date(batch.start_date)},
        reason=f"enrolled in batch {batch.pk}",
        dedupe_key=f"training_enrolled:{enrolment.pk}:{enrolment.enrolled_at.isoformat()}",
        at=timezone.now(),
    )


def on_booking_made(*, booking) -> None:  # noqa: ANN001 — an assets Booking
    """assets.booking_made: the machinery booking is confirmed (no other live booking overlaps)."""
    starts = timezone.localtime(booking.starts_at)
    queue(
        person=booking.person,
        organisation=booking.equipment.organisation,
        kind=Kind.BOOKING_CONFIRMED,
        params={
            "equipment": booking.equipment.name,
            "date": format_date(starts),
            "time": starts.strftime("%H:%M"),
        },
        reason=f"booking {booking.pk}",
        dedupe_key=f"booking_confirmed:{booking.pk}",
        at=timezone.now(),
    )
