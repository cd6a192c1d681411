"""Reads for monitoring, always scoped to the viewer's areas.

One module per part: areas (and fiscal years), programmes (indicators, targets), values (history,
origin), figures (achieved against target, dashboards), workflow (events, locks), computations,
published (the seed report checked), panel (the home panel, the entry grid's rows).
"""

from thanrak.monitoring.queries.areas import (
    area_name,
    area_names,
    default_area,
    default_fiscal_year,
    ensure_area,
    fiscal_year_choices,
)
from thanrak.monitoring.queries.computations import (
    ComputationInfo,
    computation_get,
    computation_list,
    rollup_runs,
)
from thanrak.monitoring.queries.figures import (
    ChildRow,
    Dashboard,
    IndicatorView,
    Line,
    attach_sources,
    child_length,
    dashboard,
    fiscal_years_back,
    indicator_view,
    lines_for,
)
from thanrak.monitoring.queries.panel import PanelData, entry_rows, panel, prefetch_programmes
from thanrak.monitoring.queries.programmes import (
    indicator_by_code,
    indicator_get,
    indicator_list,
    policy_items,
    programme_get,
    programme_list,
    target_history,
    target_list,
)
from thanrak.monitoring.queries.published import FigureCheck, documents, published_checks
from thanrak.monitoring.queries.values import Origin, value_get, value_history, value_list, value_origin
from thanrak.monitoring.queries.workflow import (
    WorkflowRow,
    active_lock,
    lock_get,
    lock_list,
    reporting_span,
    workflow_events,
    workflow_overview,
)

__all__ = [
    "default_area",
    "ensure_area",
    "area_name",
    "area_names",
    "fiscal_year_choices",
    "default_fiscal_year",
    "policy_items",
    "programme_list",
    "programme_get",
    "indicator_list",
    "indicator_get",
    "indicator_by_code",
    "target_list",
    "target_history",
    "value_list",
    "value_get",
    "value_history",
    "Origin",
    "value_origin",
    "Line",
    "lines_for",
    "attach_sources",
    "fiscal_years_back",
    "Dashboard",
    "dashboard",
    "ChildRow",
    "IndicatorView",
    "child_length",
    "indicator_view",
    "WorkflowRow",
    "workflow_overview",
    "workflow_events",
    "lock_list",
    "lock_get",
    "reporting_span",
    "active_lock",
    "ComputationInfo",
    "computation_list",
    "computation_get",
    "rollup_runs",
    "FigureCheck",
    "published_checks",
    "documents",
    "PanelData",
    "panel",
    "entry_rows",
    "prefetch_programmes",
]
