"""Every write of the survey module, one module per sub-domain.

versions (the instrument, parameters, indicators, XLSForm) | rounds (and village assignments) |
collection (drafts, submission) | file_import | odk (OpenRosa submissions) | welfare (cards) |
targeting (evaluation, runs, reproduction) | follow_up (help given) | external (TPMAP figures).
"""

from thanrak.survey.actions.collection import (
    CannotCollect,
    draft_values,
    response_save_draft,
    response_submit,
)
from thanrak.survey.actions.external import ExternalImport, external_tpmap_import
from thanrak.survey.actions.file_import import IMPORT_FIXED, ImportReport, import_columns, responses_import
from thanrak.survey.actions.follow_up import LINKABLE, CannotRecordHelp, assistance_record
from thanrak.survey.actions.odk import odk_submission_receive
from thanrak.survey.actions.rounds import CannotManageRound, assignment_set, round_close, round_create
from thanrak.survey.actions.targeting import (
    CannotRun,
    Reproduction,
    round_evaluate,
    run_create,
    run_inputs,
    run_reproduce,
)
from thanrak.survey.actions.versions import (
    DIMENSION_CODE,
    CannotEditVersion,
    indicator_update,
    version_import_xlsform,
    version_load_jpt2560,
    version_parameters_set,
    version_settings_set,
)
from thanrak.survey.actions.welfare import welfare_cards_import

__all__ = [
    "CannotCollect",
    "CannotEditVersion",
    "CannotManageRound",
    "CannotRecordHelp",
    "CannotRun",
    "DIMENSION_CODE",
    "ExternalImport",
    "IMPORT_FIXED",
    "ImportReport",
    "LINKABLE",
    "Reproduction",
    "assignment_set",
    "assistance_record",
    "draft_values",
    "external_tpmap_import",
    "import_columns",
    "indicator_update",
    "odk_submission_receive",
    "response_save_draft",
    "response_submit",
    "responses_import",
    "round_close",
    "round_create",
    "round_evaluate",
    "run_create",
    "run_inputs",
    "run_reproduce",
    "version_import_xlsform",
    "version_load_jpt2560",
    "version_parameters_set",
    "version_settings_set",
    "welfare_cards_import",
]
