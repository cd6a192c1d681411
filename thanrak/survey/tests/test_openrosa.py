"""ODK Collect talks OpenRosa: form list, form download, submissions stored once per instanceID."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.models import Response, ResponseStatus, Submission
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db


def basic(username: str, password: str = "pw-for-tests-123") -> dict[str, str]:
    return {
        "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode(),
        "HTTP_X_OPENROSA_VERSION": "1.0",
    }


@pytest.fixture
def round_(national_manager, district_officer, volunteer):
    r = sf.round_(national_manager)
    actions.assignment_set(
        round_=r, village=rf.village("560101", 1), collector=volunteer, by=district_officer, at=sf.AT
    )
    return r


def instance(round_, household, *, instance_id="uuid:0b8f-1", income="120000", age_shift=0) -> bytes:
    hh, members = sf.passing_answers(round_, household)
    hh["income_total_baht"] = income
    persons = {m.person_id: m.person for m in household.members.all()}
    parts = [
        f'<data id="{round_.version.form_id}_r{round_.pk}" version="{round_.version.form_version}">',
        f"<round_id>{round_.pk}</round_id><village_code>{household.area_code}</village_code><house_no>{household.house_no}</house_no>",
    ]
    parts += [f"<{k}>{v}</{k}>" for k, v in hh.items()]
    for pid, m in members.items():
        inner = "".join(f"<{k}>{v}</{k}>" for k, v in m["answers"].items())
        parts.append(
            f"<member><citizen_id>{persons[pid].citizen_id}</citizen_id>"
            f"<age>{m['age'] + age_shift}</age><sex>{persons[pid].sex}</sex>{inner}</member>"
        )
    parts.append(f"<meta><instanceID>{instance_id}</instanceID></meta></data>")
    return "".join(parts).encode()


def post(client, xml: bytes, user="volunteer_moo1"):
    return client.post(
        "/openrosa/submission",
        {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")},
        **basic(user),
    )


class TestFormList:
    def test_asks_for_credentials(self, client, round_):
        page = client.get("/openrosa/formList")

        assert page.status_code == 401
        assert page["WWW-Authenticate"].startswith("Basic")

    def test_lists_the_round_form_with_an_md5_hash(self, client, round_):
        page = client.get("/openrosa/formList", **basic("volunteer_moo1"))

        assert page.status_code == 200
        assert page["X-OpenRosa-Version"] == "1.0"
        assert f"_r{round_.pk}</formID>" in page.text
        assert "<hash>md5:" in page.text

    def test_the_form_downloads_as_an_xform_with_a_member_repeat(self, client, round_):
        page = client.get(f"/openrosa/forms/{round_.pk}.xml", **basic("volunteer_moo1"))

        assert page.status_code == 200
        assert "<h:html" in page.text and "member" in page.text and "income_total_baht" in page.text

    def test_an_api_token_works_as_the_password(self, client, round_, volunteer):
        from django.utils import timezone

        from thanrak.accounts.actions import token_create

        _t, key = token_create(user=volunteer, name="odk", at=timezone.now())

        assert client.get("/openrosa/formList", **basic("volunteer_moo1", key)).status_code == 200


class TestSubmission:
    def test_head_answers_204(self, client, round_):
        page = client.head("/openrosa/submission", **basic("volunteer_moo1"))

        assert page.status_code == 204
        assert page["X-OpenRosa-Accept-Content-Length"]

    def test_a_submission_is_stored_with_201(self, client, round_, phayao_household):
        page = post(client, instance(round_, phayao_household))

        assert page.status_code == 201
        response = Response.objects.get(household=phayao_household)
        assert response.status == ResponseStatus.SUBMITTED and response.source == "ODK"
        assert response.answers["income_total_baht"] == 120000

    def test_a_resent_instance_id_is_stored_once(self, client, round_, phayao_household):
        post(client, instance(round_, phayao_household))

        again = post(client, instance(round_, phayao_household))

        assert again.status_code == 201
        assert Response.objects.filter(household=phayao_household).count() == 1
        assert Submission.objects.count() == 1

    def test_a_village_outside_the_collectors_area_is_refused(self, client, round_, national_manager):
        elsewhere = rf.household(by=national_manager, village_obj=rf.village("560102", 1))

        page = post(client, instance(round_, elsewhere, instance_id="uuid:x2"))

        assert page.status_code == 422
        assert "outside your area" in page.text or "นอกพื้นที่" in page.text
        assert not Response.objects.filter(household=elsewhere).exists()

    def test_an_impossible_income_is_refused(self, client, round_, phayao_household):
        page = post(client, instance(round_, phayao_household, income="999999999", instance_id="uuid:x3"))

        assert page.status_code == 422
        assert not Response.objects.filter(
            household=phayao_household, status=ResponseStatus.SUBMITTED
        ).exists()

    def test_a_half_uploaded_file_is_refused(self, client, round_, phayao_household):
        xml = instance(round_, phayao_household, instance_id="uuid:x4")

        page = post(client, xml[: len(xml) // 2])

        assert page.status_code == 400
        assert not Response.objects.exists()

    def test_a_wrong_password_gets_401(self, client, round_, phayao_household):
        page = client.post(
            "/openrosa/submission",
            {"xml_submission_file": SimpleUploadedFile("s.xml", b"<x/>")},
            **basic("volunteer_moo1", "wrong"),
        )

        assert page.status_code == 401

    def test_a_content_length_that_is_not_a_number_gets_400(self, client, round_, phayao_household):
        page = client.post(
            "/openrosa/submission",
            {"xml_submission_file": SimpleUploadedFile("s.xml", instance(round_, phayao_household))},
            CONTENT_LENGTH="abc",
            **basic("volunteer_moo1"),
        )

        assert page.status_code == 400
        assert not Response.objects.exists()

    def test_a_multipart_body_without_a_boundary_gets_400(self, client, round_):
        page = client.generic(
            "POST",
            "/openrosa/submission",
            b"--x\r\n\r\n",
            content_type="multipart/form-data",
            **basic("volunteer_moo1"),
        )

        assert page.status_code == 400
