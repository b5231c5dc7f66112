from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    """``?language=fr``: the public page's language choice, kept in the link (no cookie)."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, required=False)


class SwitchForm(forms.Form):
    state = forms.ChoiceField(label=_("Public page"), choices=[("on", _("On")), ("off", _("Off"))])
