"""The API: each operation's rules, codes and scope."""

import pytest

from thanrak.learning import actions
from thanrak.learning.tokens import checkin_token

pytestmark = pytest.mark.django_db
API = "/api/v1/learning"


def test_plan_enrol_check_in_and_certify(client, district_officer, people):
    client.force_login(district_officer)
    course = client.post(
        f"{API}/courses",
        {"title": "การแปรรูปผลผลิต", "hours": 6, "fiscal_year": 2569, "area_code": "5601"},
        content_type="application/json",
    )
    assert course.status_code == 201, course.json()
    batch = client.post(
        f"{API}/courses/{course.json()['id']}/batches",
        {
            "start_date": "2026-11-02",
            "end_date": "2026-11-02",
            "place": "วัด",
            "area_code": "560101",
            "capacity": 1,
            "budget_satang": 500000,
        },
        content_type="application/json",
    )
    assert batch.status_code == 201, batch.json()
    assert batch.json()["budget_satang"] == 500000
    bid = batch.json()["id"]
    session = client.post(
        f"{API}/batches/{bid}/sessions",
        {"date": "2026-11-02", "starts_at": "09:00", "ends_at": "12:00"},
        content_type="application/json",
    ).json()
    body = {"person_ids": [people[0].pk, people[1].pk]}
    first = client.post(f"{API}/batches/{bid}/enrolments", body, content_type="application/json")
    again = client.post(f"{API}/batches/{bid}/enrolments", body, content_type="application/json")
    assert [e["status"] for e in first.json()] == ["ENROLLED", "WAITING"]
    assert [e["id"] for e in again.json()] == [e["id"] for e in first.json()]
    eid = first.json()[0]["id"]
    scans = {"scans": [{"token": checkin_token(eid)}, {"token": checkin_token(eid)}, {"token": "nope"}]}
    synced = client.post(f"{API}/sessions/{session['id']}/checkins", scans, content_type="application/json")
    assert synced.json() == {
        "accepted": 1,
        "already": 1,
        "refused": [{"token": "nope", "code": "checkin_token_invalid"}],
    }
    certs = client.post(f"{API}/batches/{bid}/certificates")
    assert certs.status_code == 200 and len(certs.json()) == 1
    client.logout()
    public = client.get(f"{API}/certificates/{certs.json()[0]['number']}")
    assert public.status_code == 200 and "***" in public.json()["name"]


def test_refusals_carry_codes(client, district_officer, batch):
    client.force_login(district_officer)
    response = client.post(
        f"{API}/batches/{batch.pk}/sessions",
        {"date": "2027-01-01", "starts_at": "09:00", "ends_at": "12:00"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["code"] == "session_date_outside"


@pytest.mark.parametrize(
    ("persona", "courses", "batch_status"),
    [
        ("national_manager", 1, 200),
        ("provincial_officer", 1, 200),
        ("district_officer", 1, 200),
        ("other_district_officer", 0, 404),
        ("officer_elsewhere", 0, 404),
        ("volunteer", 1, 200),
        ("auditor", 1, 200),
        ("buyer", None, 403),
        ("member", None, 403),
    ],
)
def test_scope_matrix(client, request, batch, persona, courses, batch_status):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    listed = client.get(f"{API}/courses")
    if courses is None:
        assert listed.status_code == 403
    else:
        assert listed.json()["count"] == courses
    assert client.get(f"{API}/batches/{batch.pk}").status_code == batch_status


def test_org_officer_sees_their_organisations_courses_only(
    client, org_officer, enterprise, national_manager, batch
):
    course = actions.course_create(
        by=national_manager,
        title="ผ้าทอ",
        hours=3,
        fiscal_year=2569,
        area_code="560101",
        organisation=enterprise,
    )
    client.force_login(org_officer)
    ids = [c["id"] for c in client.get(f"{API}/courses").json()["items"]]
    assert ids == [course.pk]


def test_people_trained_per_programme(client, district_officer, batch, people):
    for p in people[:3]:
        actions.enrol(by=district_officer, batch=batch, person=p)  # two enrolled, one waiting
    client.force_login(district_officer)
    rows = client.get(f"{API}/programmes?fiscal_year=2569").json()
    assert rows == [{"programme_code": "2.4(2)", "fiscal_year": 2569, "batches": 1, "people": 2}]


def test_a_boolean_is_not_an_amount(client, district_officer, course):
    client.force_login(district_officer)
    body = {"start_date": "2026-11-02", "end_date": "2026-11-02", "place": "วัด", "area_code": "560101"}
    response = client.post(
        f"{API}/courses/{course.pk}/batches",
        {**body, "capacity": 1, "budget_satang": False},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "budget_satang"


def test_a_number_is_not_a_date(client, district_officer, course):
    client.force_login(district_officer)
    body = {"start_date": 0, "end_date": "2026-11-02", "place": "วัด", "area_code": "560101", "capacity": 1}
    response = client.post(f"{API}/courses/{course.pk}/batches", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "start_date"


def test_the_certificates_agency_and_logo_through_the_api(
    client, district_officer, course, settings, tmp_path
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    picture = io.BytesIO()
    Image.new("RGB", (300, 120), (0, 80, 160)).save(picture, format="JPEG")
    client.force_login(district_officer)
    url = f"{API}/courses/{course.pk}/certificate"
    sent = client.post(
        url,
        {"agency": "พช.เมืองพะเยา", "logo": SimpleUploadedFile("logo.jpg", picture.getvalue(), "image/jpeg")},
    )
    assert sent.status_code == 200, sent.json()
    assert (sent.json()["agency"], sent.json()["has_logo"]) == ("พช.เมืองพะเยา", True)
    refused = client.post(
        url, {"agency": "", "logo": SimpleUploadedFile("logo.png", b"not a picture", "image/png")}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "logo_unreadable"
    removed = client.post(url, {"agency": "", "remove_logo": "true"})
    assert removed.json()["has_logo"] is False
    assert client.post(url, {}).status_code == 422  # the agency is asked for, even empty
