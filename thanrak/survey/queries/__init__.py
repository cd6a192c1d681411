"""Reads of the survey module; every function takes the viewer and sees only their areas.

rounds (versions, rounds, assignments, progress, the collection form) | runs (a run's figures,
target households, comparisons) | households (a household's history) | dashboards (map values,
external sources) | follow_up (what help can be linked to).
"""

from thanrak.survey.queries.dashboards import area_exists, external_sources, external_totals, map_values
from thanrak.survey.queries.follow_up import (
    HelpLink,
    help_link_allowed,
    help_link_get,
    help_link_label,
    help_links,
    prefetch_links,
)
from thanrak.survey.queries.households import HouseholdHistory, household_history
from thanrak.survey.queries.rounds import (
    ProgressRow,
    assignment_list,
    household_for_form,
    indicator_get,
    response_get,
    round_get,
    round_list,
    round_progress,
    version_get,
    version_list,
    village_choices,
    village_households,
    volunteer_choices,
)
from thanrak.survey.queries.runs import (
    Comparison,
    TargetRow,
    households_named,
    indicator_names,
    latest_run,
    run_areas,
    run_get,
    run_list,
    run_subgroups,
    runs_compare,
    target_list,
)

__all__ = [
    "Comparison",
    "HelpLink",
    "HouseholdHistory",
    "ProgressRow",
    "TargetRow",
    "area_exists",
    "assignment_list",
    "external_sources",
    "external_totals",
    "help_link_allowed",
    "help_link_get",
    "help_link_label",
    "help_links",
    "household_for_form",
    "household_history",
    "households_named",
    "indicator_get",
    "indicator_names",
    "latest_run",
    "map_values",
    "prefetch_links",
    "response_get",
    "round_get",
    "round_list",
    "round_progress",
    "run_areas",
    "run_get",
    "run_list",
    "run_subgroups",
    "runs_compare",
    "target_list",
    "version_get",
    "version_list",
    "village_choices",
    "village_households",
    "volunteer_choices",
]
