"""Pages of the monitoring module. Each view parses input, makes one call into actions or queries
and turns domain errors into messages.

One module per part: dashboards, programmes (indicators, targets), values (list, detail, entry),
workflow_steps, exchange (files in and out), report, computations; common holds what they share.
"""

from thanrak.monitoring.views.computations import computation_detail, computation_list, computation_refresh
from thanrak.monitoring.views.dashboards import dashboard, geo_shapes, home_panel, indicator_detail
from thanrak.monitoring.views.exchange import exchange_export, exchange_import, exchange_page
from thanrak.monitoring.views.figure_map import (
    coverage_page,
    figure_map_download,
    figure_map_page,
    figure_mapping_edit,
    indicator_rows,
)
from thanrak.monitoring.views.programmes import (
    indicator_create,
    programme_create,
    programme_detail,
    programme_list,
    target_set,
)
from thanrak.monitoring.views.report import published, report_download, report_page, report_recompute
from thanrak.monitoring.views.values import value_detail, value_entry, value_list
from thanrak.monitoring.views.workflow_steps import (
    period_lock,
    period_reopen,
    workflow,
    workflow_approve,
    workflow_return,
    workflow_submit,
)

__all__ = [
    "report_recompute",
    "coverage_page",
    "figure_map_download",
    "figure_map_page",
    "figure_mapping_edit",
    "indicator_rows",
    "dashboard",
    "indicator_detail",
    "geo_shapes",
    "home_panel",
    "programme_list",
    "programme_detail",
    "programme_create",
    "indicator_create",
    "target_set",
    "value_list",
    "value_detail",
    "value_entry",
    "workflow",
    "workflow_submit",
    "workflow_approve",
    "workflow_return",
    "period_lock",
    "period_reopen",
    "exchange_page",
    "exchange_import",
    "exchange_export",
    "report_page",
    "report_download",
    "published",
    "computation_list",
    "computation_detail",
    "computation_refresh",
]
