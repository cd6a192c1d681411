"""A course's funding programme is chosen from the report's programmes (monitoring's list), so the
course counts towards the figure it serves; codes typed before the list are kept."""

import pytest
from django.apps import apps
from django.urls import reverse

from thanrak.learning import actions
from thanrak.learning.errors import CannotPlanCourse
from thanrak.learning.models import Course
from thanrak.learning.programmes import programme_choices
from thanrak.monitoring.tests import factories as monitoring

pytestmark = pytest.mark.django_db


def test_the_course_form_offers_the_reports_programmes(client, district_officer, national_manager):
    khok = monitoring.programme(by=national_manager, section="2.4(2)")
    client.force_login(district_officer)
    page = client.get(reverse("learning:course-create")).text
    assert f'<option value="{khok.code}">2.4(2) · {khok.name_th}</option>' in page
    # A figure-map code under a programme: the district fund-network committees of 2.2.6(1).
    assert '<option value="2.2.6(1)/district-network">' in page
    codes = [code for code, _ in programme_choices()]
    assert codes.index("1.1.2") < codes.index("1.1.11") < codes.index("2.4(2)")


def test_a_code_outside_the_list_is_refused_in_the_form_and_the_api(client, district_officer):
    client.force_login(district_officer)
    data = {"title": "โคก หนอง นา", "topic": "AGRICULTURE", "hours": "12", "fiscal_year": "2569"}
    page = client.post(
        reverse("learning:course-create"), {**data, "area_code": "5601", "programme_code": "KHOK-NONG-NA"}
    )
    assert page.status_code == 200 and "programme_code" in page.context["form"].errors
    api = client.post(
        "/api/v1/learning/courses",
        {
            "title": "โคก หนอง นา",
            "hours": 12,
            "fiscal_year": 2569,
            "area_code": "5601",
            "programme_code": "9.9",
        },
        content_type="application/json",
    )
    assert api.status_code in (400, 409, 422) and api.json()["code"] == "course_programme_unknown"
    with pytest.raises(CannotPlanCourse):
        actions.course_create(
            by=district_officer,
            title="x",
            hours=1,
            fiscal_year=2569,
            area_code="5601",
            programme_code="2.4 (2)",
        )
    assert not Course.objects.exists()


def test_the_migration_writes_typed_codes_as_the_list_does_and_keeps_the_others(district_officer):
    from importlib import import_module

    migration = import_module("thanrak.learning.migrations.0003_course_programme_codes")
    typed = Course.objects.create(
        title="ก",
        hours=1,
        fiscal_year=2569,
        area_code="5601",
        programme_code="๒.๔ (๒)",
        created_by=district_officer,
        created_at="2026-11-01T00:00Z",
    )
    unknown = Course.objects.create(
        title="ข",
        hours=1,
        fiscal_year=2569,
        area_code="5601",
        programme_code="KHOK-NONG-NA",
        created_by=district_officer,
        created_at="2026-11-01T00:00Z",
    )
    migration.to_listed_codes(apps, None)
    typed.refresh_from_db()
    unknown.refresh_from_db()
    assert (typed.programme_code, unknown.programme_code) == ("2.4(2)", "KHOK-NONG-NA")
