from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.backends import login_is_locked


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("What is this token for?"), max_length=100)


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label=_("Event"), required=False)
    area_code = forms.CharField(label=_("Area code"), required=False, max_length=8)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        from thanrak.accounts.models import AuditEvent

        self.fields["event"].choices = [("", _("All"))] + list(AuditEvent.choices)


class LoginForm(AuthenticationForm):
    """Django's login form, saying so when wrong passwords have locked the login for a while."""

    locked = False

    def clean(self) -> dict:
        try:
            return super().clean()
        except ValidationError:
            if login_is_locked(self.request):
                self.locked = True
                raise ValidationError(
                    _(
                        "Too many wrong passwords: logging in is locked for %(minutes)s minutes. Try again "
                        "later."
                    ),
                    code="locked",
                    params={"minutes": settings.THANRAK_LOGIN_LOCKOUT_SECONDS // 60},
                ) from None
            raise
