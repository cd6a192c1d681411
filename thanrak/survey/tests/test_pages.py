"""The pages people use: collectors fill the form, officers watch progress, run targeting, follow up."""

import pytest
from django.urls import reverse

from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.models import Assistance, Response, ResponseStatus, RunHousehold
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(national_manager, district_officer, volunteer):
    round_ = sf.round_(national_manager)
    v1 = rf.village("560101", 1)
    actions.assignment_set(round_=round_, village=v1, collector=volunteer, by=district_officer, at=sf.AT)
    poor = rf.household(by=national_manager, village_obj=v1, members=2)
    fine = rf.household(by=national_manager, village_obj=v1, members=1)
    elsewhere = rf.household(by=national_manager, village_obj=rf.village("560201", 1), members=1)
    sf.submit(round_, poor, volunteer, income=20_000)
    sf.submit(round_, fine, volunteer)
    sf.submit(round_, elsewhere, national_manager, fail={"saves", "durable_house"})
    run = actions.run_create(
        round_=round_,
        method="TPMAP",
        parameters={"dimensions": ["health", "living", "education", "income", "access"]},
        label="TPMAP 2564",
        by=national_manager,
        at=sf.AT,
    )
    actions.round_evaluate(round_=round_, by=national_manager, at=sf.AT)
    return round_, run, poor, fine, elsewhere


def _login(client, user):
    client.force_login(user)
    return client


class TestRoundPages:
    def test_the_district_officer_sees_progress_of_the_villages(self, client, setting, district_officer):
        round_, *_ = setting

        page = _login(client, district_officer).get(
            reverse("survey:round-detail", args=[round_.pk]) + "?area=560101"
        )

        assert page.status_code == 200
        assert "56010101" in page.text
        assert "100.0" in page.text

    def test_a_volunteer_sees_the_households_of_the_assigned_village(self, client, setting, volunteer):
        round_, _run, poor, *_ = setting

        page = _login(client, volunteer).get(
            reverse("survey:village-households", args=[round_.pk, "56010101"])
        )

        assert poor.house_no in page.text

    def test_the_village_page_is_titled_by_its_name_and_the_areas_above_it(self, client, setting, volunteer):
        round_, *_ = setting

        page = _login(client, volunteer).get(
            reverse("survey:village-households", args=[round_.pk, "56010101"])
        )

        assert "<title>ครัวเรือน · หมู่ 1 บ้านทดสอบ ต.เวียง อ.เมืองพะเยา จ.พะเยา" in page.text


class TestResponseForm:
    def test_an_htmx_change_saves_the_draft_and_returns_the_form_with_problems(
        self, client, setting, volunteer, national_manager
    ):
        round_, *_ = setting
        home = rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=1)
        url = reverse("survey:response-form", args=[round_.pk, home.pk])

        page = _login(client, volunteer).post(
            url, {"hh-income_total_baht": "-5", "action": "save"}, HTTP_HX_REQUEST="true"
        )

        assert page.status_code == 200
        assert "<html" not in page.text
        assert "at least 0" in page.text or "อย่างน้อย" in page.text
        assert Response.objects.get(household=home).answers["income_total_baht"] == "-5"

    def test_submitting_a_complete_form_redirects_to_the_village(
        self, client, setting, volunteer, national_manager
    ):
        round_, *_ = setting
        home = rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=1)
        hh, members = sf.passing_answers(round_, home)
        data = {f"hh-{k}": v for k, v in hh.items()}
        for pid, m in members.items():
            data[f"m{pid}-age"] = m["age"]
            data.update({f"m{pid}-{k}": v for k, v in m["answers"].items()})

        page = _login(client, volunteer).post(
            reverse("survey:response-form", args=[round_.pk, home.pk]), {**data, "action": "submit"}
        )

        assert page.status_code == 302
        assert Response.objects.get(household=home).status == ResponseStatus.SUBMITTED

    def test_the_form_of_a_village_elsewhere_is_not_found(self, client, setting, volunteer):
        round_, _run, _poor, _fine, elsewhere = setting

        page = _login(client, volunteer).get(reverse("survey:response-form", args=[round_.pk, elsewhere.pk]))

        assert page.status_code == 404


