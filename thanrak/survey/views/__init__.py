"""Pages of the survey, one module per part of the work.

rounds (list, page, village households) | collection (the household form, file import) | runs
(evaluation, targeting runs) | targets (target lists, help given) | dashboards (figures, map,
comparison) | versions (versions, indicators, XLSForm, welfare cards) | panels (home, household).
"""

from thanrak.survey.views.collection import import_layout, response_form, response_import
from thanrak.survey.views.dashboards import compare, dashboard, map_data
from thanrak.survey.views.panels import home_panel, household_panel
from thanrak.survey.views.rounds import round_detail, round_list, village_households
from thanrak.survey.views.runs import round_evaluate, run_create, run_detail
from thanrak.survey.views.targets import target_detail, target_list
from thanrak.survey.views.versions import (
    indicator_edit,
    version_detail,
    version_import,
    version_list,
    version_xlsform,
    welfare_import,
)

__all__ = [
    "compare",
    "dashboard",
    "home_panel",
    "household_panel",
    "import_layout",
    "indicator_edit",
    "map_data",
    "response_form",
    "response_import",
    "round_detail",
    "round_evaluate",
    "round_list",
    "run_create",
    "run_detail",
    "target_detail",
    "target_list",
    "version_detail",
    "version_import",
    "version_list",
    "version_xlsform",
    "village_households",
    "welfare_import",
]
