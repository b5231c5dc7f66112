"""Writes of the People page: adding a colleague, changing a role, disabling an account and
sending the set-password email.

Each action is one ``access-changed`` audit event naming the action and the account (the
user model's own signals add their field-level events too, as for a change made in the Django
admin). The invariants live here, not in the forms: a focal point speaks for exactly one
member organisation and nobody else carries one, and the network always keeps an active
secretariat admin, so an admin can neither demote nor disable themselves.
"""

import smtplib
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from accounts.people_forms import SetPasswordEmailForm
from accounts.roles import Role
from accounts.services import audit_event_create

SET_PASSWORD_SUBJECT = "accounts/emails/set_password_subject.txt"
SET_PASSWORD_BODY = "accounts/emails/set_password_email.txt"


def _audit(request: HttpRequest | None, account: User, action: str, **detail: Any) -> None:
    audit_event_create(
        kind=AuditEvent.Kind.ACCESS_CHANGED,
        request=request,
        detail={"account": account.get_username(), "action": action, "page": "people", **detail},
    )


def _check_member(role: Role, member) -> None:
    if role == Role.FOCAL_POINT and member is None:
        raise ValidationError(
            {"member": _("A member focal point needs the member organisation it speaks for.")}
        )
    if role != Role.FOCAL_POINT and member is not None:
        raise ValidationError(
            {"member": _("Only a member focal point is tied to a member organisation.")}
        )


def _apply_role(account: User, role: Role, member) -> None:
    """Groups, flags and organisation as the role wants them. An admin gets the Django admin
    (``is_staff``); any other role loses it and the superuser flag, which would otherwise keep
    the account an admin whatever its group."""
    account.member = member
    account.is_staff = role == Role.ADMIN
    if role != Role.ADMIN:
        account.is_superuser = False
    account.full_clean(exclude=["password"])
    account.save()
    role_groups = Group.objects.filter(name__in=[r.value for r in Role])
    account.groups.remove(*role_groups.exclude(name=role.value))
    account.groups.add(role_groups.get(name=role.value))


def _other_active_admins(account: User) -> bool:
    admin_group = Q(groups__name=Role.ADMIN.value)
    return (
        User.objects.filter(admin_group | Q(is_superuser=True), is_active=True)
        .exclude(pk=account.pk)
        .exists()
    )


@transaction.atomic
def account_create(
    *,
    name: str,
    email: str,
    role: Role,
    member=None,
    language: str = "",
    request: HttpRequest | None = None,
) -> User:
    """A new account that cannot sign in until its owner sets a password through the emailed
    link. The email address, lower-cased, is also the user name."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise ValidationError({"email": _("Someone already has an account with this email.")})
    _check_member(role, member)
    account = User(username=email, email=email, first_name=name, preferred_language=language)
    account.set_unusable_password()
    _apply_role(account, role, member)
    _audit(request, account, "added", role=role.value, member=member.pk if member else None)
    return account


@transaction.atomic
def account_role_set(*, account: User, role: Role, member=None, request: HttpRequest) -> User:
    """Give the account this role (and organisation, for a focal point)."""
    _check_member(role, member)
    if role != Role.ADMIN and account.pk == request.user.pk:
        raise ValidationError(
            {
                "role": _(
                    "You cannot take the admin role from yourself: ask another admin, so that "
                    "the network is never left without one."
                )
            }
        )
    if role != Role.ADMIN and not _other_active_admins(account):
        raise ValidationError({"role": _("The network must keep at least one active admin.")})
    _apply_role(account, role, member)
    _audit(request, account, "role-changed", role=role.value, member=member.pk if member else None)
    return account


@transaction.atomic
def account_active_set(*, account: User, active: bool, request: HttpRequest) -> User:
    """Disable an account (it can no longer sign in and its open sessions end at their next
    request) or enable it again."""
    if not active and account.pk == request.user.pk:
        raise ValidationError(
            {"active": _("You cannot disable your own account: ask another admin.")}
        )
    if not active and not _other_active_admins(account):
        raise ValidationError({"active": _("The network must keep at least one active admin.")})
    if account.is_active != active:
        account.is_active = active
        account.save(update_fields=["is_active"])
        _audit(request, account, "enabled" if active else "disabled")
    return account


def set_password_email_send(*, account: User, request: HttpRequest) -> bool:
    """Email the account a link to choose its password, in its language; False when the mail
    server refused it (the admin is told and may send it again)."""
    form = SetPasswordEmailForm(account=account)
    try:
        form.send(request=request, subject=SET_PASSWORD_SUBJECT, body=SET_PASSWORD_BODY)
    except (smtplib.SMTPException, OSError):
        _audit(request, account, "set-password-email-failed")
        return False
    _audit(request, account, "set-password-email-sent")
    return True


def account_invite(
    *,
    name: str,
    email: str,
    role: Role,
    member=None,
    language: str = "",
    request: HttpRequest,
) -> tuple[User, bool]:
    """Add a colleague and send the set-password email; the account stays when the email
    fails, so that it can be sent again from the person's page."""
    account = account_create(
        name=name, email=email, role=role, member=member, language=language, request=request
    )
    return account, set_password_email_send(account=account, request=request)
