from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "thanrak.notify"
    verbose_name = _("Notifications")
    nav = [
        ("notify:mine", _("My page"), "notify.own", "view"),
        ("notify:own", _("My notifications"), "notify.own", "view"),
        ("notify:outbox", _("Messages sent"), "notify.outbox", "view"),
        ("notify:templates", _("Message texts"), "notify.template", "change"),
    ]
    organisation_panels = [("notify:organisation-panel", "notify.kinds", "view")]
    # finance's printed passbook asks for lines here (the LINE link code) without importing notify.
    passbook_lines = "thanrak.notify.hooks.passbook_lines"

    def ready(self) -> None:
        from thanrak.core.events import listen
        from thanrak.notify import permissions  # noqa: F401  registers resources
        from thanrak.notify.actions import events, on_loan_decided

        listen("finance.loan_decided", on_loan_decided)
        listen("finance.savings_received", events.on_savings_received)
        listen("finance.repayment_received", events.on_repayment_received)
        listen("finance.dividend_paid", events.on_dividend_paid)
        listen("commerce.order_changed", events.on_order_changed)
        listen("commerce.order_placed", events.on_order_placed)
        listen("survey.village_assigned", events.on_village_assigned)
        listen("learning.enrolled", events.on_enrolled)
        listen("assets.booking_made", events.on_booking_made)
