"""The hourly export limit, counted from the audit log.

The log is the only state: every app server reads the same table, so the limit holds however
many servers run, and nothing else (cache, memory) has to be shared or can drift from what
admins read in the log.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import AuditEvent


class ExportLimitReached(Exception):
    """The user has made ``settings.EXPORTS_PER_HOUR`` exports in the last hour."""


def exports_in_last_hour(user) -> int:
    since = timezone.now() - timedelta(hours=1)
    # Command-line exports run "as" a user are the operator's, not that user's web quota.
    return (
        AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT, user=user, at__gte=since)
        .exclude(detail__via="cli")
        .count()
    )


def check_export_limit(user) -> None:
    """Raise ExportLimitReached when one more export would pass the hourly limit.

    Called inside the transaction that records the export: locking the user's row makes two
    simultaneous requests (even on two servers) take turns, so both cannot take the last slot.
    """
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    if exports_in_last_hour(user) >= settings.EXPORTS_PER_HOUR:
        raise ExportLimitReached
