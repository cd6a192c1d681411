"""Enrolment of registry persons: one by one, from a list (an organisation's or a fund's members) or
from a file, with a waiting list when the batch is full; leaving promotes the first who waits."""

from collections.abc import Iterable
from typing import IO

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.citizen_id import InvalidCitizenId, clean
from thanrak.core.errors import DomainError
from thanrak.core.events import emit
from thanrak.core.tabular import Issue, TableError, read_table
from thanrak.finance.queries import people as finance_people
from thanrak.learning.errors import CannotEnrol
from thanrak.learning.models import Batch, Enrolment, EnrolmentSource, EnrolmentStatus
from thanrak.learning.rules import promote
from thanrak.registry.models import IdKind, Membership, Organisation, Person

ACTIVE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)

# The file's columns as Thai offices write them, and their English names.
FILE_ALIASES = {
    "เลขประจำตัวประชาชน": "citizen_id",
    "เลขบัตรประชาชน": "citizen_id",
    "คำนำหน้า": "title",
    "คำนำหน้าชื่อ": "title",
    "ชื่อ": "first_name",
    "นามสกุล": "last_name",
    "เพศ": "sex",
    "โทรศัพท์": "phone",
    "รหัสพื้นที่": "area_code",
}
FILE_OPTIONAL = ("citizen_id", "title", "last_name", "sex", "phone", "area_code")
MAX_FILE_ROWS = 2000


