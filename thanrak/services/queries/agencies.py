"""Reads on the partner-agency directory (a public list of public bodies: no row scope)."""

from typing import Any

from django.db.models import Q, QuerySet

from thanrak.services.models import Agency


def agency_list(*, viewer: Any, q: str = "", active_only: bool = False) -> QuerySet[Agency]:
    q = q.replace("\x00", "").strip()
    qs = Agency.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(
            Q(name_th__icontains=q)
            | Q(name_en__icontains=q)
            | Q(short_name__icontains=q)
            | Q(services__icontains=q)
        )
    return qs


def agency_get(*, viewer: Any, agency_id: int) -> Agency:
    return Agency.objects.get(pk=agency_id)
