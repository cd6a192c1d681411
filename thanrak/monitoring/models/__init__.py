"""Programmes under the policy, their indicators, targets and achieved values, with full history.

A value is an integer in the indicator's storage unit: satang for money (1 baht = 100), otherwise
the unit × 10^decimals (a count with 0 decimals is stored as is; 32.92 tonnes with 2 decimals is
3292). Nothing here is a float.

One module per part: choices (the vocabularies), programmes (policy items, agencies, programmes,
indicators), values (targets, values and their revisions, import batches), workflow (events, period
locks), runs (computation and roll-up runs), published (the seed report's figures).
"""

from thanrak.monitoring.models.choices import (
    QUALIFIER_TH,
    UNIT_WORD_TH,
    Direction,
    IndicatorKind,
    Qualifier,
    TargetBasis,
    Temporal,
    Unit,
    ValueSource,
    ValueStatus,
)
from thanrak.monitoring.models.programmes import Agency, Indicator, PolicyItem, Programme, ProgrammeKind
from thanrak.monitoring.models.published import FigureMapping, FigureRole, MappingStatus, PublishedFigure
from thanrak.monitoring.models.runs import ComputationRun, RollupRun, RunStatus
from thanrak.monitoring.models.values import (
    AREA_CODE_RE,
    AreaScopedQuerySet,
    ImportBatch,
    ImportFormat,
    RevisionAction,
    Target,
    TargetRevision,
    Value,
    ValueRevision,
)
from thanrak.monitoring.models.workflow import PeriodLock, WorkflowAction, WorkflowEvent

__all__ = [
    "Unit",
    "UNIT_WORD_TH",
    "IndicatorKind",
    "Direction",
    "Temporal",
    "ValueStatus",
    "ValueSource",
    "Qualifier",
    "QUALIFIER_TH",
    "TargetBasis",
    "PolicyItem",
    "Agency",
    "ProgrammeKind",
    "Programme",
    "Indicator",
    "AREA_CODE_RE",
    "AreaScopedQuerySet",
    "Target",
    "TargetRevision",
    "ImportFormat",
    "ImportBatch",
    "Value",
    "RevisionAction",
    "ValueRevision",
    "WorkflowAction",
    "WorkflowEvent",
    "PeriodLock",
    "RunStatus",
    "ComputationRun",
    "RollupRun",
    "FigureMapping",
    "MappingStatus",
    "FigureRole",
    "PublishedFigure",
]
