"""The actions' rules and their codes."""

import datetime as dt

import pytest
from django.utils import timezone

from thanrak.learning import actions, queries
from thanrak.learning.errors import CannotCertify, CannotEnrol, CannotMarkAttendance, CannotPlanCourse
from thanrak.learning.models import Attendance, Certificate, Enrolment, EnrolmentStatus
from thanrak.learning.tokens import checkin_token
from thanrak.registry.models import IdKind

pytestmark = pytest.mark.django_db


def test_a_batch_cannot_end_before_it_starts(course, district_officer):
    with pytest.raises(CannotPlanCourse) as err:
        actions.batch_create(
            by=district_officer,
            course=course,
            start_date=dt.date(2026, 11, 5),
            end_date=dt.date(2026, 11, 4),
            place="x",
            area_code="560101",
            capacity=1,
        )
    assert err.value.code == "batch_dates"


def test_a_course_outside_the_officers_district_is_refused(other_district_officer):
    with pytest.raises(PermissionError):
        actions.course_create(
            by=other_district_officer, title="x", hours=1, fiscal_year=2569, area_code="5601"
        )


def test_session_outside_the_batch_dates(batch, district_officer):
    with pytest.raises(CannotPlanCourse) as err:
        actions.session_add(
            by=district_officer,
            batch=batch,
            date=dt.date(2026, 12, 1),
            starts_at=dt.time(9),
            ends_at=dt.time(10),
        )
    assert err.value.code == "session_date_outside"


def test_full_batch_puts_people_on_the_waiting_list_and_leaving_promotes(batch, people, district_officer):
    rows = [actions.enrol(by=district_officer, batch=batch, person=p) for p in people[:3]]
    assert [e.status for e in rows] == ["ENROLLED", "ENROLLED", "WAITING"]
    promoted = actions.withdraw(by=district_officer, enrolment=rows[0])
    assert [e.pk for e in promoted] == [rows[2].pk]
    assert Enrolment.objects.get(pk=rows[2].pk).status == EnrolmentStatus.ENROLLED
    assert actions.withdraw(by=district_officer, enrolment=rows[0]) == []  # sent twice


def test_double_submit_is_one_enrolment(batch, people, district_officer):
    first = actions.enrol(by=district_officer, batch=batch, person=people[0])
    again = actions.enrol(by=district_officer, batch=batch, person=people[0])
    assert first.pk == again.pk
    assert Enrolment.objects.filter(batch=batch).count() == 1


def test_a_person_outside_the_officers_areas_cannot_be_enrolled(batch, district_officer, national_manager):
    from thanrak.registry.tests import factories

    stranger = factories.person(by=national_manager, area_code="50010101")
    with pytest.raises(CannotEnrol) as err:
        actions.enrol(by=district_officer, batch=batch, person=stranger)
    assert err.value.code == "person_outside"


def test_organisation_members_are_enrolled_from_the_list(batch, people, district_officer, national_manager):
    from thanrak.registry import actions as registry_actions
    from thanrak.registry.tests import factories

    org = factories.organisation(by=national_manager)
    for p in people[:3]:
        registry_actions.membership_add(
            by=national_manager, organisation=org, person=p, role="MEMBER", start_date=dt.date(2026, 1, 1)
        )
    rows = actions.enrol_organisation_members(by=district_officer, batch=batch, organisation=org)
    assert sorted(e.status for e in rows) == ["ENROLLED", "ENROLLED", "WAITING"]


CSV = "ชื่อ,นามสกุล,เลขประจำตัวประชาชน,คำนำหน้า\nมะลิ,ดอกไม้,,นาง\nสมศรี,ใจงาม,,นาง\n"


def test_file_in_cp874_enrols_people_without_a_thai_id(batch, district_officer):
    rows = actions.enrol_file(by=district_officer, batch=batch, source=CSV.encode("cp874"))
    assert len(rows) == 2
    assert {e.person.id_kind for e in rows} == {IdKind.NONE}


def test_file_is_all_or_nothing_and_names_rows(batch, district_officer):
    bad = CSV + ",ไม่มีชื่อ,,\n" + "คนที่สี่,ผิด,1234567890123,\n"
    with pytest.raises(actions.EnrolmentFileRefused) as err:
        actions.enrol_file(by=district_officer, batch=batch, source=bad.encode("cp874"))
    assert err.value.code == "enrolment_file_invalid"
    assert {(i.row, i.column) for i in err.value.issues} >= {(4, "first_name"), (5, "citizen_id")}
    assert not Enrolment.objects.filter(batch=batch).exists()


def test_qr_check_in_counts_once_and_marks_late(batch, sessions, people, district_officer):
    e = actions.enrol(by=district_officer, batch=batch, person=people[0])
    session = sessions[0]
    start = dt.datetime.combine(session.date, session.starts_at, tzinfo=timezone.get_current_timezone())
    token = checkin_token(e.pk)
    first = actions.check_in(
        by=district_officer, session=session, token=token, at=start + dt.timedelta(minutes=30)
    )
    again = actions.check_in(by=district_officer, session=session, token=token, at=start)
    assert (first.mark, first.already) == ("LATE", False)
    assert again.already
    assert Attendance.objects.filter(session=session).count() == 1


