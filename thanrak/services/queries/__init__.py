"""Every read of the services module (one module per sub-domain, re-exported here)."""

from thanrak.services.queries.agencies import agency_get, agency_list
from thanrak.services.queries.caseloads import (
    CaseloadFigures,
    CaseloadRow,
    caseload_figures,
    caseload_get,
    caseload_list,
    caseload_rows,
    visits_of,
)
from thanrak.services.queries.cases import (
    case_counts,
    case_get,
    case_list,
    case_steps,
    cases_for,
    consented,
    consents_of,
)
from thanrak.services.queries.development import development_get, development_list, development_totals
from thanrak.services.queries.helpers import (
    helper_by_user,
    helper_counts_by_kind,
    helper_get,
    helper_list,
    suggest_for_case,
)
from thanrak.services.queries.referrals import (
    PartnerView,
    agency_queue,
    overdue_count,
    overdue_referrals,
    partner_view,
    referral_get,
    referral_list,
    waiting_of,
)

__all__ = [
    "CaseloadFigures",
    "CaseloadRow",
    "caseload_figures",
    "caseload_get",
    "caseload_list",
    "caseload_rows",
    "visits_of",
    "PartnerView",
    "agency_get",
    "agency_list",
    "agency_queue",
    "case_counts",
    "case_get",
    "case_list",
    "case_steps",
    "cases_for",
    "consented",
    "consents_of",
    "development_get",
    "development_list",
    "development_totals",
    "helper_by_user",
    "helper_counts_by_kind",
    "helper_get",
    "helper_list",
    "overdue_count",
    "overdue_referrals",
    "partner_view",
    "referral_get",
    "referral_list",
    "suggest_for_case",
    "waiting_of",
]
