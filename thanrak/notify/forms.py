from django import forms
from django.utils.translation import gettext_lazy as _

from thanrak.notify.models import ChannelKind, Kind, Language


class MobileForm(forms.Form):
    mobile = forms.CharField(label=_("Mobile number"), max_length=20)
    consent = forms.BooleanField(
        label=_("I agree to receive reminders of my funds by SMS (I can stop at any time)."), required=False
    )


class ConsentForm(forms.Form):
    channel = forms.ChoiceField(choices=ChannelKind.choices)
    give = forms.BooleanField(required=False)


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)
    enabled = forms.BooleanField(required=False)


class CollectionDayForm(forms.Form):
    fund = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.IntegerField(
        label=_("collection day of the month"), min_value=1, max_value=28, required=False
    )
    promptpay = forms.CharField(label=_("PromptPay ID"), max_length=20, required=False)


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.HiddenInput)
    text_th = forms.CharField(label=_("Thai text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=300)
    text_en = forms.CharField(
        label=_("English text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=300, required=False
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of my messages"), choices=Language.choices)
