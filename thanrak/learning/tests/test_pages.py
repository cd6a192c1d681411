"""The pages as each persona sees them."""

import pytest
from django.urls import reverse

from thanrak.learning import actions
from thanrak.learning.tokens import checkin_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(batch, people, district_officer):
    return [actions.enrol(by=district_officer, batch=batch, person=p) for p in people[:2]]


def test_officer_walks_course_batch_and_attendance(client, district_officer, batch, sessions, enrolled):
    client.force_login(district_officer)
    page = client.get(reverse("learning:course-list"))
    assert page.status_code == 200 and "โคก หนอง นา" in page.text
    assert client.get(reverse("learning:course-detail", args=[batch.course.pk])).status_code == 200
    detail = client.get(reverse("learning:batch-detail", args=[batch.pk]))
    assert detail.status_code == 200 and enrolled[0].person.full_name in detail.text
    sheet = client.get(reverse("learning:session-attendance", args=[sessions[0].pk]))
    assert sheet.status_code == 200 and 'name="mark-' in sheet.text
    saved = client.post(
        reverse("learning:session-attendance", args=[sessions[0].pk]),
        {f"mark-{enrolled[0].pk}": "PRESENT", f"mark-{enrolled[1].pk}": "LATE"},
    )
    assert saved.status_code == 302
    assert sorted(sessions[0].attendances.values_list("mark", flat=True)) == ["LATE", "PRESENT"]


def test_check_in_by_typed_code(client, district_officer, sessions, enrolled):
    client.force_login(district_officer)
    url = reverse("learning:session-checkin", args=[sessions[1].pk])
    client.post(url, {"token": checkin_token(enrolled[0].pk)})
    client.post(url, {"token": checkin_token(enrolled[0].pk)})
    assert sessions[1].attendances.count() == 1


def test_planning_a_course_with_a_be_year_and_a_batch_with_thai_dates(client, district_officer):
    client.force_login(district_officer)
    response = client.post(
        reverse("learning:course-create"),
        {
            "title": "บัญชีครัวเรือน",
            "topic": "FINANCE",
            "hours": "6",
            "fiscal_year": "2569",
            "min_attendance_percent": "80",
            "area_code": "5601",
        },
    )
    assert response.status_code == 302
    course_url = response["Location"]
    pk = int(course_url.rstrip("/").rsplit("/", 1)[1])
    response = client.post(
        reverse("learning:batch-create", args=[pk]),
        {
            "start_date": "๒/๑๒/๒๕๖๙",
            "end_date": "3/12/2569",
            "place": "อบต.",
            "area_code": "560101",
            "capacity": "30",
            "budget": "12,500.50",
        },
    )
    assert response.status_code == 302
    from thanrak.learning.models import Batch

    batch = Batch.objects.get(course_id=pk)
    assert (batch.budget, batch.start_date.year) == (1_250_050, 2026)


def test_a_refused_batch_names_the_field(client, district_officer, course):
    client.force_login(district_officer)
    response = client.post(
        reverse("learning:batch-create", args=[course.pk]),
        {
            "start_date": "5/12/2569",
            "end_date": "3/12/2569",
            "place": "x",
            "area_code": "560101",
            "capacity": "3",
        },
    )
    assert response.status_code == 200
    # the refusal sits under the "until" field, in Thai
    errors = response.text.split('name="end_date"', 1)[1].split("</div>", 1)[0]
    assert "วันสิ้นสุดการอบรมอยู่ก่อนวันเริ่ม" in errors


def test_other_district_gets_404_and_volunteer_cannot_plan(client, other_district_officer, volunteer, batch):
    client.force_login(other_district_officer)
    assert client.get(reverse("learning:batch-detail", args=[batch.pk])).status_code == 404
    client.force_login(volunteer)
    assert client.get(reverse("learning:course-create")).status_code == 403
    assert client.get(reverse("learning:batch-detail", args=[batch.pk])).status_code == 200


