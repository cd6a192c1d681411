"""On the Phayao demo every computed figure of the published report has a value for Phayao, and a
sample of figures from every section equals a count by hand of the demo rows behind it."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from thanrak.core.fiscal import FiscalYear
from thanrak.monitoring import computed
from thanrak.monitoring.models import Indicator

PHAYAO = "56"

# Marked so that pytest-django creates the test database even when this file runs alone: it sets
# up only the databases the collected tests are marked for, and the module's demo needs one.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # noqa: ANN001
    from thanrak.demo import registry
    from thanrak.survey import demo as survey

    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        mock.patch.object(registry, "HOUSEHOLDS", 600),
        mock.patch.object(survey, "MAX_HOUSEHOLDS", 200),
    ):
        call_command("seed_demo", "--seed", "2569", stdout=io.StringIO())
        yield connections["default"]
        transaction.set_rollback(True)


@pytest.fixture
def window(demo, django_db_blocker):  # noqa: ANN001
    with django_db_blocker.unblock():
        today = timezone.localdate()
        fy = FiscalYear.of(today)
        yield fy.start, today


def figure(row: int, start: dt.date, end: dt.date) -> int:
    """What the indicator of a published figure computes for Phayao, as the refresh computes it."""
    ind = Indicator.objects.get(published_figures__row=row, published_figures__role="VALUE")
    spec = computed.get(ind.computation)
    answer = spec.run(start=start, end=end, params=ind.computation_params)
    shaped = computed.aggregate(answer, ind.computation_aggregate or "sum", area=ind.computation_area)
    return sum(n for code, n in shaped.items() if code.startswith(PHAYAO))


def test_every_computed_figure_has_a_value_for_phayao(window, django_db_blocker):  # noqa: ANN001
    start, end = window
    empty = []
    with django_db_blocker.unblock():
        for ind in (
            Indicator.objects.exclude(computation="").filter(published_figures__role="VALUE").distinct()
        ):
            if ind.computation_area and ind.computation_area != PHAYAO:
                continue  # a figure about another province: the figure map explains it
            row = ind.published_figures.filter(role="VALUE").order_by("row").first().row
            if not figure(row, start, end):
                empty.append(f"row {row} {ind.computation} {ind.computation_params}")
    assert empty == []


def test_a_figure_of_every_section_equals_a_count_by_hand_of_its_rows(window, django_db_blocker):  # noqa: ANN001, C901
    from thanrak.assets.models import CommunityForest, LandPlot
    from thanrak.commerce.models import SOLD_STATUSES, Order, Shop
    from thanrak.core.computing import end_of, start_of
    from thanrak.learning.models import Batch, Enrolment
    from thanrak.registry.models import Organisation, ProgrammeParticipation
    from thanrak.services.models import CaseStep, Helper

    start, end = window

    def took_part(code: str) -> Q:
        ids = ProgrammeParticipation.objects.filter(programme_code=code, since__lte=end).filter(
            Q(until__isnull=True) | Q(until__gte=start)
        )
        return Q(pk__in=ids.values("organisation"))

    def trained(code: str) -> int:
        return (
            Enrolment.objects.filter(
                status="ENROLLED",
                batch__course__programme_code=code,
                batch__end_date__range=(start, end),
                batch__area_code__startswith=PHAYAO,
            )
            .values("person")
            .distinct()
            .count()
        )

    with django_db_blocker.unblock():
        by_hand = {
            # 1.1 groups that took up the royal pattern
            10: Organisation.objects.filter(
                took_part("1.1.3(1.1)"), is_active=True, area_code__startswith=PHAYAO
            ).count(),
            # 1.2 seller shops of the programme
            60: Shop.objects.filter(
                organisation__in=Organisation.objects.filter(took_part("1.2.1")), area_code__startswith=PHAYAO
            ).count(),
            # 1.4 new farmers trained
            82: trained("1.4.1"),
            # 1.5 people served by the one-stop service
            88: CaseStep.objects.filter(
                to_status="SERVED", on__range=(start, end), case__area_code__startswith=PHAYAO
            )
            .values("case")
            .distinct()
            .count(),
            # 2.1 people given occupational promotion
            94: trained("2.1.2"),
            # 2.2 community forests
            110: CommunityForest.objects.filter(area_code__startswith=PHAYAO)
            .exclude(legal_status="REVOKED")
            .count(),
            # 2.3 plots allocated
            170: LandPlot.objects.filter(
                allocated_on__range=(start, end), area_code__startswith=PHAYAO
            ).count(),
            # 2.4 Khok Nong Na batches
            182: Batch.objects.filter(
                course__programme_code="2.4(2)", end_date__range=(start, end), area_code__startswith=PHAYAO
            ).count(),
            # 2.5 volunteers trained
            201: trained("2.5(4)"),
            # 3 SME volunteers in the database
            212: Helper.objects.filter(kinds__kind="SME_VOLUNTEER", area_code__startswith=PHAYAO)
            .distinct()
            .count(),
        }
        # 1.2 online sales of the programme's shops, in satang
        by_hand[63] = (
            Order.objects.filter(
                shop__organisation__in=Organisation.objects.filter(took_part("1.2.1")),
                shop__organisation__area_code__startswith=PHAYAO,
                channel__in=("STOREFRONT", "SHOPEE", "LAZADA"),
                status__in=SOLD_STATUSES,
                paid_at__gte=start_of(start),
                paid_at__lt=end_of(end),
            ).aggregate(n=Sum("subtotal_satang"))["n"]
            or 0
        )
        # 2.2.6(3) the poverty fund's principal overdue on the last day, and the villages of such funds
        from thanrak.finance.models import Installment

        overdue: dict[str, int] = {}
        for inst in Installment.objects.filter(
            loan__fund__kind="POVERTY_FUND",
            loan__fund__area_code__startswith=PHAYAO,
            loan__disbursed_on__lte=end,
            due_date__lt=end,
        ).select_related("loan__fund"):
            if inst.loan.status not in ("ACTIVE", "CLOSED"):
                continue
            # the schedule in force on the last day: the latest reschedule made by then, or the first
            reschedules = list(inst.loan.reschedules.order_by("on", "pk"))
            made = [r for r in reschedules if r.on <= end]
            in_force = (
                made[-1].to_version
                if made
                else (reschedules[0].from_version if reschedules else inst.version)
            )
            if inst.version != in_force:
                continue
            paid = inst.allocations.filter(repayment__on__lte=end).aggregate(p=Sum("principal_satang"))["p"]
            unpaid = inst.principal_satang - (paid or 0)
            if unpaid:
                overdue[inst.loan.fund.area_code] = overdue.get(inst.loan.fund.area_code, 0) + unpaid
        by_hand[143] = sum(overdue.values())
        by_hand[142] = len(overdue)
        computed_now = {row: figure(row, start, end) for row in by_hand}
    assert computed_now == by_hand
    assert all(by_hand.values())
