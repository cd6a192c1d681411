"""The only code that writes monitoring data. Keyword-only, atomic; every value change is kept.

Rules enforced here (and in the database where a constraint can say it):
- officers write values only for areas inside their own; the country ('') is the centre's;
- a value in a locked period never changes; the centre reopens a period with a reason, audited;
- a submitted or approved value changes only after it is returned for correction;
- computed indicators are written by their computation, ratio and share indicators never.

One module per part of the work: programmes (the policy, agencies, programmes, indicators, whose
definition rules are checked without the database in definitions), targets, values (one value, an
entry grid, a file), workflow (submit, approve, return, lock, reopen), computations, published (the
seed report); errors holds the refusals and common the helpers they share.
"""

from thanrak.monitoring.actions.common import clean_area_code
from thanrak.monitoring.actions.computations import (
    computation_refresh,
    computations_refresh_all,
    fiscal_start,
)
from thanrak.monitoring.actions.errors import (
    CannotChangeProgramme,
    CannotChangeWorkflow,
    CannotSetTarget,
    CannotSetValue,
    ImportRejected,
    PeriodLocked,
)
from thanrak.monitoring.actions.figure_map import MapLoad, figure_map_load, figure_mapping_change
from thanrak.monitoring.actions.programmes import (
    agency_ensure,
    indicator_create,
    policy_item_ensure,
    programme_create,
    programme_update,
)
from thanrak.monitoring.actions.published import published_figure_record, rollup_refresh, seed_value_set
from thanrak.monitoring.actions.targets import Change, target_set
from thanrak.monitoring.actions.values import (
    COLUMNS,
    ImportResult,
    Prepared,
    RowIn,
    value_set,
    values_enter,
    values_import,
)
from thanrak.monitoring.actions.workflow import (
    period_lock,
    period_reopen,
    workflow_approve,
    workflow_return,
    workflow_submit,
)

__all__ = [
    "MapLoad",
    "figure_map_load",
    "figure_mapping_change",
    "CannotChangeProgramme",
    "CannotSetTarget",
    "CannotSetValue",
    "PeriodLocked",
    "CannotChangeWorkflow",
    "ImportRejected",
    "clean_area_code",
    "policy_item_ensure",
    "agency_ensure",
    "programme_create",
    "programme_update",
    "indicator_create",
    "Change",
    "target_set",
    "Prepared",
    "value_set",
    "RowIn",
    "ImportResult",
    "COLUMNS",
    "values_import",
    "values_enter",
    "workflow_submit",
    "workflow_approve",
    "workflow_return",
    "period_lock",
    "period_reopen",
    "computation_refresh",
    "fiscal_start",
    "computations_refresh_all",
    "published_figure_record",
    "seed_value_set",
    "rollup_refresh",
]