class TestTargetList:
    def test_a_volunteer_sees_only_target_households_of_own_villages(self, client, setting, volunteer):
        _round, _run, poor, fine, elsewhere = setting

        page = _login(client, volunteer).get(reverse("survey:target-list"))

        assert poor.house_no in page.text
        assert elsewhere.house_no not in page.text

    def test_names_each_failed_need_in_words_a_phone_can_read(self, client, setting, volunteer):
        import re

        from django.utils import translation

        from thanrak.survey.queries import indicator_names

        _round, run, *_ = setting
        with translation.override("th"):
            names = indicator_names(snapshot=run.rules_snapshot)

        page = _login(client, volunteer).get(reverse("survey:target-list")).text

        needs = re.findall(r'<span class="badge warn"[^>]*>(\d+)</span> ([^<]+)</li>', page)
        assert needs and all(text.strip() == names[int(n)] for n, text in needs)
        assert 'class="badge warn" title=' not in page  # not a hover tooltip

    def test_a_volunteer_may_not_download_the_list(self, client, setting, volunteer):
        _round, run, *_ = setting

        page = _login(client, volunteer).get(reverse("survey:target-list") + f"?run={run.pk}&format=csv")

        assert page.status_code == 403

    def test_an_officer_downloads_the_list_and_it_is_audited(self, client, setting, district_officer):
        from thanrak.accounts.models import AuditLog

        _round, run, poor, *_ = setting

        page = _login(client, district_officer).get(
            reverse("survey:target-list") + f"?run={run.pk}&format=csv"
        )

        assert page.status_code == 200
        assert poor.house_no in page.content.decode("utf-8-sig")
        assert AuditLog.objects.filter(event="EXPORT", object_type="survey.targetingrun").exists()

    def test_the_downloaded_list_has_thai_column_names(self, client, setting, district_officer):
        _round, run, *_ = setting

        page = _login(client, district_officer).get(
            reverse("survey:target-list") + f"?run={run.pk}&format=csv"
        )

        header = page.content.decode("utf-8-sig").splitlines()[0]
        assert header.startswith("หมู่บ้าน,บ้านเลขที่,") and "house_no" not in header


class TestFollowUp:
    def test_an_officer_records_help_linked_to_a_group_membership(
        self, client, setting, district_officer, enterprise, national_manager
    ):
        from thanrak.registry.actions import membership_add

        _round, run, poor, *_ = setting
        person = poor.members.first().person
        membership = membership_add(
            organisation=enterprise, person=person, by=national_manager, start_date=sf.AT.date()
        )
        url = reverse("survey:target-detail", args=[poor.pk])

        page = _login(client, district_officer).post(
            url,
            {
                "kind": "MEMBERSHIP",
                "description": "เข้ากลุ่มทอผ้า",
                "given_on": "2026-11-01",
                "indicators": ["22"],
                "linked": f"registry.membership:{membership.pk}",
            },
        )

        assert page.status_code == 302
        help_ = Assistance.objects.get(household=poor)
        assert help_.linked == membership
        assert help_.indicators == [22]

    def test_a_volunteer_may_not_record_help(self, setting, volunteer):
        _round, _run, poor, *_ = setting

        with pytest.raises(PermissionError):
            actions.assistance_record(
                household=poor,
                kind="TRAINING",
                description="x",
                given_on=sf.AT.date(),
                by=volunteer,
                at=sf.AT,
            )


