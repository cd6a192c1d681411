"""The services pages (one module per sub-domain, re-exported for urls.py)."""

from thanrak.services.views.caseloads import (
    caseload_assign,
    caseload_detail,
    caseload_list,
    caseload_visit,
)
from thanrak.services.views.cases import (
    case_assign,
    case_consent,
    case_create,
    case_detail,
    case_list,
    case_refer,
    case_step,
)
from thanrak.services.views.development import (
    development_create,
    development_detail,
    development_end,
    development_list,
    development_step,
    development_step_photo,
)
from thanrak.services.views.directory import agency_edit, agency_import, agency_list, helper_edit, helper_list
from thanrak.services.views.imports import (
    case_import,
    case_import_template,
    helper_import,
    helper_import_template,
)
from thanrak.services.views.panels import household_panel, organisation_panel, person_panel
from thanrak.services.views.referrals import (
    referral_answer,
    referral_detail,
    referral_overdue,
    referral_queue,
)

__all__ = [
    "caseload_assign",
    "caseload_detail",
    "caseload_list",
    "caseload_visit",
    "agency_edit",
    "agency_import",
    "case_import",
    "case_import_template",
    "helper_import",
    "helper_import_template",
    "agency_list",
    "case_assign",
    "case_consent",
    "case_create",
    "case_detail",
    "case_list",
    "case_refer",
    "case_step",
    "development_create",
    "development_detail",
    "development_end",
    "development_list",
    "development_step",
    "development_step_photo",
    "helper_edit",
    "helper_list",
    "household_panel",
    "organisation_panel",
    "person_panel",
    "referral_answer",
    "referral_detail",
    "referral_overdue",
    "referral_queue",
]
