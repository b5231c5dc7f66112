"""Writes of the accounts app: audit events, two-factor devices, a user's language and API
tokens.

Every module that logs something worth knowing later (sign-ins, exports, a person's record
opened) calls ``audit_event_create`` so that the address is always taken the way the sign-in
lockouts take it and no caller stores a password or a request body by accident.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.client_ip import client_ip
from accounts.models import ApiToken, AuditEvent, User

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
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# API tokens --------------------------------------------------------------------------------

API_TOKEN_MAX_DAYS = 365
# "trk_" + the row's prefix + "_" + the secret: the prefix finds the row, the digest checks it.
API_TOKEN_MARK = "trk_"


def api_token_digest(raw: str) -> str:
    """SHA-256 of the whole token: enough for a random 240-bit secret, which no dictionary
    holds (a slow password hash would only slow every API request)."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    scope: str,
    expires_in_days: int,
    request: HttpRequest | None = None,
    via: str = "web",
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token itself, which is never stored
    and cannot be shown again."""
    if not 1 <= expires_in_days <= API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "expires_in_days": _("A token lasts from 1 to %(days)s days.")
                % {"days": API_TOKEN_MAX_DAYS}
            }
        )
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{API_TOKEN_MARK}{prefix}_{secrets.token_urlsafe(30)}"
    token = ApiToken(
        user=user,
        name=name,
        scope=scope,
        prefix=prefix,
        digest=api_token_digest(raw),
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    token.full_clean()
    token.save()
    audit_event_create(
        kind=AuditEvent.Kind.API_TOKEN_CREATED,
        request=request,
        user=user,
        detail={"token": prefix, "scope": scope, "expires_in_days": expires_in_days, "via": via},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, request: HttpRequest | None = None) -> ApiToken:
    """Stop the token at its next request; revoking twice keeps the first date."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_event_create(
            kind=AuditEvent.Kind.API_TOKEN_REVOKED,
            request=request,
            detail={"token": token.prefix, "owner": token.user.get_username()},
        )
    return token


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The live token that ``raw`` is, with its user, counted against the request rate; or
    None for an unknown, revoked or expired token, or a disabled user.

    ``within_rate`` on the result says whether this request fits in
    ``settings.API_REQUESTS_PER_MINUTE``; ``retry_after`` how many seconds until it would.
    Two queries: the token with its user, then one conditional UPDATE that counts the request
    and stamps ``last_used_at``.
    """
    if not raw.startswith(API_TOKEN_MARK):
        return None
    prefix = raw[len(API_TOKEN_MARK) :].partition("_")[0]
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__member")
        .filter(prefix=prefix, revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, api_token_digest(raw)):
        return None
    token.within_rate = _count_request(token, now)
    token.retry_after = 60 - int(now.timestamp()) % 60
    return token


def _count_request(token: ApiToken, now) -> bool:
    """Count one request in the current minute in one atomic UPDATE (a new minute starts at
    one); nothing is counted, and False returned, past the limit."""
    minute = int(now.timestamp()) // 60
    counted = (
        ApiToken.objects.filter(pk=token.pk)
        .filter(~Q(rate_minute=minute) | Q(rate_count__lt=settings.API_REQUESTS_PER_MINUTE))
        .update(
            rate_count=Case(When(rate_minute=minute, then=F("rate_count") + 1), default=1),
            rate_minute=minute,
            last_used_at=now,
        )
    )
    token.last_used_at = now
    return bool(counted)
