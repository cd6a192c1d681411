"""Members joining (by person or citizen ID) and leaving a fund."""

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.finance import posting
from thanrak.finance.actions._common import CannotEnrol, _keeps_books, _key, _sets_up
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    Book,
    EntryKind,
    Fund,
    FundMember,
    Loan,
    LoanGuarantor,
    LoanStatus,
    MemberStatus,
    SavingsKind,
    SavingsMovement,
)
from thanrak.finance.posting import cr, dr, lock_fund
from thanrak.registry.models import MemberRole, Membership, Organisation, Person

# --- members -------------------------------------------------------------------------------------


NOT_IN_THE_FUNDS_AREA = _(
    "No one with this citizen ID is registered in the fund's area: ask the district officer to register "
    "them, or to enrol them if they live elsewhere."
)


def _ensure_may_enrol(by: User, organisation: Organisation, person: Person) -> None:
    """A citizen ID typed in reaches only people the officer may see in the registry or who live in
    the fund's area, as the registry's own add-member does; the refusal names no one."""
    if Person.objects.visible_to(by).filter(pk=person.pk).exists():
        return
    if organisation.area_code and (person.area_code or "").startswith(organisation.area_code):
        return
    raise CannotEnrol(NOT_IN_THE_FUNDS_AREA, field="citizen_id")


def _person_with_citizen_id(citizen_id: str) -> Person | None:
    """The registered person with this exact citizen ID: a treasurer enrols someone whose ID card is
    in front of them, though the registry shows officers only their own organisations' members. The
    one read of persons outside the officer's scope, so it lives here, behind the audited look-up."""
    from thanrak.core import citizen_id as cid

    try:
        digits = cid.clean(citizen_id)
    except cid.InvalidCitizenId:
        return None
    return Person.objects.active().filter(citizen_id=digits).first()


@transaction.atomic
def citizen_id_lookup_for_enrolment(
    *, fund: Fund, citizen_id: str, by: User, at: dt.datetime, ip: str | None = None
) -> Person | None:
    """The registered person with this citizen ID, for an officer enrolling the holder of an ID card;
    every look-up is audit-logged (in the person's area when found), whether or not it finds anyone."""
    from thanrak.accounts.actions import audit_record
    from thanrak.accounts.models import AuditEvent

    _sets_up(by, fund.organisation)
    person = _person_with_citizen_id(citizen_id)
    audit_record(
        by=by,
        event=AuditEvent.LOOKUP_CITIZEN_ID,
        at=at,
        object_type="registry.person",
        object_id=str(person.pk) if person else "",
        area_code=person.area_code if person else fund.area_code,
        detail={"fund": fund.pk, "found": person is not None},
        ip=ip,
    )
    return person


def fund_member_enrol_by_citizen_id(
    *,
    fund: Fund,
    citizen_id: str,
    joined_on: dt.date,
    by: User,
    at: dt.datetime,
    member_no: str = "",
    ip: str | None = None,
) -> FundMember:
    """Enrol the holder of an ID card: the look-up is audit-logged (and stays logged when the
    enrolment is refused); someone the officer may not enrol is refused without a name."""
    person = citizen_id_lookup_for_enrolment(fund=fund, citizen_id=citizen_id, by=by, at=at, ip=ip)
    if person is None:
        raise CannotEnrol(NOT_IN_THE_FUNDS_AREA, field="citizen_id")
    return fund_member_enrol(fund=fund, person=person, joined_on=joined_on, member_no=member_no, by=by, at=at)


