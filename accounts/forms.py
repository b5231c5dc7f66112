from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken


class OneTimeCodeForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6 digits shown by your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


class ApiTokenForm(forms.Form):
    """A new personal API token. Users with two-factor sign-in also give a current code: a
    token stands in for both factors, so making one asks for both again."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as “regional spreadsheet sync”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("It acts with your role: it never sees or does more than you may."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=[
            (30, _("30 days")),
            (90, _("90 days")),
            (180, _("180 days")),
            (365, _("A year")),
        ],
        initial=90,
    )

    def __init__(self, *args, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["code"] = forms.CharField(
                label=_("Two-factor code"),
                max_length=32,
                help_text=_("The 6 digits your authenticator app shows now."),
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
            )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()
