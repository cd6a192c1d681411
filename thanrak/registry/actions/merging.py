"""Merging a likely duplicate person into the record that survives."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import ensure_area
from thanrak.registry.actions.common import (
    CannotMerge,
    local_day,
)
from thanrak.registry.actions.persons import (
    PERSON_FIELDS,
)
from thanrak.registry.models import (
    HouseholdMember,
    IdKind,
    Membership,
    Person,
    PersonMerge,
    Relation,
)

MERGE_DETAILS = (
    "citizen_id",
    "merged_into_id",
    "user_id",
    "birth_date",
    "sex",
    "phone",
    "first_name_en",
    "last_name_en",
)
FILLED_FROM_DUPLICATE = ("birth_date", "sex", "phone", "first_name_en", "last_name_en")


@dataclass(frozen=True)
class MergeFill:
    """What the surviving record takes from the duplicate when they are merged."""

    citizen_id: bool  # the duplicate's citizen ID moves over (the survivor has none)
    filled: dict[str, Any]  # details the survivor lacks and the duplicate knows
    login: bool  # the duplicate's login moves over (the survivor has none)


def check_merge(survivor: Mapping[str, Any], duplicate: Mapping[str, Any]) -> MergeFill:
    """Whether two records (their MERGE_DETAILS, as plain values) may be merged, and what the survivor
    takes; raises CannotMerge when one was merged already or their citizen IDs differ."""
    if survivor["merged_into_id"] or duplicate["merged_into_id"]:
        raise CannotMerge(_("One of these records was already merged."), code="these_records_already_merged")
    if (
        survivor["citizen_id"]
        and duplicate["citizen_id"]
        and survivor["citizen_id"] != duplicate["citizen_id"]
    ):
        raise CannotMerge(
            _("These records have different citizen IDs, so they are different people."),
            code="these_records_different_citizen",
        )
    return MergeFill(
        citizen_id=not survivor["citizen_id"] and bool(duplicate["citizen_id"]),
        filled={
            attr: duplicate[attr] for attr in FILLED_FROM_DUPLICATE if not survivor[attr] and duplicate[attr]
        },
        login=bool(duplicate["user_id"]) and not survivor["user_id"],
    )


@transaction.atomic
def person_merge(*, survivor: Person, duplicate: Person, by: User, at: dt.datetime) -> PersonMerge:
    """Fold a duplicate record into the survivor: every link moves, the duplicate stays as history."""
    if survivor.pk == duplicate.pk:
        raise CannotMerge(_("A record cannot be merged with itself."), code="record_merged_itself")
    survivor, duplicate = (Person.objects.select_for_update().get(pk=p.pk) for p in (survivor, duplicate))
    ensure_area(by, survivor.area_code)
    ensure_area(by, duplicate.area_code)
    fill = check_merge(
        {k: getattr(survivor, k) for k in MERGE_DETAILS}, {k: getattr(duplicate, k) for k in MERGE_DETAILS}
    )
    before = {
        "survivor": {k: str(getattr(survivor, k) or "") for k in PERSON_FIELDS},
        "duplicate": {k: str(getattr(duplicate, k) or "") for k in PERSON_FIELDS},
    }
    moved: dict[str, list[int]] = {}
    _close_second_home(survivor, duplicate, local_day(at), moved)
    _end_memberships_held_twice(survivor, duplicate, local_day(at), moved)
    _move_links(survivor, duplicate, moved)
    if fill.citizen_id:
        survivor.citizen_id, survivor.id_kind = duplicate.citizen_id, IdKind.THAI_ID
        duplicate.citizen_id, duplicate.id_kind = None, IdKind.NONE
        duplicate.save(update_fields=["citizen_id", "id_kind"])
    for attr, value in fill.filled.items():
        setattr(survivor, attr, value)
    if fill.login:
        survivor.user_id, duplicate.user_id = duplicate.user_id, None
        duplicate.save(update_fields=["user"])
    survivor.updated_at = at
    survivor.save()
    duplicate.merged_into = survivor
    duplicate.updated_at = at
    duplicate.save(update_fields=["merged_into", "updated_at"])
    record = PersonMerge.objects.create(
        survivor=survivor, merged=duplicate, by=by, at=at, moved=moved, before=before
    )
    audit_record(
        by=by,
        event=AuditEvent.MERGE,
        at=at,
        object_type="registry.person",
        object_id=str(survivor.pk),
        area_code=survivor.area_code,
        detail={"merged": duplicate.pk},
    )
    return record


def _close_second_home(
    survivor: Person, duplicate: Person, day: dt.date, moved: dict[str, list[int]]
) -> None:
    """A household membership that would give the person two homes is closed rather than moved."""
    if not HouseholdMember.objects.filter(person=survivor, left_date__isnull=True).exists():
        return
    closed = HouseholdMember.objects.filter(person=duplicate, left_date__isnull=True)
    if closed.filter(relation=Relation.HEAD).exists():
        raise CannotMerge(
            _("The duplicate heads another household: name a new head there first."),
            code="duplicate_heads_another_household",
        )
    closed_ids = list(closed.values_list("pk", flat=True))
    closed.update(left_date=day)
    if closed_ids:
        moved["registry.householdmember:closed"] = closed_ids


def _end_memberships_held_twice(
    survivor: Person, duplicate: Person, day: dt.date, moved: dict[str, list[int]]
) -> None:
    """Memberships the survivor already holds are ended on the duplicate instead of duplicated."""
    for m in Membership.objects.filter(person=duplicate, end_date__isnull=True):
        if Membership.objects.filter(
            person=survivor, organisation_id=m.organisation_id, role=m.role, end_date__isnull=True
        ).exists():
            m.end_date = max(day, m.start_date)
            m.save(update_fields=["end_date"])
            moved.setdefault("registry.membership:closed", []).append(m.pk)


def _move_links(survivor: Person, duplicate: Person, moved: dict[str, list[int]]) -> None:
    """Every other link to the duplicate, in any app, moves to the survivor."""
    for rel in Person._meta.related_objects:
        if (
            rel.remote_field.name == "merged_into"
            or rel.related_model is PersonMerge
            or rel.one_to_one
            or rel.many_to_many
        ):
            continue
        model: type[models.Model] = rel.related_model  # type: ignore[assignment]
        field = rel.field.name
        ids = list(model._base_manager.filter(**{field: duplicate}).values_list("pk", flat=True))
        if not ids:
            continue
        try:
            with transaction.atomic():
                model._base_manager.filter(pk__in=ids).update(**{field: survivor})
        except IntegrityError as exc:
            raise CannotMerge(
                _("The records are both linked to the same %(what)s; resolve that first."),
                code="records_both_linked_same",
                params={"what": model._meta.verbose_name},
            ) from exc
        moved[f"{model._meta.label_lower}.{field}"] = ids
