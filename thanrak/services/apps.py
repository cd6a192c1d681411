from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thanrak.services.computations import MONITORING_COMPUTATIONS


class ServicesConfig(AppConfig):
    name = "thanrak.services"
    label = "services"
    verbose_name = _("Services")
    nav = [
        ("services:case-list", _("Cases and referrals"), "services.case", "view"),
        ("services:referral-queue", _("Referral queue"), "services.referral", "approve"),
        ("services:helper-list", _("Advisers and volunteers"), "services.helper", "view"),
        ("services:development-list", _("Product development"), "services.development", "view"),
        ("services:caseload-list", _("Household caseloads"), "services.caseload", "view"),
    ]
    person_panels = [("services:person-panel", "services.case", "view")]
    household_panels = [("services:household-panel", "services.case", "view")]
    organisation_panels = [("services:organisation-panel", "services.case", "view")]
    monitoring_computations = MONITORING_COMPUTATIONS
    # Trainings pick their trainers from this directory (learning reads it through this hook).
    trainer_directory = "thanrak.services.queries.helpers.helpers_for_training"

    def ready(self) -> None:
        from thanrak.services import permissions  # noqa: F401  registers resources
