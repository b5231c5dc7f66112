"""How many two-factor codes may be tried, counted from the audit log per account and address.

django-otp's own throttle counts failures per device: everybody's wrong codes, the attacker's
included, double the wait for the device, so someone holding only the password could keep the
owner's right code refused for as long as they liked. It is switched off
(``OTP_TOTP_THROTTLE_FACTOR`` and ``OTP_STATIC_THROTTLE_FACTOR`` are 0) and replaced by:

- **per address**: ``OTP_FAILURES_PER_ADDRESS`` wrong or refused codes for one account from
  one client address within ``OTP_FAILURE_WINDOW_MINUTES`` make that address's next codes for
  that account refused (429), even right ones, until the window has passed;
- **per account**: once ``OTP_FAILURES_PER_ACCOUNT`` are reached from all addresses together,
  the admins get one email and the audit log a ``two-factor-ceiling`` event (once a window),
  and every address that got a code wrong in the window is refused. An address that has not
  failed can still sign in: that is the owner, from their own place, with a code or a
  recovery code.

Every refused attempt is logged as a wrong code too (``detail.refused``), so hammering keeps an
address refused. The audit log is the only state, shared by every app server; the account's
row is locked while one attempt is counted, checked and logged, so simultaneous attempts take
turns.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.client_ip import client_ip
from accounts.models import AuditEvent
from accounts.roles import Role
from accounts.services import audit_event_create

logger = logging.getLogger(__name__)


def _since():
    return timezone.now() - timedelta(minutes=settings.OTP_FAILURE_WINDOW_MINUTES)


def _failures(user):
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.TWO_FACTOR_FAILED, user=user, at__gte=_since()
    )


def _from_address(queryset, address: str | None):
    if address is None:
        return queryset.filter(ip_address__isnull=True)
    return queryset.filter(ip_address=address)


def lock_account(user) -> None:
    """Make concurrent attempts for this account wait for each other (inside a transaction)."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


def attempt_allowed(request, user) -> bool:
    """Whether a code from this request's address may be checked at all."""
    failures = _failures(user)
    here = _from_address(failures, client_ip(request)).count()
    if here >= settings.OTP_FAILURES_PER_ADDRESS:
        return False
    return not (here and failures.count() >= settings.OTP_FAILURES_PER_ACCOUNT)


def failure_record(request, user, *, refused: bool) -> None:
    """Log a wrong (or refused) code; at the account's ceiling, tell the admins once."""
    audit_event_create(
        kind=AuditEvent.Kind.TWO_FACTOR_FAILED,
        request=request,
        user=user,
        detail={"refused": True} if refused else {},
    )
    total = _failures(user).count()
    if total < settings.OTP_FAILURES_PER_ACCOUNT:
        return
    already = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.TWO_FACTOR_CEILING, user=user, at__gte=_since()
    ).exists()
    if already:
        return
    audit_event_create(
        kind=AuditEvent.Kind.TWO_FACTOR_CEILING,
        request=request,
        user=user,
        detail={
            "account": user.get_username(),
            "failures": total,
            "window_minutes": settings.OTP_FAILURE_WINDOW_MINUTES,
        },
    )
    username = user.get_username()
    transaction.on_commit(lambda: _tell_admins(username, total))


def admin_addresses() -> list[str]:
    """Email addresses of the active secretariat admins."""
    admins = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=Role.ADMIN.value), is_active=True
    )
    return sorted(set(admins.exclude(email="").values_list("email", flat=True)))


def _tell_admins(username: str, failures: int) -> None:
    recipients = admin_addresses()
    if not recipients:
        logger.warning("Two-factor ceiling reached for an account; no admin has an email.")
        return
    with translation.override(settings.LANGUAGE_CODE):  # not the attacker's language
        _send(recipients, username, failures)


def _send(recipients: list[str], username: str, failures: int) -> None:
    subject = _("NSWP campaign tracker: many wrong two-factor codes for %(username)s") % {
        "username": username
    }
    body = _(
        "%(failures)s wrong two-factor codes were entered for the account %(username)s in the "
        "last %(minutes)s minutes. Whoever entered them knows the account's password.\n\n"
        "Addresses that entered wrong codes are refused for now; the account's owner can "
        "still sign in from elsewhere. Ask the owner to change the password, and see the "
        "audit log (kind: wrong two-factor code) for the addresses."
    ) % {
        "failures": failures,
        "username": username,
        "minutes": settings.OTP_FAILURE_WINDOW_MINUTES,
    }
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # the alert must not turn the refusal into a server error
        logger.exception("Could not email the admins about a two-factor ceiling.")
