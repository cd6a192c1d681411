from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "thanrak.notify"
    verbose_name = _("Notifications")
    nav = [
        ("notify:own", _("My notifications"), "notify.own", "view"),
        ("notify:outbox", _("Messages sent"), "notify.outbox", "view"),
        ("notify:templates", _("Message texts"), "notify.template", "change"),
    ]
    organisation_panels = [("notify:organisation-panel", "notify.kinds", "view")]

    def ready(self) -> None:
        from thanrak.core.events import listen
        from thanrak.notify import permissions  # noqa: F401  registers resources
        from thanrak.notify.actions import on_loan_decided

        listen("finance.loan_decided", on_loan_decided)
