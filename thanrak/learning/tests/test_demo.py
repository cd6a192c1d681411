import datetime as dt
import io
import random

import pytest

from thanrak.learning import demo
from thanrak.learning.models import Batch, Certificate, Enrolment
from thanrak.registry.tests import factories

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_attendance_certificates_and_a_waiting_list(make_user, national_manager):
    make_user("mueang", "DISTRICT_OFFICER", "5601")
    for _ in range(45):
        factories.person(by=national_manager, area_code="56010101")
    today = dt.date(2026, 12, 7)
    demo.seed(rng=random.Random(1), today=today, stdout=io.StringIO())
    demo.seed(rng=random.Random(1), today=today, stdout=io.StringIO())
    assert Batch.objects.count() == 2
    assert Certificate.objects.exists()
    assert Enrolment.objects.filter(status="WAITING").count() == 5
