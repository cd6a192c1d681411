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

By default the first way whose roles include the user's role applies. A model reached several ways
at once declares `combine=True`: the ways whose roles include the user's are OR-ed. `own` is the way
of the user as themself whatever their role (the adviser assigned to a case):

    class CaseQuerySet(ScopedQuerySet["Case"]):
        visibility = Visibility(
            combine=True,
            area="area_code",
            organisation="organisation_id",
            person=lambda scope: Q(person_id=scope.person_id) | Exists(...their household...),
            own="adviser__person_id",
        )
"""

from collections.abc import Callable, Iterator
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
    # The user's own id, for ways that reach rows through the login itself (a partner's staff list).
    user_id: int | None = None

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
    # With combine: the roles the parent's way is for (None: every role).
    via_roles: tuple[str, ...] | None = None
    # With combine: the user as themself, whatever their role (None: every role): a path to the
    # Person who is the user (the adviser assigned, `adviser__person_id`) or a function of the scope.
    own: Path | None = None
    own_roles: tuple[str, ...] | None = None
    # OR the ways whose roles include the user's role, instead of taking the first that applies.
    combine: bool = False

    def filter(self, qs: models.QuerySet[Any], scope: Scope) -> models.QuerySet[Any]:
        if scope.everything:
            return qs
        if self.combine:
            q = None
            for way in self.ways(qs.model, scope):
                q = way if q is None else q | way
            return qs.none() if q is None else qs.filter(q)
        return self._first_way(qs, scope)

    def _first_way(self, qs: models.QuerySet[Any], scope: Scope) -> models.QuerySet[Any]:
        if self.via:
            return qs.filter(self._via_q(qs.model, scope))
        if self.area and scope.role in self.area_roles:
            return qs.filter(self._area_q(scope))
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

    def ways(self, model: type[models.Model], scope: Scope) -> Iterator[Any]:
        """The conditions (Q or Exists) of every way open to the user's role; none for no role."""
        role = scope.role
        if not role:
            return
        if self.area and role in self.area_roles:
            yield self._area_q(scope)
        if self.organisation and role in self.organisation_roles:
            if not callable(self.organisation):
                yield scope.organisation_q(self.organisation)
            elif scope.organisation_ids:
                yield self.organisation(scope)
        if self.person and role in self.person_roles and scope.person_id:
            yield self.person(scope) if callable(self.person) else scope.person_q(self.person)
        if self.own and (self.own_roles is None or role in self.own_roles):
            yield from self._own_ways(scope)
        if self.via and (self.via_roles is None or role in self.via_roles):
            yield self._via_q(model, scope)

    def _area_q(self, scope: Scope) -> Q:
        q = scope.area_q(self.area or "area_code")
        if self.area_above:
            above = {code[:n] for code in scope.area_codes for n in range(0, len(code), 2)}
            q |= Q(**{f"{self.area}__in": sorted(above)})
        return q

    def _own_ways(self, scope: Scope) -> Iterator[Any]:
        if callable(self.own):
            yield self.own(scope)
        elif self.own and scope.person_id:
            yield scope.person_q(self.own)

    def _via_q(self, model: type[models.Model], scope: Scope) -> Q:
        parent = model._meta.get_field(self.via or "").related_model
        return Q(**{f"{self.via}__in": parent.objects.visible_to_scope(scope)})  # type: ignore[union-attr]


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
        scope = Scope(
            role=user.role, area_codes=codes, organisation_ids=org_ids, person_id=person, user_id=user.pk
        )
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