@transaction.atomic
def fund_member_enrol(
    *, fund: Fund, person: Person, joined_on: dt.date, by: User, at: dt.datetime, member_no: str = ""
) -> FundMember:
    """Enrol a registered person (also as a member of the fund's organisation in the registry);
    only someone the officer may see in the registry or who lives in the fund's area."""
    fund = lock_fund(fund.pk)
    _sets_up(by, fund.organisation)
    _ensure_may_enrol(by, fund.organisation, person)
    if person.merged_into_id:
        raise CannotEnrol(
            _("This person's record was merged into another."),
            code="person_record_merged_another",
            field="person",
        )
    existing = FundMember.objects.filter(fund=fund, person=person).first()
    if existing is not None:
        raise CannotEnrol(
            _("%(name)s is already member %(no)s of this fund."),
            code="already_member_fund",
            field="person",
            params={"name": person.full_name, "no": existing.member_no},
        )
    if joined_on > timezone.localdate(at):
        raise CannotEnrol(
            _("The joining date is in the future."), code="joining_date_future", field="joined_on"
        )
    member_no = " ".join((member_no or "").split())
    if member_no:
        if len(member_no) > 20:
            raise CannotEnrol(
                _("A member number has at most 20 characters."),
                code="member_number_most_characters",
                field="member_no",
            )
        if FundMember.objects.filter(fund=fund, member_no=member_no).exists():
            raise CannotEnrol(
                _("Member number %(no)s is taken."),
                code="member_number_taken",
                field="member_no",
                params={"no": member_no},
            )
    else:
        member_no = _next_member_no(fund)
    if not Membership.objects.filter(
        person=person, organisation_id=fund.organisation_id, end_date__isnull=True
    ).exists():
        from thanrak.registry.actions import membership_add

        membership_add(
            organisation=fund.organisation,
            person=person,
            by=by,
            start_date=min(joined_on, timezone.localdate(at)),
            role=MemberRole.MEMBER,
        )
    return FundMember.objects.create(
        fund=fund, person=person, member_no=member_no, joined_on=joined_on, created_at=at
    )


def _next_member_no(fund: Fund) -> str:
    numbers = [int(n) for n in fund.members.values_list("member_no", flat=True) if n.isdigit()]
    candidate = (max(numbers) if numbers else 0) + 1
    while fund.members.filter(member_no=str(candidate)).exists():
        candidate += 1
    return str(candidate)


@transaction.atomic
def fund_member_leave(
    *, member: FundMember, on: dt.date, by: User, at: dt.datetime, key: str | None = None
) -> FundMember:
    """A member leaves: everything they hold (savings, deposits, shares, unpaid dividends) is paid
    back in cash."""
    fund = lock_fund(member.fund_id)
    _keeps_books(by, fund)
    member = FundMember.objects.select_for_update().select_related("person").get(pk=member.pk)
    if member.status == MemberStatus.LEFT:
        return member
    if Loan.objects.filter(
        borrower=member, status__in=[LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.ACTIVE]
    ).exists():
        raise CannotEnrol(
            _("A member with a loan that is not closed cannot leave."),
            code="member_loan_closed_leave",
            field="member",
        )
    if LoanGuarantor.objects.filter(member=member, loan__status=LoanStatus.ACTIVE).exists():
        raise CannotEnrol(
            _("This member guarantees a loan that is still being repaid."),
            code="member_guarantees_loan_still",
            field="member",
        )
    key = _key(key)
    for book in fund.books.all():
        legs, movements = [], []
        for role, kind in (
            (Roles.SAJJA, SavingsKind.SAJJA),
            (Roles.DEPOSITS, SavingsKind.DEPOSIT),
            (Roles.SHARES, SavingsKind.SHARES),
            (Roles.DIVIDENDS_PAYABLE, None),
            (Roles.REFUNDS_PAYABLE, None),
        ):
            balance = posting.member_balance(book=book, role=role, member_id=member.pk)
            if balance > 0:
                legs.append(dr(role, balance, member_id=member.pk))
                if kind:
                    movements.append((kind, balance))
        if not legs:
            continue
        total = sum(leg.debit_satang for leg in legs)
        entry = posting.post(
            fund=fund,
            book=book,
            on=on,
            kind=EntryKind.SAVINGS,
            legs=[*legs, cr(Roles.CASH, total)],
            by=by,
            at=at,
            memo=f"ลาออก: {member.person.full_name}",
            key=f"{key}:{book.pk}" if key else None,
            member_id=member.pk,
        )
        for kind, balance in movements:
            units = -_share_units(book, member) if kind == SavingsKind.SHARES else 0
            SavingsMovement.objects.create(
                fund=fund,
                book=book,
                member=member,
                kind=kind,
                on=on,
                amount_satang=-balance,
                units=units,
                entry=entry,
            )
    member.left_on = on
    member.status = MemberStatus.LEFT
    member.save(update_fields=["left_on", "status"])
    return member


def _share_units(book: Book, member: FundMember) -> int:
    return (
        SavingsMovement.objects.filter(book=book, member=member, kind=SavingsKind.SHARES).aggregate(
            u=Sum("units")
        )["u"]
        or 0
    )
