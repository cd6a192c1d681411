"""The monitoring API: scoped, idempotent, and a broken rule answers 409 with the reason."""

import pytest
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.monitoring import actions
from thanrak.monitoring.models import Unit, Value
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT


def bearer(user) -> dict[str, str]:  # noqa: ANN001
    _token, key = token_create(user=user, name="test", at=timezone.now())
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def households(national_manager):
    return factories.indicator(by=national_manager, unit=Unit.HOUSEHOLDS, code="HH")


@pytest.mark.django_db
class TestValuesApi:
    def test_posting_the_same_value_twice_has_one_effect(self, client, households, district_officer):
        auth = bearer(district_officer)
        body = {"indicator": "HH", "area_code": "560101", "period": "2569-01", "value": "๑,๒๐๐"}

        first = client.post("/api/v1/monitoring/values", body, content_type="application/json", **auth).json()
        again = client.post("/api/v1/monitoring/values", body, content_type="application/json", **auth).json()

        assert (first["created"], again["created"], again["changed"]) == (True, False, False)
        assert first["value"]["value"] == "1200"
        assert Value.objects.get().revisions.count() == 1

    def test_outside_the_officers_area_is_a_conflict_with_the_reason(
        self, client, households, district_officer
    ):
        response = client.post(
            "/api/v1/monitoring/values",
            {"indicator": "HH", "area_code": "500101", "period": "2569-01", "value": "1"},
            content_type="application/json",
            **bearer(district_officer),
        )

        assert response.status_code == 409
        assert response.json()["field"] == "area_code"
        assert response.json()["code"] == "area_outside_your_areas"

    def test_history_shows_who_changed_what(self, client, households, district_officer):
        factories.value(households, "560101", "2569-01", "7", by=district_officer)
        value = factories.value(households, "560101", "2569-01", "8", by=district_officer)

        history = client.get(
            f"/api/v1/monitoring/values/{value.pk}/history", **bearer(district_officer)
        ).json()

        assert [(h["old_value"], h["new_value"], h["by"]) for h in history] == [
            ("7", "8", "mueang_phayao"),
            (None, "7", "mueang_phayao"),
        ]

    def test_an_officer_lists_only_their_areas(
        self, client, households, district_officer, other_district_officer
    ):
        factories.value(households, "560101", "2569-01", "7", by=district_officer)
        factories.value(households, "560201", "2569-01", "3", by=other_district_officer)

        listed = client.get("/api/v1/monitoring/values", **bearer(district_officer)).json()

        assert [v["area_code"] for v in listed] == ["560101"]


@pytest.mark.django_db
class TestWorkflowApi:
    def test_submit_approve_lock_and_a_locked_value_is_refused(
        self, client, households, district_officer, provincial_officer, national_manager
    ):
        factories.value(households, "560101", "2569-01", "7", by=district_officer)
        post = client.post

        assert (
            post(
                "/api/v1/monitoring/workflow/submit",
                {"area_code": "5601", "period": "2569-01"},
                content_type="application/json",
                **bearer(district_officer),
            ).json()["value_count"]
            == 1
        )
        assert (
            post(
                "/api/v1/monitoring/workflow/approve",
                {"area_code": "56", "period": "2569-01"},
                content_type="application/json",
                **bearer(provincial_officer),
            ).status_code
            == 200
        )
        lock = post(
            "/api/v1/monitoring/locks",
            {"period": "FY2569"},
            content_type="application/json",
            **bearer(national_manager),
        ).json()
        refused = post(
            "/api/v1/monitoring/values",
            {"indicator": "HH", "area_code": "560102", "period": "2569-01", "value": "1"},
            content_type="application/json",
            **bearer(district_officer),
        )
        reopened = post(
            f"/api/v1/monitoring/locks/{lock['id']}/reopen",
            {"reason": "ตรวจพบข้อผิดพลาด"},
            content_type="application/json",
            **bearer(national_manager),
        )

        assert refused.status_code == 409 and refused.json()["code"] == "period_locked"
        assert "FY2569" in refused.json()["detail"]
        assert reopened.json()["reopen_reason"] == "ตรวจพบข้อผิดพลาด"

    def test_a_district_officer_may_not_lock(self, client, district_officer):
        response = client.post(
            "/api/v1/monitoring/locks",
            {"period": "FY2569"},
            content_type="application/json",
            **bearer(district_officer),
        )

        assert response.status_code == 403


@pytest.mark.django_db
class TestAchievementsAndDhis2Api:
    def test_achievements_give_the_percentage_as_text_and_number(self, client, households, national_manager):
        actions.target_set(
            indicator=households, area_code="", fiscal_year=2565, amount="2100", by=national_manager, at=AT
        )
        factories.value(households, "", "FY2565", "2135", by=national_manager)

        rows = client.get(
            "/api/v1/monitoring/achievements?fiscal_year=2565", **bearer(national_manager)
        ).json()

        assert (rows[0]["percent_of_target"], rows[0]["text_th"]) == ("101.67", "ร้อยละ ๑๐๑.๖๗")

    def test_a_dhis2_file_with_unknown_codes_is_refused_listing_them(
        self, client, households, national_manager
    ):
        body = {
            "dataValues": [
                {"dataElement": "HH", "period": "202201", "orgUnit": "56", "value": "1"},
                {"dataElement": "NOPE", "period": "202201", "orgUnit": "56", "value": "1"},
                {"dataElement": "HH", "period": "202201", "orgUnit": "9999", "value": "1"},
            ]
        }

        response = client.post(
            "/api/v1/monitoring/dhis2/dataValueSets",
            body,
            content_type="application/json",
            **bearer(national_manager),
        )

        assert response.status_code == 409 and response.json()["code"] == "import_rejected"
        assert [(i["row"], i["column"]) for i in response.json()["issues"]] == [
            (2, "dataElement"),
            (3, "orgUnit"),
        ]
        assert Value.objects.count() == 0

    def test_dhis2_export(self, client, households, national_manager):
        factories.value(households, "56", "2565-01", "4", by=national_manager)

        doc = client.get(
            "/api/v1/monitoring/dhis2/dataValueSets?area_code=56", **bearer(national_manager)
        ).json()

        assert doc["dataValues"][0] | {"lastUpdated": "x"} == {
            "dataElement": "HH",
            "period": "202201",
            "orgUnit": "56",
            "categoryOptionCombo": "default",
            "attributeOptionCombo": "default",
            "value": "4",
            "storedBy": "national",
            "lastUpdated": "x",
            "comment": "",
            "followup": False,
        }
