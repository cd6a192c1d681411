"""Reads on product development cases."""

from typing import Any

from django.db.models import QuerySet

from thanrak.services.models import DevelopmentCase
from thanrak.services.rules import DevelopmentCounts, development_counts


def development_list(
    *, viewer: Any, status: str = "", standard: str = "", area: str = ""
) -> QuerySet[DevelopmentCase]:
    qs = DevelopmentCase.objects.visible_to(viewer).select_related("product__shop", "adviser__person")
    if status:
        qs = qs.filter(status=status)
    if standard:
        qs = qs.filter(standard=standard)
    if area:
        qs = qs.filter(area_code__startswith=area)
    return qs


def development_get(*, viewer: Any, case_id: int) -> DevelopmentCase:
    return (
        DevelopmentCase.objects.visible_to(viewer)
        .select_related("product__shop", "adviser__person", "certification")
        .get(pk=case_id)
    )


def development_totals(*, viewer: Any, area: str = "", standard: str = "") -> DevelopmentCounts:
    """Done / in progress / dropped, as the seed reports them (126 done, 74 in progress)."""
    qs = development_list(viewer=viewer, area=area, standard=standard)
    return development_counts(list(qs.values_list("status", "level_before", "level_after")))
