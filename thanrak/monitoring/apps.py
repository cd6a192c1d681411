from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "thanrak.monitoring"
    verbose_name = _("Monitoring")
    nav = [
        ("monitoring:dashboard", _("Programme monitoring"), "monitoring.dashboard", "view"),
        ("monitoring:report", _("Policy 7 report"), "monitoring.report", "view"),
    ]
    home_panels = [("monitoring:home-panel", "monitoring.dashboard", "view")]
    # Kinds of records that survey's follow-up can link help to (thanrak.survey.help_links).
    survey_help_links = "thanrak.monitoring.hooks.survey_help_links"

    def ready(self) -> None:
        from thanrak.monitoring import checks, permissions  # noqa: F401  registers resources and checks
