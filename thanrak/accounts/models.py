import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.BUYER)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_known")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AreaAssignment(models.Model):
    """The user works in this area and everything inside it (code at any level: 2, 4, 6 or 8 digits)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_assignments"
    )
    area_code = models.CharField(_("area code"), max_length=8)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("area assignment")
        verbose_name_plural = _("area assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "area_code"], name="area_assignment_unique"),
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^([0-9]{2}){1,4}$"), name="area_assignment_code_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.area_code}"


class ApiToken(models.Model):
    """A personal access token; only its SHA-256 is stored, the token is shown once."""

    PREFIX = "thr_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("starts with"), max_length=12)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"#{self.pk} {self.name} ({self.hint}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class AuditEvent(models.TextChoices):
    REVEAL_CITIZEN_ID = "REVEAL_CITIZEN_ID", _("Citizen ID revealed")
    EXPORT = "EXPORT", _("Personal data exported")
    IMPORT = "IMPORT", _("Data imported")
    MERGE = "MERGE", _("Records merged")
    TOKEN_CREATE = "TOKEN_CREATE", _("API token created")
    TOKEN_REVOKE = "TOKEN_REVOKE", _("API token revoked")
    REOPEN = "REOPEN", _("Locked period reopened")
    CHANGE = "CHANGE", _("Sensitive change")
    LOGIN_FAILED = "LOGIN_FAILED", _("Wrong password")
    LOGIN_LOCKED = "LOGIN_LOCKED", _("Login locked after wrong passwords")
    LOOKUP_CITIZEN_ID = "LOOKUP_CITIZEN_ID", _("Looked up by citizen ID")


class AuditLog(models.Model):
    """Append-only: who did what to which personal data, where. Officers of the area can read it."""

    at = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    role = models.CharField(_("role"), max_length=24, blank=True)
    event = models.CharField(_("event"), max_length=24, choices=AuditEvent.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=60, blank=True)
    # The area of the data concerned; empty means national (visible to national managers only).
    area_code = models.CharField(_("area"), max_length=8, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event} {self.object_type}:{self.object_id}"

    def detail_items(self) -> list[tuple[str, str]]:
        """The detail as a person reads it: (Thai label, value) pairs."""
        from thanrak.accounts.audit_words import detail_items

        return detail_items(self.detail)

    def object_label(self) -> str:
        """The kind of record concerned, as a person reads it."""
        from thanrak.accounts.audit_words import object_label

        return object_label(self.object_type)
