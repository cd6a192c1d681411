"""The services module's tables, one file per sub-domain."""

from thanrak.services.models.agencies import Agency, AgencyStaff
from thanrak.services.models.caseloads import CaseloadAssignment, Visit
from thanrak.services.models.cases import (
    Case,
    CaseChannel,
    CaseOutcome,
    CaseStatus,
    CaseStep,
    CaseTopic,
    Consent,
    ConsentPurpose,
    Referral,
    ReferralStatus,
    SubjectKind,
)
from thanrak.services.models.development import (
    DevelopmentCase,
    DevelopmentStatus,
    DevelopmentStep,
    TargetStandard,
)
from thanrak.services.models.helpers import (
    Availability,
    Expertise,
    Helper,
    HelperArea,
    HelperExpertise,
    HelperKind,
    HelperKindRow,
)

__all__ = [
    "Agency",
    "AgencyStaff",
    "Availability",
    "Case",
    "CaseloadAssignment",
    "CaseChannel",
    "CaseOutcome",
    "CaseStatus",
    "CaseStep",
    "CaseTopic",
    "Consent",
    "ConsentPurpose",
    "DevelopmentCase",
    "DevelopmentStatus",
    "DevelopmentStep",
    "Expertise",
    "Helper",
    "HelperArea",
    "HelperExpertise",
    "HelperKind",
    "HelperKindRow",
    "Referral",
    "ReferralStatus",
    "SubjectKind",
    "TargetStandard",
    "Visit",
]