def test_slip_shows_a_qr_and_the_certificate_pdf_and_verification(
    client, district_officer, batch, sessions, enrolled
):
    client.force_login(district_officer)
    slip = client.get(reverse("learning:slip", args=[enrolled[0].pk]))
    assert slip.status_code == 200 and "<svg" in slip.text
    for s in sessions:
        actions.mark_list(by=district_officer, session=s, present=[enrolled[0].pk])
    client.post(reverse("learning:certificates-issue", args=[batch.pk]))
    cert = enrolled[0].__class__.objects.get(pk=enrolled[0].pk).certificate
    pdf = client.get(reverse("learning:batch-certificates-pdf", args=[batch.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.logout()
    public = client.get(reverse("learning:verify", args=[cert.number]))
    person = enrolled[0].person
    assert public.status_code == 200 and cert.number in public.text
    assert person.last_name not in public.text and person.citizen_id not in public.text
    assert client.get(reverse("learning:verify", args=["LRN-2569-NOTAREALONE"])).status_code == 404


def test_enrol_from_file_page_lists_row_errors(client, district_officer, batch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(district_officer)
    data = "ชื่อ,เลขประจำตัวประชาชน\nมะลิ,123\n".encode("cp874")
    response = client.post(
        reverse("learning:enrol-file", args=[batch.pk]), {"file": SimpleUploadedFile("list.csv", data)}
    )
    assert response.status_code == 200 and "citizen_id" in response.text
    assert not batch.enrolments.exists()


def test_member_sees_own_trainings_and_slip(client, member, batch, district_officer, national_manager):
    person = member.person
    e = actions.enrol(by=national_manager, batch=batch, person=person)
    client.force_login(member)
    mine = client.get(reverse("learning:my-trainings"))
    assert mine.status_code == 200 and batch.course.title in mine.text
    assert client.get(reverse("learning:my-slip", args=[e.pk])).status_code == 200
    assert client.get(reverse("learning:batch-detail", args=[batch.pk])).status_code == 403


def test_person_panel(client, district_officer, enrolled):
    client.force_login(district_officer)
    response = client.get(reverse("learning:person-panel", args=[enrolled[0].person_id]))
    assert response.status_code == 200 and "โคก หนอง นา" in response.text


def test_scores_typed_in_the_table(client, district_officer, batch, enrolled):
    course = batch.course
    course.pass_score = 60
    course.save(update_fields=["pass_score"])
    client.force_login(district_officer)
    page = client.get(reverse("learning:batch-detail", args=[batch.pk]))
    assert f'name="score-{enrolled[0].pk}"' in page.text
    client.post(
        reverse("learning:scores", args=[batch.pk]),
        {f"score-{enrolled[0].pk}": "75", f"score-{enrolled[1].pk}": "x"},
    )
    enrolled[0].refresh_from_db()
    enrolled[1].refresh_from_db()
    assert (enrolled[0].score, enrolled[1].score) == (75, None)


def test_an_organisations_officer_plans_a_course_for_it(client, org_officer, enterprise):
    client.force_login(org_officer)
    data = {"title": "ผ้าทอ", "topic": "OCCUPATION", "hours": "6", "fiscal_year": "2569"}
    data |= {"min_attendance_percent": "80", "area_code": "560101", "organisation": str(enterprise.pk)}
    assert client.post(reverse("learning:course-create"), data).status_code == 302
    data["organisation"] = "999999"
    refused = client.post(reverse("learning:course-create"), data)
    assert refused.status_code == 200 and "ไม่พบองค์กรหมายเลขนี้" in refused.text


def test_a_batchs_trainers_are_picked_from_the_advisers_directory(client, district_officer, course, people):
    import datetime as dt

    from thanrak.services import actions as services_actions

    adviser = people[3]
    services_actions.helper_save(
        person=adviser,
        kinds=["KBO_ADVISER"],
        expertise=["AGRICULTURE"],
        areas=["5601"],
        by=district_officer,
        at=dt.datetime(2026, 10, 1, 3, tzinfo=dt.UTC),
    )
    client.force_login(district_officer)
    url = reverse("learning:batch-create", args=[course.pk])
    form = client.get(url)
    assert adviser.full_name in form.text
    response = client.post(
        url,
        {
            "start_date": "2/11/2569",
            "end_date": "4/11/2569",
            "place": "ศาลาหมู่บ้าน",
            "area_code": "560101",
            "capacity": "30",
            "directory_trainers": [str(adviser.pk)],
            "trainers": str(people[0].pk),
        },
    )
    assert response.status_code == 302
    batch = course.batches.get()
    assert set(batch.trainers.values_list("pk", flat=True)) == {adviser.pk, people[0].pk}
