"""Monitoring computations for the seed figures of services (registered in ServicesConfig; see
thanrak/monitoring/computed.py for the contract). Each is a count by subdistrict."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area, end_of


def cases_opened(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Cases taken in (intake date) from `start` to `end`, by the subject's subdistrict."""
    from thanrak.services.models import Case

    return by_area(
        Case.objects.filter(intake_date__gte=start, intake_date__lte=end), "area_code", Count("pk")
    )


def cases_served(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Cases that reached "served" from `start` to `end` (the step's date), by subdistrict."""
    from thanrak.services.models import CaseStep

    steps = CaseStep.objects.filter(to_status="SERVED", on__gte=start, on__lte=end)
    return by_area(steps, "case__area_code", Count("case", distinct=True))


def cases_referred(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Referrals sent to partner agencies from `start` to `end`, by the case's subdistrict."""
    from thanrak.services.models import Referral

    return by_area(Referral.objects.filter(sent_on__gte=start, sent_on__lte=end), "area_code", Count("pk"))


def products_developed(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Product development cases done from `start` to `end`, by the product's subdistrict."""
    from thanrak.services.models import DevelopmentCase

    done = DevelopmentCase.objects.filter(status="DONE", finished_on__gte=start, finished_on__lte=end)
    return by_area(done, "area_code", Count("pk"))


def products_in_development(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Product development cases started by `end` and not ended by then, by subdistrict."""
    from thanrak.services.models import DevelopmentCase

    open_then = DevelopmentCase.objects.filter(started_on__lte=end).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gt=end)
    )
    return by_area(open_then, "area_code", Count("pk"))


def households_improved(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Households of a volunteer's caseload (assigned by `end`) that no longer fail at least one
    TPMAP dimension they failed when assigned, at their latest later round, by subdistrict."""
    from collections import Counter

    from thanrak.services.models import CaseloadAssignment
    from thanrak.services.queries.caseloads import caseload_rows

    counts: Counter[str] = Counter()
    qs = CaseloadAssignment.objects.filter(assigned_on__lte=end).select_related("run__round").order_by("pk")
    for first in range(0, qs.count(), 2000):
        for row in caseload_rows(assignments=list(qs[first : first + 2000])):
            if row.change.improved:
                counts[row.assignment.area_code[:6]] += 1
    return dict(sorted(counts.items()))


def _rows(model_path: str, ids: Any, viewer: Any, area_field: str, area_code: str) -> Any:
    from django.apps import apps

    model = apps.get_model("services", model_path)
    return model.objects.visible_to(viewer).filter(pk__in=ids, **{f"{area_field}__startswith": area_code})


def cases_opened_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "") -> Any:
    from thanrak.services.models import Case

    ids = Case.objects.filter(intake_date__gte=start, intake_date__lte=end).values("pk")
    return _rows("Case", ids, viewer, "area_code", area_code).order_by("intake_date", "pk")


def cases_served_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "") -> Any:
    from thanrak.services.models import CaseStep

    ids = CaseStep.objects.filter(to_status="SERVED", on__gte=start, on__lte=end).values("case")
    return _rows("Case", ids, viewer, "area_code", area_code).order_by("intake_date", "pk")


def referrals_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "") -> Any:
    from thanrak.services.models import Referral

    ids = Referral.objects.filter(sent_on__gte=start, sent_on__lte=end).values("pk")
    return _rows("Referral", ids, viewer, "area_code", area_code).order_by("sent_on", "pk")


def developed_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "") -> Any:
    from thanrak.services.models import DevelopmentCase

    ids = DevelopmentCase.objects.filter(status="DONE", finished_on__gte=start, finished_on__lte=end)
    return _rows("DevelopmentCase", ids.values("pk"), viewer, "area_code", area_code).order_by("pk")


def in_development_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "") -> Any:
    from thanrak.services.models import DevelopmentCase

    ids = DevelopmentCase.objects.filter(started_on__lte=end).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gt=end)
    )
    return _rows("DevelopmentCase", ids.values("pk"), viewer, "area_code", area_code).order_by("pk")


