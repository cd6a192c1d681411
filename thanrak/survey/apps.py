from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thanrak.survey.computations import MONITORING_COMPUTATIONS


class SurveyConfig(AppConfig):
    name = "thanrak.survey"
    verbose_name = _("Survey")
    nav = [
        ("survey:round-list", _("Basic-needs survey"), "survey.round", "view"),
        ("survey:target-list", _("Target households"), "survey.targets", "view"),
        ("survey:dashboard", _("Poverty dashboard"), "survey.dashboard", "view"),
        ("survey:version-list", _("Survey versions"), "survey.version", "view"),
    ]
    home_panels = [("survey:home-panel", "survey.round", "view")]
    household_panels = [("survey:household-panel", "survey.response", "view")]
    monitoring_computations = MONITORING_COMPUTATIONS
    # The registry's group memberships, offered by survey itself (it already reads the registry).
    survey_help_links = "thanrak.survey.help_links.registry_help_links"

    def ready(self) -> None:
        from thanrak.survey import permissions  # noqa: F401