def test_a_forged_or_foreign_token_is_refused(batch, sessions, people, district_officer, course):
    with pytest.raises(CannotMarkAttendance) as err:
        actions.check_in(by=district_officer, session=sessions[0], token=checkin_token(1)[:-2] + "xx")
    assert err.value.code == "checkin_token_invalid"
    other = actions.batch_create(
        by=district_officer,
        course=course,
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 11, 2),
        place="y",
        area_code="560101",
        capacity=5,
    )
    e = actions.enrol(by=district_officer, batch=other, person=people[0])
    with pytest.raises(CannotMarkAttendance) as err:
        actions.check_in(by=district_officer, session=sessions[0], token=checkin_token(e.pk))
    assert err.value.code == "checkin_other_batch"


def test_sync_of_many_scans_counts_each_once(batch, sessions, people, district_officer):
    e1 = actions.enrol(by=district_officer, batch=batch, person=people[0])
    e2 = actions.enrol(by=district_officer, batch=batch, person=people[1])
    scans = [
        (checkin_token(e1.pk), None),
        (checkin_token(e2.pk), None),
        (checkin_token(e1.pk), None),
        ("junk", None),
    ]
    result = actions.check_in_many(by=district_officer, session=sessions[0], scans=scans)
    assert (result.accepted, result.already, result.refused) == (2, 1, [("junk", "checkin_token_invalid")])


def test_completion_and_certificates(batch, sessions, people, district_officer):
    a = actions.enrol(by=district_officer, batch=batch, person=people[0])
    b = actions.enrol(by=district_officer, batch=batch, person=people[1])
    for s in sessions:
        actions.mark_list(
            by=district_officer, session=s, present=[a.pk], late=[b.pk] if s != sessions[0] else []
        )
    done = queries.completions(batch)
    assert done[a.pk].completed and done[a.pk].percent == 100
    assert not done[b.pk].completed  # 2 of 3 sessions: 66% < 80%
    issued = actions.certificates_issue(by=district_officer, batch=batch)
    assert [c.enrolment_id for c in issued] == [a.pk]
    assert actions.certificates_issue(by=district_officer, batch=batch) == []  # run twice
    found = queries.certificate_verify(issued[0].number.lower())
    assert found.name.endswith("ใ***") and people[0].citizen_id not in str(found)
    with pytest.raises(CannotEnrol) as err:
        actions.withdraw(by=district_officer, enrolment=a)
    assert err.value.code == "enrolment_certified"
    with pytest.raises(CannotCertify) as err:
        actions.score_record(by=district_officer, enrolment=Enrolment.objects.get(pk=a.pk), score=50)
    assert err.value.code == "score_certified"


def test_ticking_someone_not_enrolled_is_refused(batch, sessions, district_officer):
    with pytest.raises(CannotMarkAttendance) as err:
        actions.mark_list(by=district_officer, session=sessions[0], present=[999999])
    assert err.value.code == "attendance_not_enrolled"


def test_followup_counts_groups_joined_after_the_batch(batch, people, district_officer, national_manager):
    from thanrak.registry import actions as registry_actions
    from thanrak.registry.tests import factories

    e = actions.enrol(by=district_officer, batch=batch, person=people[0])
    org = factories.organisation(by=national_manager)
    registry_actions.membership_add(
        by=national_manager, organisation=org, person=e.person, role="MEMBER", start_date=dt.date(2026, 12, 1)
    )
    three, six = queries.batch_followup(batch, today=dt.date(2027, 6, 1))
    assert (three.months, three.reached, three.participants, three.joined_group) == (3, True, 1, 1)
    assert six.due_on == dt.date(2027, 5, 4)
    assert Certificate.objects.count() == 0


def test_a_scan_synced_after_the_list_said_absent_wins(batch, sessions, people, district_officer):
    e = actions.enrol(by=district_officer, batch=batch, person=people[0])
    actions.mark_list(by=district_officer, session=sessions[0], present=[])
    result = actions.check_in_many(
        by=district_officer, session=sessions[0], scans=[(checkin_token(e.pk), None)]
    )
    assert result.accepted == 1
    assert Attendance.objects.get(session=sessions[0], enrolment=e).method == "QR"
    withdrawn = actions.enrol(by=district_officer, batch=batch, person=people[1])
    actions.withdraw(by=district_officer, enrolment=withdrawn)
    again = actions.check_in_many(
        by=district_officer, session=sessions[0], scans=[(checkin_token(withdrawn.pk), None)]
    )
    assert again.refused == [(checkin_token(withdrawn.pk), "checkin_not_enrolled")]
