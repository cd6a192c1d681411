"""Words Django itself puts on Thai pages are Thai."""

from django import forms
from django.utils import translation

from thanrak.accounts.models import User


class TestDjangosOwnWords:
    def test_an_empty_choice_reads_in_thai(self):
        class Pick(forms.Form):
            user = forms.ModelChoiceField(queryset=User.objects.none())

        with translation.override("th"):
            html = str(Pick()["user"])

        assert "- เลือก -" in html
        assert "Select an option" not in html
