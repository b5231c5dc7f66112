from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core import validators
from django.utils.translation import gettext_lazy as _

from accounts.language import in_language_of
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


class _UsernameLengthMixin:
    """Refuse a username longer than the user model allows before anything looks it up.

    Django's AuthenticationForm shortens the field's ``max_length`` after the field is built,
    so no length validator is attached and any length reached ``authenticate()``: django-axes
    then recorded it in a 255-character column, and PostgreSQL answered with an error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        limit = self.username_field.max_length or 254
        field.max_length = limit
        field.widget.attrs["maxlength"] = limit
        if not any(isinstance(v, validators.MaxLengthValidator) for v in field.validators):
            field.validators.append(validators.MaxLengthValidator(limit))


class SignInForm(_UsernameLengthMixin, AuthenticationForm):
    """The tracker's sign-in form."""


class AdminSignInForm(_UsernameLengthMixin, AdminAuthenticationForm):
    """The Django admin's sign-in form, with the same limit."""


class PasswordResetInTheirLanguageForm(PasswordResetForm):
    """Django's password reset, with each email written in its recipient's language."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with in_language_of(context["user"]):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


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
