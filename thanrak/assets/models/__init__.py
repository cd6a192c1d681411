"""Community assets: forests (forests.py), shared machinery (machinery.py), land and housing (land.py)."""

from thanrak.assets.models.forests import (
    CommitteeRole,
    CommunityForest,
    ForestCommitteeMember,
    ForestIncident,
    ForestMember,
    ForestPlan,
    ForestPlanActivity,
    ForestSubsidy,
    IncidentKind,
    LegalStatus,
)
from thanrak.assets.models.land import HousingStage, HousingUnit, HousingWork, LandPlot, SurveyStatus, Tenure
from thanrak.assets.models.machinery import (
    Booking,
    BookingStatus,
    Condition,
    Equipment,
    EquipmentKind,
    FeeState,
    FeeUnit,
)

__all__ = [
    "Booking",
    "BookingStatus",
    "CommitteeRole",
    "CommunityForest",
    "Condition",
    "Equipment",
    "EquipmentKind",
    "FeeState",
    "FeeUnit",
    "ForestCommitteeMember",
    "ForestIncident",
    "ForestMember",
    "ForestPlan",
    "ForestPlanActivity",
    "ForestSubsidy",
    "HousingStage",
    "HousingUnit",
    "HousingWork",
    "IncidentKind",
    "LandPlot",
    "LegalStatus",
    "SurveyStatus",
    "Tenure",
]
