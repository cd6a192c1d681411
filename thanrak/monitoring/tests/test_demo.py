"""The demo loads the published report and Phayao's months with their history, twice to the same end."""

import datetime as dt
import io
import random

import pytest
from django.apps import apps

from thanrak.monitoring import demo
from thanrak.monitoring.models import PeriodLock, PublishedFigure, Value, ValueStatus, WorkflowEvent
from thanrak.registry.tests import factories as registry

TODAY = dt.date(2026, 11, 26)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("monitoring").get_models()}


@pytest.mark.django_db
class TestDemo:
    def test_it_loads_the_report_and_a_story_of_months_and_changes_nothing_the_second_time(
        self, national_manager
    ):
        registry.household(by=national_manager)
        logins = demo.seed(rng=random.Random(2569), today=TODAY, stdout=io.StringIO())
        first = counts()

        demo.seed(rng=random.Random(2569), today=TODAY, stdout=io.StringIO())

        assert counts() == first
        assert {login.username for login in logins} >= {
            "manager",
            "phayao",
            "mueang",
            "auditor",
        }
        assert PublishedFigure.objects.count() == 211
        assert set(PeriodLock.objects.values_list("period", flat=True)) == {"FY2565", "FY2569"}
        assert WorkflowEvent.objects.filter(action="RETURN", area_code="5602").count() == 1
        assert Value.objects.filter(
            area_code__startswith="5601", period="2569-11", status=ValueStatus.SUBMITTED
        ).exists()
        assert Value.objects.filter(
            area_code__startswith="5602", period="2569-11", status=ValueStatus.DRAFT
        ).exists()
        assert Value.objects.filter(
            source="COMPUTED", indicator__computation="registry.households", value=1
        ).exists()


@pytest.mark.django_db
class TestDemoComputedFromTheOtherModules:
    def test_the_survey_finance_and_commerce_computations_are_indicators_with_values(self, national_manager):
        from thanrak.monitoring.models import Indicator
        from thanrak.survey.tests import factories as sf

        round_ = sf.round_(national_manager)
        home = registry.household(by=national_manager, village_obj=registry.village("560101", 1), members=1)
        sf.submit(round_, home, national_manager)

        demo.seed(rng=random.Random(2569), today=TODAY, stdout=io.StringIO())

        names = set(Indicator.objects.exclude(computation="").values_list("computation", flat=True))
        assert names >= {
            "survey.households_surveyed",
            "survey.target_poor",
            "commerce.online_sales",
            "finance.loans_outstanding",
            "finance.overdue_principal",
        }
        ratio = Indicator.objects.get(kind="RATIO", name_th="ร้อยละของต้นเงินกู้ค้างชำระ")
        assert (ratio.numerator.computation, ratio.denominator.computation) == (
            "finance.overdue_principal",
            "finance.loans_outstanding",
        )
        assert Value.objects.filter(
            indicator__computation="survey.households_surveyed",
            area_code="56010101",
            period="@2569-11",
            value=1,
        ).exists()
