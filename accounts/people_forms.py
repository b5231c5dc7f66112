"""Forms of the People page, and the set-password email built on Django's reset machinery.

The member organisation's model is read from ``User.member``: accounts sits below the members
app and does not import it.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts.language import in_language_of
from accounts.models import User
from accounts.roles import Role

# The values posted for each role: short words, not the groups' names.
ROLE_VALUES = {
    "admin": Role.ADMIN,
    "staff": Role.STAFF,
    "focal-point": Role.FOCAL_POINT,
    "viewer": Role.VIEWER,
}
VALUE_OF_ROLE = {role: value for value, role in ROLE_VALUES.items()}


def _role_choices() -> list[tuple[str, str]]:
    """No role is chosen until someone chooses one: a preselected first choice would make an
    admin of whoever is saved without a look."""
    return [("", "---------"), *((value, role.label) for value, role in ROLE_VALUES.items())]


def _member_field() -> forms.ModelChoiceField:
    model = User._meta.get_field("member").related_model
    return forms.ModelChoiceField(
        label=_("Member organisation"),
        queryset=model._default_manager.filter(placeholder=False).order_by("name"),
        required=False,
        help_text=_("For a member focal point only: the organisation it speaks for."),
    )


class RoleForm(forms.Form):
    """A role, and the member organisation that a focal point needs and nobody else has (the
    services hold that rule; their error lands at the field)."""

    role = forms.TypedChoiceField(
        label=_("Role"), choices=_role_choices, coerce=ROLE_VALUES.__getitem__
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = _member_field()


class ColleagueForm(RoleForm):
    """A colleague to add: who they are, their role, and the language of their emails."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("Email"),
        max_length=150,
        help_text=_("They sign in with it, and the link to choose a password goes there."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The browser's language")), *settings.LANGUAGES],
        required=False,
        help_text=_("Their emails, and their pages after sign-in, use it."),
    )
    field_order = ["name", "email", "role", "member", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        taken = User.objects.filter(email__iexact=email) | User.objects.filter(
            username__iexact=email
        )
        if taken.exists():
            raise forms.ValidationError(_("Someone already has an account with this email."))
        return email


class ActiveForm(forms.Form):
    """Enable ("1") or disable ("0") an account: an explicit value, so that a repeated or
    empty request never flips it the other way."""

    active = forms.TypedChoiceField(
        label=_("Active"),
        choices=[("1", _("Enabled")), ("0", _("Disabled"))],
        coerce=lambda value: value == "1",
    )


class SetPasswordEmailForm:
    """Django's password reset email for one account an admin chose.

    Django's ``PasswordResetForm`` skips accounts without a usable password, which is exactly
    what a new colleague has, and logs a failed delivery instead of raising it; this sends to
    the one account, with the same token (valid for ``PASSWORD_RESET_TIMEOUT``) and the same
    link page, and lets a refused delivery reach the caller.
    """

    def __init__(self, *, account: User):
        self.account = account

    def context(self, request: HttpRequest) -> dict:
        account = self.account
        return {
            "user": account,
            "username": account.get_username(),
            "name": account.get_full_name(),
            "protocol": "https" if request.is_secure() else "http",
            "domain": request.get_host(),
            "uid": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
        }

    def send(self, *, request: HttpRequest, subject: str, body: str) -> None:
        with in_language_of(self.account):
            context = self.context(request)
            title = "".join(loader.render_to_string(subject, context).splitlines())
            text = loader.render_to_string(body, context)
        EmailMultiAlternatives(title, text, None, [self.account.email]).send()
