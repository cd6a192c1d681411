"""The learning app's writes, one module per sub-domain; the public names are re-exported here."""

from thanrak.learning.actions.attendance import CheckIn, SyncResult, check_in, check_in_many, mark_list
from thanrak.learning.actions.certificates import certificates_issue, score_record
from thanrak.learning.actions.courses import batch_create, course_certificate_set, course_create, session_add
from thanrak.learning.actions.enrolments import (
    EnrolmentFileRefused,
    enrol,
    enrol_file,
    enrol_fund_members,
    enrol_organisation_members,
    enrol_people,
    withdraw,
)

__all__ = [
    "CheckIn",
    "EnrolmentFileRefused",
    "SyncResult",
    "batch_create",
    "certificates_issue",
    "check_in",
    "check_in_many",
    "course_certificate_set",
    "course_create",
    "enrol",
    "enrol_file",
    "enrol_fund_members",
    "enrol_organisation_members",
    "enrol_people",
    "mark_list",
    "score_record",
    "session_add",
    "withdraw",
]
