"""Survey pages as the field trial met them (issue 10): refusals on the page, forms that show their
errors, the comparison that starts on two different years, the collector's long form."""

import re

import pytest
from django.urls import reverse

from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.models import HouseholdResult, SurveyVersion, TargetingRun
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db

DIMENSIONS = {"dimensions": ["health", "living", "education", "income", "access"]}


@pytest.fixture
def province_round(national_manager, district_officer, volunteer):
    """A round over the whole province (56) with two submitted households in Mueang's village 1."""
    round_ = sf.round_(national_manager)
    village = rf.village("560101", 1)
    actions.assignment_set(round_=round_, village=village, collector=volunteer, by=district_officer, at=sf.AT)
    for income in (20_000, 200_000):
        home = rf.household(by=national_manager, village_obj=village, members=1)
        sf.submit(round_, home, volunteer, income=income)
    return round_


def _login(client, user):  # noqa: ANN001, ANN202
    client.force_login(user)
    return client


class TestRoundRefusals:
    def test_a_district_officer_is_not_shown_buttons_for_a_provincial_round(
        self, client, province_round, district_officer
    ):
        page = _login(client, district_officer).get(reverse("survey:round-detail", args=[province_round.pk]))

        assert page.status_code == 200
        assert reverse("survey:round-evaluate", args=[province_round.pk]) not in page.text
        assert reverse("survey:run-create", args=[province_round.pk]) not in page.text

    def test_the_provincial_officer_is_shown_the_buttons(self, client, province_round, provincial_officer):
        page = _login(client, provincial_officer).get(
            reverse("survey:round-detail", args=[province_round.pk])
        )

        assert reverse("survey:round-evaluate", args=[province_round.pk]) in page.text
        assert reverse("survey:run-create", args=[province_round.pk]) in page.text

    def test_refuses_to_evaluate_a_round_wider_than_the_officers_area_with_a_message(
        self, client, province_round, district_officer
    ):
        url = reverse("survey:round-evaluate", args=[province_round.pk])

        page = _login(client, district_officer).post(url, follow=True)

        assert page.status_code == 200
        assert "รอบนี้ครอบคลุมพื้นที่กว้างกว่าพื้นที่ของท่าน" in page.text
        assert not HouseholdResult.objects.filter(round=province_round).exists()

    def test_refuses_a_targeting_run_on_a_round_wider_than_the_officers_area_with_a_message(
        self, client, province_round, district_officer
    ):
        url = reverse("survey:run-create", args=[province_round.pk])
        client = _login(client, district_officer)

        shown = client.get(url, follow=True)
        posted = client.post(
            url, {"method": "TPMAP", "label": "x", "dimensions": DIMENSIONS["dimensions"]}, follow=True
        )

        for page in (shown, posted):
            assert page.status_code == 200
            assert "รอบนี้ครอบคลุมพื้นที่กว้างกว่าพื้นที่ของท่าน" in page.text
        assert not TargetingRun.objects.exists()


class TestOpenRoundForm:
    def test_the_open_round_form_stays_open_when_it_is_refused(
        self, client, province_round, district_officer
    ):
        page = _login(client, district_officer).post(
            reverse("survey:round-list"),
            {"version": province_round.version_id, "year_be": "30062565", "area_code": "5601", "title": ""},
        )

        assert page.status_code == 200
        assert re.search(r"<details open>\s*<summary>เปิดรอบการจัดเก็บ", page.text)

    def test_the_open_round_form_is_folded_when_nothing_went_wrong(
        self, client, province_round, district_officer
    ):
        page = _login(client, district_officer).get(reverse("survey:round-list"))

        assert re.search(r"<details>\s*<summary>เปิดรอบการจัดเก็บ", page.text)


class TestCompare:
    def test_starts_on_the_latest_run_against_a_run_of_an_earlier_year(
        self, client, province_round, national_manager, district_officer, volunteer
    ):
        earlier = actions.run_create(
            round_=province_round,
            method="TPMAP",
            parameters=DIMENSIONS,
            label="2564",
            by=national_manager,
            at=sf.AT,
        )
        version = SurveyVersion.objects.get()
        version.year_to_be = 2570
        version.save()
        later_round = sf.round_(national_manager, year_be=2565, v=version)
        village = rf.village("560101", 1)
        actions.assignment_set(
            round_=later_round, village=village, collector=volunteer, by=district_officer, at=sf.AT
        )
        sf.submit(later_round, rf.household(by=national_manager, village_obj=village, members=1), volunteer)
        latest = actions.run_create(
            round_=later_round,
            method="TPMAP",
            parameters=DIMENSIONS,
            label="2565",
            by=national_manager,
            at=sf.AT,
        )
        actions.run_create(
            round_=later_round,
            method="AF",
            parameters={"weights": {"22": "1"}, "k": "1"},
            label="2565 AF",
            by=national_manager,
            at=sf.AT,
        )

        page = _login(client, district_officer).get(reverse("survey:compare"))

        assert page.context["before"] == earlier
        assert page.context["after"] == latest

    def test_does_not_compare_a_year_with_itself(
        self, client, province_round, national_manager, district_officer
    ):
        for label in ("a", "b"):
            actions.run_create(
                round_=province_round,
                method="TPMAP",
                parameters=DIMENSIONS,
                label=label,
                by=national_manager,
                at=sf.AT,
            )

        page = _login(client, district_officer).get(reverse("survey:compare"))

        assert page.context["result"] is None
        assert "กรุณาเลือกการคำนวณสองครั้งจากคนละรอบ" in page.text


class TestCollectionForm:
    def test_a_new_form_starts_with_each_members_age_from_the_registry(
        self, client, province_round, national_manager, volunteer
    ):
        import datetime as dt

        village = rf.village("560101", 1)
        home = rf.household(by=national_manager, village_obj=village, members=1)
        head = home.members.get().person
        head.birth_date = dt.date(1980, 7, 1)  # 40 on the round's reference date (30 June 2564)
        head.save()

        page = _login(client, volunteer).get(
            reverse("survey:response-form", args=[province_round.pk, home.pk])
        )

        assert re.search(rf'name="m{head.pk}-age" value="40"', page.text)

    def test_a_refused_submit_leads_from_the_count_to_the_first_problem_and_on_to_each_next(
        self, client, province_round, national_manager, volunteer
    ):
        home = rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=2)
        url = reverse("survey:response-form", args=[province_round.pk, home.pk])

        page = _login(client, volunteer).post(url, {"action": "submit"})

        text = page.text
        first = re.search(r'ต้องแก้ไข \d+ รายการ</span> <a href="#(field-[^"]+)">ไปที่รายการแรก', text).group(1)
        assert f'id="{first}"' in text
        assert text.index(f'id="{first}"') < text.index("field-error")
        targets = re.findall(r'class="next-problem" href="#(field-[^"]+)"', text)
        assert len(targets) == text.count('aria-invalid="true"') - 1
        assert all(f'id="{t}"' in text for t in targets)
        focused = re.search(r'name="([^"]+)"[^>]*autofocus', text).group(1)
        assert first == f"field-{focused}"
