"""What part of the data a user may see: areas by DOPA code prefix, organisations, their own person.

A model's rows are scoped by declaring, once on its QuerySet, which field holds the area, the
organisation and the person, and which roles reach the rows that way:

    class FundQuerySet(ScopedQuerySet["Fund"]):
        visibility = Visibility(
            area="area_code", area_roles=AREA_READERS,
            organisation="organisation_id",
            person=lambda scope: Exists(FundMember.objects.filter(fund=OuterRef("pk"),
                person_id=scope.person_id)),
        )

`Fund.objects.visible_to(user)` then gives the user's rows; the national manager sees everything and
any role not named sees nothing (deny by default). A model whose rows belong to another scoped row
declares `Visibility(via="round")` and sees what its parent's scope allows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from django.db import models
from django.db.models import Q

from thanrak.accounts.roles import AREA_ROLES, Role
from thanrak.core.areas import prefix_q

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    role: str | None = None
    everything: bool = False
    area_codes: tuple[str, ...] = ()
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    person_id: int | None = None

    def covers_area(self, code: str | None) -> bool:
        """True when the area `code` (any level) lies inside one of the user's areas."""
        if self.everything:
            return True
        return bool(code) and any(code.startswith(a) for a in self.area_codes)

    def area_q(self, field_name: str = "area_code") -> Q:
        """A filter matching rows whose area field lies inside the user's areas; nothing if none."""
        if self.everything:
            return Q()
        q = NOTHING
        for code in self.area_codes:
            q |= prefix_q(field_name, code)
        return q

    def organisation_q(self, field_name: str = "pk") -> Q:
        if self.everything:
            return Q()
        if not self.organisation_ids:
            return NOTHING
        return Q(**{f"{field_name}__in": sorted(self.organisation_ids)})

    def person_q(self, field_name: str = "pk") -> Q:
        if self.everything:
            return Q()
        return Q(**{field_name: self.person_id}) if self.person_id else NOTHING


EMPTY = Scope()

# A way into a model's rows: the path of the field holding the area code / organisation id / person
# id, or a function of the scope giving the filter (an Exists over memberships, say).
Path = str | Callable[[Scope], Any]


@dataclass(frozen=True)
class Visibility:
    """Who sees which rows of a model. The first way whose roles include the user's role applies."""

    area: str | None = None
    area_roles: tuple[str, ...] = AREA_ROLES
    # Also rows recorded for a wider area holding the user's (a province's round for its districts).
    area_above: bool = False
    organisation: Path | None = None
    organisation_roles: tuple[str, ...] = (Role.ORG_OFFICER,)
    person: Path | None = None
    person_roles: tuple[str, ...] = (Role.MEMBER,)
    # Rows that belong to a scoped parent: the foreign key's name; the parent's scope applies.
    via: str | None = None

    def filter(self, qs: models.QuerySet[Any], scope: Scope) -> models.QuerySet[Any]:
        if scope.everything:
            return qs
        if self.via:
            parent = qs.model._meta.get_field(self.via).related_model
            return qs.filter(**{f"{self.via}__in": parent.objects.visible_to_scope(scope)})
        if self.area and scope.role in self.area_roles:
            q = scope.area_q(self.area)
            if self.area_above:
                above = {code[:n] for code in scope.area_codes for n in range(0, len(code), 2)}
                q |= Q(**{f"{self.area}__in": sorted(above)})
            return qs.filter(q)
        if self.organisation and scope.role in self.organisation_roles:
            if callable(self.organisation):
                return qs.filter(self.organisation(scope)) if scope.organisation_ids else qs.none()
            return qs.filter(scope.organisation_q(self.organisation))
        if self.person and scope.role in self.person_roles:
            if not scope.person_id:
                return qs.none()
            if callable(self.person):
                return qs.filter(self.person(scope))
            return qs.filter(scope.person_q(self.person))
        return qs.none()


class ScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """A QuerySet whose rows are scoped by its `visibility` declaration."""

    visibility: ClassVar[Visibility] = Visibility()

    def visible_to(self, viewer: object) -> Self:
        """The rows `viewer` may see."""
        return self.visible_to_scope(scope_of(viewer))

    def visible_to_scope(self, scope: Scope) -> Self:
        return self.visibility.filter(self, scope)  # type: ignore[return-value]


def scope_of(user: Any) -> Scope:
    """Compute (once per request object) the user's scope from role and assignments."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return EMPTY
    cached = getattr(user, "_thanrak_scope", None)
    if cached is not None:
        return cached
    if user.role == Role.NATIONAL_MANAGER:
        scope = Scope(role=user.role, everything=True)
    else:
        codes = tuple(sorted(set(user.area_assignments.values_list("area_code", flat=True))))
        org_ids: frozenset[int] = frozenset()
        if hasattr(user, "organisation_assignments"):
            org_ids = frozenset(user.organisation_assignments.values_list("organisation_id", flat=True))
        person = _person_id(user)
        scope = Scope(role=user.role, area_codes=codes, organisation_ids=org_ids, person_id=person)
    user._thanrak_scope = scope
    return scope


def _person_id(user: Any) -> int | None:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        person = user.person  # reverse one-to-one from registry.Person
    except (AttributeError, ObjectDoesNotExist):
        return None
    return person.pk if person is not None else None


def forget_scope(user: Any) -> None:
    """Drop the cached scope after assignments change."""
    if hasattr(user, "_thanrak_scope"):
        del user._thanrak_scope


class OutsideScope(PermissionError):
    """The user tried to act on data outside their areas or organisations."""


def ensure_area(user: Any, area_code: str) -> None:
    """Refuse (OutsideScope) unless the area lies inside the user's areas."""
    if not scope_of(user).covers_area(area_code):
        raise OutsideScope(area_code)
