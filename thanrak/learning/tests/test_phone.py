"""The trainer's pages fit a 360 px phone (a real browser)."""

import pytest

from thanrak.core.testing.browser import BASE, log_in, overflow
from thanrak.learning import actions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_the_trainers_pages_fit_a_360_px_phone(open_as, district_officer, batch, sessions, people):
    enrolled = [actions.enrol(by=district_officer, batch=batch, person=p) for p in people]
    page = open_as()
    log_in(page, "mueang_phayao")
    for path in (
        "/learning/",
        f"/learning/batches/{batch.pk}/",
        f"/learning/sessions/{sessions[0].pk}/",
        f"/learning/enrolments/{enrolled[0].pk}/slip/",
        f"/learning/batches/{batch.pk}/enrol/file/",
        "/learning/courses/new/",
    ):
        page.goto(BASE + path)
        assert overflow(page) <= 0, f"{path} is {overflow(page)} px wider than the phone"
