"""The member's own page: what each app keeps about them, read through that app's queries with the
member as the viewer (so only their own rows), plus what is due with a PromptPay QR to pay it."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.notify.models import Channel, ChannelKind, CollectionDay, FundPromptPay
from thanrak.notify.rules import normalise_mobile


@dataclass
class Due:
    """Something to pay: what, when, how much, and the PromptPay payload when the fund has an ID."""

    fund_id: int
    fund_name: str
    what: str  # "installment" | "savings"
    label: str  # a loan number, or the month
    on: dt.date
    amount_satang: int
    payload: str = ""
    qr_svg: str = ""


@dataclass
class Mine:
    accounts: list[Any]
    dues: list[Due]
    enrolments: list[Any]
    orders: list[Any]
    bookings: list[Any]
    history: Any | None  # survey.HouseholdHistory of the member's household
    cases: list[Any]
    link_code: str = ""
    line_linked: bool = False
    notes: list[str] = field(default_factory=list)


def _qr(account: str, amount_satang: int) -> tuple[str, str]:
    from thanrak.commerce.promptpay import InvalidPromptPayAccount, promptpay_payload, qr_svg

    try:
        payload = promptpay_payload(account, amount_satang)
    except InvalidPromptPayAccount:
        return "", ""
    return payload, qr_svg(payload)


def _left(installment: Any) -> int:
    return (
        installment.principal_satang
        - installment.principal_paid_satang
        + installment.interest_satang
        - installment.interest_paid_satang
    )


def _savings_due(account: Any, today: dt.date) -> Due | None:
    """This month's sajja savings, when the fund has a collection day, asks for monthly savings and
    the member has not paid the month yet."""
    from thanrak.finance.models import BylawVersion, SavingsKind

    member = account.row.member
    day = CollectionDay.objects.filter(fund_id=member.fund_id).values_list("day", flat=True).first()
    if day is None:
        return None
    on = today.replace(day=day)
    bylaw = BylawVersion.objects.filter(fund_id=member.fund_id, effective_from__lte=on).first()
    monthly = bylaw.monthly_savings_satang if bylaw else 0
    paid = member.savings_movements.filter(kind=SavingsKind.SAJJA, for_month=on.replace(day=1)).exists()
    if monthly <= 0 or paid:
        return None
    return Due(member.fund_id, member.fund.name_th, "savings", "", on, monthly)


def _dues(accounts: list[Any], today: dt.date) -> list[Due]:
    promptpay = dict(
        FundPromptPay.objects.filter(fund_id__in=[a.row.member.fund_id for a in accounts]).values_list(
            "fund_id", "account"
        )
    )
    dues = []
    for account in accounts:
        member = account.row.member
        for loan, next_installment, _late in account.loans:
            if next_installment is not None and _left(next_installment) > 0:
                dues.append(
                    Due(
                        member.fund_id,
                        member.fund.name_th,
                        "installment",
                        loan.number,
                        next_installment.due_date,
                        _left(next_installment),
                    )
                )
        savings = _savings_due(account, today)
        if savings is not None:
            dues.append(savings)
    for due in dues:
        account_id = promptpay.get(due.fund_id)
        if account_id:
            due.payload, due.qr_svg = _qr(account_id, due.amount_satang)
    return sorted(dues, key=lambda d: d.on)


def _orders(viewer: User, person_id: int) -> list[Any]:
    """Orders placed with the member's own mobile number (the storefront has no login): the buyer
    is who gave that number, as the SMS channel records."""
    from thanrak.commerce.models import Order

    number = (
        Channel.objects.filter(person_id=person_id, kind=ChannelKind.SMS)
        .exclude(address="")
        .values_list("address", flat=True)
        .first()
    )
    if not normalise_mobile(number or ""):
        return []
    forms = {number, f"{number[:3]}-{number[3:6]}-{number[6:]}", f"{number[:3]} {number[3:6]} {number[6:]}"}
    forms |= {f"+66{number[1:]}", f"66{number[1:]}"}
    return list(
        Order.objects.filter(buyer_phone__in=forms).select_related("shop").order_by("-placed_at")[:10]
    )


def _household(viewer: User, person_id: int) -> tuple[Any | None, list[Any]]:
    from thanrak.registry.models import HouseholdMember
    from thanrak.services import queries as services
    from thanrak.survey import queries as survey

    cases = list(services.cases_for(viewer=viewer, person_id=person_id).order_by("-intake_date")[:10])
    home = (
        HouseholdMember.objects.filter(person_id=person_id, left_date__isnull=True)
        .values_list("household_id", flat=True)
        .first()
    )
    if home is None:
        return None, cases
    return survey.household_history(viewer=viewer, household_id=home), cases


def mine(*, viewer: User, today: dt.date) -> Mine:
    """Everything the member's own page shows; a login without a registry person gets DoesNotExist."""
    from thanrak.assets import queries as assets
    from thanrak.finance import queries as finance
    from thanrak.learning import queries as learning
    from thanrak.registry.models import Person

    person = Person.objects.get(pk=scope_of(viewer).person_id or 0)
    accounts = finance.my_accounts(viewer=viewer, on=today)
    history, cases = _household(viewer, person.pk)
    line = Channel.objects.filter(person=person, kind=ChannelKind.LINE).first()
    return Mine(
        accounts=accounts,
        dues=_dues(accounts, today),
        enrolments=list(learning.person_enrolments(viewer=viewer, person_id=person.pk)[:10]),
        orders=_orders(viewer, person.pk),
        bookings=list(
            assets.booking_list(viewer=viewer).filter(person_id=person.pk).order_by("-starts_at")[:10]
        ),
        history=history,
        cases=cases,
        link_code=line.link_code if line else "",
        line_linked=bool(line and line.consented),
    )
