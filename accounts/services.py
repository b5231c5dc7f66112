"""Writes of the accounts app: audit events, two-factor devices and a user's language.

Every module that logs something worth knowing later (sign-ins, exports, a person's record
opened) calls ``audit_event_create`` so that the address is always taken the way the sign-in
lockouts take it and no caller stores a password or a request body by accident.
"""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.client_ip import client_ip
from accounts.models import AuditEvent, User

RECOVERY_CODE_COUNT = 10


def audit_event_create(
    *,
    kind: AuditEvent.Kind,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one event; the user defaults to the request's signed-in user."""
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    event = AuditEvent(
        kind=kind,
        user=user,
        username=username[:150],
        ip_address=client_ip(request) if request is not None else None,
        detail=detail or {},
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def user_language_set(*, user: User, language: str) -> None:
    """Save the user's preferred language (a code of settings.LANGUAGES, or "" for the
    browser's); raises ValidationError for any other value."""
    user.preferred_language = User._meta.get_field("preferred_language").clean(language, user)
    user.save(update_fields=["preferred_language"])


@transaction.atomic
def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator a user is setting up: reused until confirmed, so reloading
    the set-up page does not invalidate the QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name="authenticator", confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def totp_device_confirm(
    *, user: User, device: TOTPDevice, request: HttpRequest | None = None
) -> list[str]:
    """Confirm the authenticator and issue fresh recovery codes (returned once, stored only
    in django-otp's table). Any older authenticators and codes of the user are removed."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=user)
    audit_event_create(kind=AuditEvent.Kind.TWO_FACTOR_ENABLED, request=request, user=user)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """A new set of one-time recovery codes; the previous set stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
