"""Audit trail of sign-ins and of every change to who may see what.

Sign-in events never hold a password; a failed sign-in keeps only the username as typed (to
spot guessing) and the client's address, read the same way as the lockouts read it.
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django_otp import user_has_device
from simple_history.models import HistoricalRecords

from accounts.models import AuditEvent, User
from accounts.services import audit_event_create

SESSION_STARTED = "tracker_session_started"
# When the session was last saved by a signed-in request, which restarts its idle clock
# (accounts.middleware.SecurityHeadersMiddleware saves it at most once a minute).
SESSION_REFRESHED = "tracker_session_refreshed"
# Whether the signed-in user has a confirmed two-factor device, decided once at sign-in so that
# ordinary requests cost no query (accounts.middleware.AccessGateMiddleware reads it).
SESSION_HAS_DEVICE = "tracker_has_otp_device"
# Why a session ended, set by whoever calls logout() for a reason other than the user's click.
LOGOUT_REASON = "tracker_logout_reason"

ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser", "member_id")


@receiver(user_logged_in, dispatch_uid="accounts_audit_sign_in")
def on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = request.session[SESSION_REFRESHED] = int(time.time())
        request.session[SESSION_HAS_DEVICE] = user_has_device(user)
    audit_event_create(kind=AuditEvent.Kind.SIGN_IN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="accounts_audit_sign_out")
def on_sign_out(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, LOGOUT_REASON, "signed-out")
    audit_event_create(
        kind=AuditEvent.Kind.SIGN_OUT, request=request, user=user, detail={"reason": reason}
    )


@receiver(user_login_failed, dispatch_uid="accounts_audit_sign_in_failed")
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    audit_event_create(
        kind=AuditEvent.Kind.SIGN_IN_FAILED, request=request, user=None, username=username
    )


@receiver(user_locked_out, dispatch_uid="accounts_audit_locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    audit_event_create(
        kind=AuditEvent.Kind.LOCKED_OUT, request=request, user=None, username=username or ""
    )


def _actor():
    """The signed-in user behind the current change, from simple-history's request context."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return request, user
    return request, None


@receiver(pre_save, sender=User, dispatch_uid="accounts_audit_access_flags")
def on_user_flags_change(sender, instance: User, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & {
        "is_active",
        "is_staff",
        "is_superuser",
        "member",
        "member_id",
    }:
        return
    before = User.objects.filter(pk=instance.pk).values(*ACCESS_FIELDS).first()
    if before is None:
        return
    changes = {
        field: [before[field], getattr(instance, field)]
        for field in ACCESS_FIELDS
        if before[field] != getattr(instance, field)
    }
    if changes:
        request, actor = _actor()
        audit_event_create(
            kind=AuditEvent.Kind.ACCESS_CHANGED,
            request=request,
            user=actor,
            detail={"account": instance.get_username(), "changes": changes},
        )


@receiver(post_save, sender=User, dispatch_uid="accounts_audit_account_created")
def on_user_created(sender, instance: User, created=False, raw=False, **kwargs):
    if not created or raw:
        return
    request, actor = _actor()
    audit_event_create(
        kind=AuditEvent.Kind.ACCESS_CHANGED,
        request=request,
        user=actor,
        detail={
            "account": instance.get_username(),
            "created": {field: getattr(instance, field) for field in ACCESS_FIELDS},
        },
    )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_audit_groups")
def on_groups_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # group.user_set.add(users): instance is the group
        groups = [instance.name]
        accounts = list(User.objects.filter(pk__in=pk_set or ()).values_list("username", flat=True))
        if action == "pre_clear":
            accounts = list(instance.user_set.values_list("username", flat=True))
    else:
        accounts = [instance.get_username()]
        group_ids = pk_set if action != "pre_clear" else instance.groups.values("pk")
        groups = sorted(model.objects.filter(pk__in=group_ids).values_list("name", flat=True))
    if not accounts or not groups:
        return
    change = {"post_add": "added", "post_remove": "removed", "pre_clear": "removed"}[action]
    request, actor = _actor()
    for account in accounts:
        audit_event_create(
            kind=AuditEvent.Kind.ACCESS_CHANGED,
            request=request,
            user=actor,
            detail={"account": account, "change": f"groups {change}", "groups": groups},
        )