class TestRunsAndDashboards:
    def test_the_run_page_shows_h_a_m0_and_indicator_contributions(self, client, setting, provincial_officer):
        _round, run, *_ = setting

        page = _login(client, provincial_officer).get(reverse("survey:run-detail", args=[run.pk]))

        assert page.status_code == 200
        assert "M0" in page.text and "data-vega-spec" in page.text

    def test_the_run_page_explains_h_a_and_m0_and_names_subgroups_in_thai(
        self, client, setting, provincial_officer
    ):
        _round, run, *_ = setting

        page = _login(client, provincial_officer).get(reverse("survey:run-detail", args=[run.pk])).text

        assert "สัดส่วนคนจน: ในทุก 100 คน" in page and "ความรุนแรง: โดยเฉลี่ยแล้ว" in page
        assert "เท่ากับ H × A" in page
        assert "age:" not in page and "sex:" not in page
        assert "หญิง" in page or "ชาย" in page

    def test_recomputing_a_run_tells_it_reproduces_and_that_answers_changed_since(
        self, client, setting, national_manager
    ):
        from thanrak.survey.models import WelfareCard

        _round, run, poor, *_ = setting
        page = _login(client, national_manager)
        unchanged = page.post(reverse("survey:run-detail", args=[run.pk])).text
        WelfareCard.objects.create(
            person=poor.members.first().person, validated=True, year_be=2564, imported_at=sf.AT
        )

        changed = page.post(reverse("survey:run-detail", args=[run.pk])).text

        assert "คำตอบที่การประมวลผลนี้ใช้: ผลตรงกันทุกประการ" in unchanged
        assert "คำตอบของรอบสำรวจยังเหมือนกับตอนที่ทำการประมวลผลนี้" in unchanged
        assert "คำตอบที่การประมวลผลนี้ใช้: ผลตรงกันทุกประการ" in changed
        assert "คำตอบของ 1 ครัวเรือนเปลี่ยนไปหลังการประมวลผลนี้" in changed

    def test_the_map_data_lists_values_per_province(self, client, setting, national_manager):
        _round, run, *_ = setting

        data = (
            _login(client, national_manager).get(reverse("survey:map-data") + f"?level=2&run={run.pk}").json()
        )

        assert "56" in data["values"]
        assert data["unmatched"] == []

    def test_a_volunteer_may_not_open_the_dashboard(self, client, setting, volunteer):
        page = _login(client, volunteer).get(reverse("survey:dashboard"))

        assert page.status_code == 403

    @pytest.mark.parametrize(
        "name",
        [
            "survey:round-list",
            "survey:target-list",
            "survey:dashboard",
            "survey:compare",
            "survey:version-list",
            "survey:home-panel",
        ],
    )
    def test_officer_pages_render(self, client, setting, district_officer, name):
        page = _login(client, district_officer).get(reverse(name))

        assert page.status_code == 200

    def test_round_against_round_shows_who_came_out_and_whose_income_rose(
        self, client, setting, national_manager, volunteer, district_officer
    ):
        round_, run, poor, fine, _elsewhere = setting
        later = sf.round_(national_manager, year_be=2565, v=None) if False else None  # noqa: F841
        from thanrak.survey.models import SurveyVersion

        v = SurveyVersion.objects.get()
        v.year_to_be = 2570
        v.save()
        round2 = sf.round_(national_manager, year_be=2565, v=v)
        actions.assignment_set(
            round_=round2, village=rf.village("560101", 1), collector=volunteer, by=district_officer, at=sf.AT
        )
        sf.submit(round2, poor, volunteer, income=200_000)
        sf.submit(round2, fine, volunteer, income=20_000)
        actions.round_evaluate(round_=round2, by=national_manager, at=sf.AT)
        run2 = actions.run_create(
            round_=round2,
            method="TPMAP",
            parameters={"dimensions": ["income"]},
            label="2565",
            by=national_manager,
            at=sf.AT,
        )

        page = _login(client, district_officer).get(
            reverse("survey:compare") + f"?before={run.pk}&after={run2.pk}"
        )

        result = page.context["result"]
        assert result.came_out == [poor.pk]
        assert result.fell_in == [fine.pk]
        assert result.income_rose == 1
        assert dict(result.resolved)[22] == 1
        assert RunHousehold.objects.filter(run=run2, is_poor=True).count() == 1


class TestVersionPages:
    def test_the_national_manager_changes_the_income_line(self, client, setting, national_manager):
        round_, *_ = setting
        v = round_.version

        page = _login(client, national_manager).post(
            reverse("survey:version-detail", args=[v.pk]),
            {"income_line_baht": "40000", "birth_weight_min_g": "2500"},
        )

        assert page.status_code == 302
        v.refresh_from_db()
        assert v.parameters["income_line_baht"] == 40000

    def test_shows_the_import_and_xlsform_links_only_to_who_may_follow_them(
        self, client, setting, volunteer, district_officer, national_manager
    ):
        version = setting[0].version
        detail = reverse("survey:version-detail", args=[version.pk])
        xlsform, importing = (
            reverse("survey:version-xlsform", args=[version.pk]),
            reverse("survey:version-import"),
        )

        for user, may_export, may_import in (
            (volunteer, False, False),
            (district_officer, True, False),
            (national_manager, True, True),
        ):
            _login(client, user)
            assert (xlsform in client.get(detail).text) is may_export
            assert (importing in client.get(reverse("survey:version-list")).text) is may_import
            assert (client.get(xlsform).status_code == 200) is may_export
            assert (client.get(importing).status_code == 200) is may_import

    def test_a_district_officer_cannot_change_thresholds(self, client, setting, district_officer):
        round_, *_ = setting

        page = _login(client, district_officer).get(
            reverse("survey:indicator-edit", args=[round_.version.indicators.get(number=22).pk])
        )

        assert page.status_code == 403

    def test_an_indicator_rule_that_calls_python_is_refused(self, client, setting, national_manager):
        round_, *_ = setting
        ind = round_.version.indicators.get(number=22)

        page = _login(client, national_manager).post(
            reverse("survey:indicator-edit", args=[ind.pk]),
            {"text_th": ind.text_th, "pass_when": "__import__('os').system('x')"},
        )

        assert page.status_code == 200
        ind.refresh_from_db()
        assert ind.pass_when.startswith("income_total_baht")
