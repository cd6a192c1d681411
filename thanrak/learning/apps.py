from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thanrak.learning.computations import MONITORING_COMPUTATIONS


class LearningConfig(AppConfig):
    name = "thanrak.learning"
    verbose_name = _("Training")
    nav = [
        ("learning:course-list", _("Training courses"), "learning.course", "view"),
        ("learning:my-trainings", _("My trainings"), "learning.own", "view"),
    ]
    person_panels = [("learning:person-panel", "learning.enrolment", "view")]
    monitoring_computations = MONITORING_COMPUTATIONS

    def ready(self) -> None:
        from thanrak.learning import permissions  # noqa: F401  registers resources