def _helpers_rows(kind: str) -> Callable[..., Any]:
    def rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "") -> Any:
        from thanrak.services.models import Helper

        ids = Helper.objects.filter(kinds__kind=kind, created_at__lt=end_of(end)).values("pk")
        return _rows("Helper", ids, viewer, "area_code", area_code).order_by("area_code", "pk")

    return rows


def _helpers_of(kind: str) -> Callable[..., dict[str, int]]:
    def helpers(*, start: dt.date, end: dt.date) -> dict[str, int]:
        from thanrak.services.models import Helper

        listed = Helper.objects.filter(kinds__kind=kind, created_at__lt=end_of(end))
        return by_area(listed, "area_code", Count("pk", distinct=True))

    helpers.__doc__ = f"Helpers of kind {kind} listed by the end of the period, by their subdistrict."
    return helpers


def _count(
    name: str, function: Any, label: Any, unit: str, temporal: str, description: Any, rows: Any = None
) -> dict[str, Any]:
    return {
        **({"rows": rows} if rows else {}),
        "name": f"services.{name}",
        "version": 1,
        "function": function,
        "label": label,
        "unit": unit,
        "temporal": temporal,
        "description": description,
        "changes": {1: "first version"},
    }


HELPER_KINDS = [
    ("KBO_ADVISER", _("KBO advisers")),
    ("SME_VOLUNTEER", _("SME volunteers (อสสว.)")),
    ("SAGE", _("Sages (ปราชญ์ชาวบ้าน)")),
    ("COMMUNITY_LEADER", _("Community leaders")),
    ("WELFARE_VOLUNTEER", _("Social-welfare volunteers (อพม.)")),
    ("SURVEY_COLLECTOR", _("Basic-needs (จปฐ.) collectors")),
]

MONITORING_COMPUTATIONS = [
    _count(
        "cases_opened",
        cases_opened,
        _("Clients taken in by the one-stop service"),
        "TIMES",
        "FLOW",
        _(
            "Cases opened (by intake date) in the period, by the subdistrict of the person, household or "
            "organisation."
        ),
        cases_opened_rows,
    ),
    _count(
        "cases_served",
        cases_served,
        _("Cases served"),
        "TIMES",
        "FLOW",
        _("Cases that reached the served step in the period, by subdistrict."),
        cases_served_rows,
    ),
    _count(
        "cases_referred",
        cases_referred,
        _("Referrals to partner agencies"),
        "TIMES",
        "FLOW",
        _("Referrals sent to partner agencies in the period, by the subdistrict of the case."),
        referrals_rows,
    ),
    _count(
        "products_developed",
        products_developed,
        _("Products developed (done)"),
        "PRODUCTS",
        "FLOW",
        _("Product development cases done in the period, by the subdistrict of the shop."),
        developed_rows,
    ),
    _count(
        "products_in_development",
        products_in_development,
        _("Products in development"),
        "PRODUCTS",
        "STOCK",
        _("Product development cases in progress at the end of the period, by subdistrict."),
        in_development_rows,
    ),
    _count(
        "households_improved",
        households_improved,
        _("Target households improved in at least one dimension"),
        "HOUSEHOLDS",
        "STOCK",
        _(
            "Households in volunteers' caseloads that pass, at their latest later survey round, a TPMAP "
            "dimension they failed when assigned, by subdistrict."
        ),
    ),
    *(
        _count(
            f"helpers_{kind.lower()}",
            _helpers_of(kind),
            label,
            "PERSONS",
            "STOCK",
            _(
                "People listed in the directory of helpers with this kind by the end of the period, by "
                "subdistrict."
            ),
            _helpers_rows(kind),
        )
        for kind, label in HELPER_KINDS
    ),
]
