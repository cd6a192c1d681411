"""Every write of the services module (one module per sub-domain, re-exported here)."""

from thanrak.services.actions.agencies import (
    CannotChangeAgency,
    agencies_csv,
    agencies_load,
    agency_save,
    agency_set_active,
    agency_staff_add,
)
from thanrak.services.actions.caseloads import (
    CannotAssignCaseload,
    CannotRecordVisit,
    VisitRow,
    VisitSynced,
    caseload_assign,
    caseload_end,
    visit_record,
    visits_sync,
)
from thanrak.services.actions.cases import (
    CannotMoveCase,
    CannotOpenCase,
    CannotRecordConsent,
    case_assign,
    case_move,
    case_open,
    consent_record,
    consent_withdraw,
)
from thanrak.services.actions.development import (
    CannotDevelopProduct,
    development_drop,
    development_finish,
    development_open,
    development_step,
)
from thanrak.services.actions.helpers import CannotListHelper, helper_save
from thanrak.services.actions.imports import ImportRefused, ImportResult, services_import
from thanrak.services.actions.referrals import (
    CannotAnswerReferral,
    CannotRefer,
    referral_accept,
    referral_decline,
    referral_report,
    referral_send,
)

__all__ = [
    "CannotAssignCaseload",
    "CannotRecordVisit",
    "caseload_assign",
    "caseload_end",
    "visit_record",
    "VisitRow",
    "VisitSynced",
    "visits_sync",
    "CannotAnswerReferral",
    "CannotChangeAgency",
    "CannotDevelopProduct",
    "CannotListHelper",
    "CannotMoveCase",
    "CannotOpenCase",
    "CannotRecordConsent",
    "CannotRefer",
    "agencies_csv",
    "agencies_load",
    "agency_save",
    "agency_set_active",
    "agency_staff_add",
    "case_assign",
    "case_move",
    "case_open",
    "consent_record",
    "consent_withdraw",
    "development_drop",
    "development_finish",
    "development_open",
    "development_step",
    "helper_save",
    "ImportRefused",
    "ImportResult",
    "services_import",
    "referral_accept",
    "referral_decline",
    "referral_report",
    "referral_send",
]
