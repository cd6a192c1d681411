import datetime as dt

import pytest

from thanrak.learning import actions
from thanrak.registry.tests import factories


@pytest.fixture
def course(district_officer):
    return actions.course_create(
        by=district_officer,
        title="โคก หนอง นา โมเดล",
        hours=12,
        fiscal_year=2569,
        area_code="5601",
        programme_code="2.4(2)",
    )


@pytest.fixture
def batch(course, district_officer):
    return actions.batch_create(
        by=district_officer,
        course=course,
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 11, 4),
        place="ศาลาหมู่บ้าน",
        area_code="560101",
        capacity=2,
        budget=1_500_000,
    )


@pytest.fixture
def sessions(batch, district_officer):
    return [
        actions.session_add(
            by=district_officer,
            batch=batch,
            date=dt.date(2026, 11, d),
            starts_at=dt.time(9),
            ends_at=dt.time(16),
        )
        for d in (2, 3, 4)
    ]


@pytest.fixture
def people(national_manager):
    return [factories.person(by=national_manager, area_code="56010101") for _ in range(4)]
