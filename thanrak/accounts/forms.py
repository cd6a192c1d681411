from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("What is this token for?"), max_length=100)


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label=_("Event"), required=False)
    area_code = forms.CharField(label=_("Area code"), required=False, max_length=8)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        from thanrak.accounts.models import AuditEvent

        self.fields["event"].choices = [("", _("All"))] + list(AuditEvent.choices)
