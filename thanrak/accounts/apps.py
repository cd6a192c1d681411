from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thanrak.accounts"
    verbose_name = _("Accounts and access")
    nav = [
        ("accounts:audit-log", _("Audit log"), "accounts.audit_log", "view"),
    ]

    def ready(self) -> None:
        from thanrak.accounts import permissions  # noqa: F401  registers resources
