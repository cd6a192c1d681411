"""What part of the data a user may see: areas by DOPA code prefix, organisations, their own person."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from thanrak.accounts.roles import Role
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
