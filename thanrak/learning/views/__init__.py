"""The learning pages, one module per sub-domain."""

from thanrak.learning.views.attendance import session_attendance, session_checkin
from thanrak.learning.views.certificates import (
    batch_certificates_pdf,
    certificate_pdf,
    certificates_issue,
    my_certificate_pdf,
    scores_record,
    verify,
)
from thanrak.learning.views.courses import (
    batch_create,
    batch_detail,
    course_certificate,
    course_create,
    course_detail,
    course_list,
    session_add,
)
from thanrak.learning.views.enrolments import (
    enrol,
    enrol_file,
    enrol_list,
    enrolment_slip,
    my_slip,
    my_trainings,
    person_panel,
    withdraw,
)

__all__ = [
    "batch_certificates_pdf",
    "batch_create",
    "batch_detail",
    "certificate_pdf",
    "certificates_issue",
    "course_certificate",
    "course_create",
    "course_detail",
    "course_list",
    "enrol",
    "enrol_file",
    "enrol_list",
    "enrolment_slip",
    "my_certificate_pdf",
    "my_slip",
    "my_trainings",
    "person_panel",
    "scores_record",
    "session_add",
    "session_attendance",
    "session_checkin",
    "verify",
    "withdraw",
]
