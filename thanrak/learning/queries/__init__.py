"""The learning app's reads, scoped to the viewer; one module per sub-domain."""

from thanrak.learning.queries.certificates import (
    Verification,
    batch_certificates,
    certificate_verify,
    completions,
)
from thanrak.learning.queries.courses import (
    batch_get,
    batch_list,
    course_get,
    course_list,
    session_get,
    trained_by_programme,
)
from thanrak.learning.queries.enrolments import (
    attendance_sheet,
    enrolment_get,
    enrolment_list,
    person_enrolments,
)
from thanrak.learning.queries.followup import FollowUp, add_months, batch_followup
from thanrak.learning.queries.trainers import trainer_choices

__all__ = [
    "FollowUp",
    "Verification",
    "add_months",
    "attendance_sheet",
    "batch_certificates",
    "batch_followup",
    "batch_get",
    "batch_list",
    "certificate_verify",
    "completions",
    "course_get",
    "course_list",
    "enrolment_get",
    "enrolment_list",
    "person_enrolments",
    "session_get",
    "trained_by_programme",
    "trainer_choices",
]