class EnrolmentFileRefused(CannotEnrol):
    """The file has problems; nothing was enrolled. `issues` names each row and column."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__(
            _("The file has %(count)s problems; no one was enrolled."),
            code="enrolment_file_invalid",
            field="file",
            params={"count": len(issues)},
        )


def _seat(batch: Batch) -> str:
    taken = batch.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    return EnrolmentStatus.ENROLLED if taken < batch.capacity else EnrolmentStatus.WAITING


def _enrol_locked(*, by: User, batch: Batch, person: Person, source: str) -> Enrolment:
    """Enrol with the batch already locked; an active enrolment is returned as it is (double submit)."""
    if person.merged_into_id:
        raise CannotEnrol(
            _("This person was merged into another record."), code="person_merged", field="person"
        )
    existing = Enrolment.objects.filter(batch=batch, person=person).first()
    now = timezone.now()
    if existing is not None:
        if existing.status in ACTIVE:
            return existing
        existing.status, existing.enrolled_at, existing.left_at, existing.by = _seat(batch), now, None, by
        existing.save(update_fields=["status", "enrolled_at", "left_at", "by"])
        emit("learning.enrolled", enrolment=existing)
        return existing
    with transaction.atomic():
        enrolment = Enrolment.objects.create(
            batch=batch, person=person, status=_seat(batch), source=source, enrolled_at=now, by=by
        )
    emit("learning.enrolled", enrolment=enrolment)
    return enrolment


def _lock(batch: Batch) -> Batch:
    return Batch.objects.select_for_update().get(pk=batch.pk)


@transaction.atomic
def enrol(*, by: User, batch: Batch, person: Person, source: str = EnrolmentSource.ONE) -> Enrolment:
    """Enrol a person the user may see; a full batch puts them on the waiting list. Idempotent."""
    if not Person.objects.visible_to(by).filter(pk=person.pk).exists():
        raise CannotEnrol(_("You cannot enrol this person."), code="person_outside", field="person")
    locked = _lock(batch)
    try:
        return _enrol_locked(by=by, batch=locked, person=person, source=source)
    except IntegrityError:  # a parallel request enrolled them first
        return Enrolment.objects.get(batch=batch, person=person)


@transaction.atomic
def enrol_people(*, by: User, batch: Batch, people: Iterable[Person]) -> list[Enrolment]:
    """Enrol several people in order (a list); those past the places wait."""
    locked = _lock(batch)
    visible = set(Person.objects.visible_to(by).values_list("pk", flat=True))
    out = []
    for person in people:
        if person.pk not in visible:
            raise CannotEnrol(
                _("You cannot enrol %(name)s."),
                code="person_outside",
                field="person",
                params={"name": person.full_name},
            )
        out.append(_enrol_locked(by=by, batch=locked, person=person, source=EnrolmentSource.LIST))
    return out


def enrol_organisation_members(*, by: User, batch: Batch, organisation: Organisation) -> list[Enrolment]:
    """Enrol an organisation's current members (a community enterprise, a fund's committee…)."""
    if not Organisation.objects.visible_to(by).filter(pk=organisation.pk).exists():
        raise CannotEnrol(
            _("You cannot see this organisation."), code="organisation_outside", field="organisation"
        )
    today = timezone.localdate()
    ids = Membership.objects.current(today).filter(organisation=organisation).values("person_id")
    people = Person.objects.filter(pk__in=ids, merged_into=None).order_by("pk")
    return enrol_people(by=by, batch=batch, people=list(people))


def enrol_fund_members(*, by: User, batch: Batch, fund_id: int) -> list[Enrolment]:
    """Enrol a community fund's active members, read through finance's queries (the fund must be one
    the user may see)."""
    try:
        people = finance_people.fund_active_people(viewer=by, fund_id=fund_id)
    except ObjectDoesNotExist as exc:
        raise CannotEnrol(_("You cannot see this fund."), code="fund_outside", field="fund") from exc
    return enrol_people(by=by, batch=batch, people=list(people))


def _row_person(by: User, batch: Batch, values: dict[str, str]) -> Person:
    raw_id = values.get("citizen_id", "")
    if raw_id:
        try:
            digits = clean(raw_id)
        except InvalidCitizenId as exc:
            raise CannotEnrol(
                _("The citizen ID is not valid."), code="citizen_id_invalid", field="citizen_id"
            ) from exc
        found = Person.objects.visible_to(by).filter(citizen_id=digits, merged_into=None).first()
        if found is not None:
            return found
    from thanrak.registry import actions as registry_actions

    area = values.get("area_code") or batch.area_code
    return registry_actions.person_register(
        by=by,
        at=timezone.now(),
        id_kind=IdKind.THAI_ID if raw_id else IdKind.NONE,
        citizen_id=raw_id,
        title=values.get("title", ""),
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
        sex=values.get("sex", ""),
        phone=values.get("phone", ""),
        area_code=area,
    )


@transaction.atomic
def enrol_file(*, by: User, batch: Batch, source: IO[bytes] | bytes) -> list[Enrolment]:
    """Enrol everyone in a CSV (UTF-8 or cp874) or XLSX file with Thai headers, all or nothing.

    A row finds its person by citizen ID among those the user may see, else registers them (people
    without a Thai ID too: leave the ID empty). Any problem in any row: nothing is written and every
    problem is listed with its row and column."""
    try:
        table = read_table(
            source,
            required=("first_name",),
            optional=FILE_OPTIONAL,
            aliases=FILE_ALIASES,
            max_rows=MAX_FILE_ROWS,
        )
    except TableError as exc:
        raise EnrolmentFileRefused(list(exc.issues)) from exc
    locked = _lock(batch)
    issues: list[Issue] = []
    out: list[Enrolment] = []
    for row, values in table.rows:
        try:
            with transaction.atomic():
                person = _row_person(by, locked, values)
                out.append(_enrol_locked(by=by, batch=locked, person=person, source=EnrolmentSource.FILE))
        except DomainError as exc:
            issues.append(Issue(row, exc.field, exc.message, exc.params))
        except PermissionError:
            issues.append(Issue(row, "area_code", _("This area is outside the areas you work in.")))
    if issues:
        transaction.set_rollback(True)
        raise EnrolmentFileRefused(issues)
    return out


@transaction.atomic
def withdraw(*, by: User, enrolment: Enrolment) -> list[Enrolment]:
    """Take a person off the batch; the first who waits takes the place. Returns those promoted."""
    locked = _lock(enrolment.batch)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        return []  # sent twice
    if hasattr(enrolment, "certificate"):
        raise CannotEnrol(_("A certified participant cannot be withdrawn."), code="enrolment_certified")
    enrolment.status, enrolment.left_at, enrolment.by = EnrolmentStatus.WITHDRAWN, timezone.now(), by
    enrolment.save(update_fields=["status", "left_at", "by"])
    enrolled = locked.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    waiting = list(
        locked.enrolments.filter(status=EnrolmentStatus.WAITING)
        .order_by("enrolled_at", "pk")
        .values_list("pk", flat=True)
    )
    moved = promote(capacity=locked.capacity, enrolled=enrolled, waiting=waiting).promoted
    Enrolment.objects.filter(pk__in=moved).update(status=EnrolmentStatus.ENROLLED)
    return list(Enrolment.objects.filter(pk__in=moved))
