"""Reads of the public app: whether the page is on, its numbers (cached) and its switch's
history.

The numbers are computed at most once per ``PUBLIC_CACHE_SECONDS`` for every app server: they
are kept in the "public" cache (a database table, see config/settings.py), so anonymous
traffic reads that one row and never the contact table. Within a process the threads take
turns to refresh it; across servers the one that claims the refresh recomputes while the
others keep serving the previous copy.
"""

import datetime
import threading

from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import AuditEvent
from public.models import THE_ROW, PublicPage
from public.numbers import compute_numbers

SWITCH_KINDS = (AuditEvent.Kind.PUBLIC_PAGE_ON, AuditEvent.Kind.PUBLIC_PAGE_OFF)
# A server that dies while computing frees the claim after this long.
REFRESH_CLAIM_SECONDS = 120
_refreshing = threading.Lock()


def public_page_is_on() -> bool:
    # Query: the switch's row (absent until first switched: off).
    return PublicPage.objects.filter(pk=THE_ROW, on=True).exists()


def public_page_setting() -> PublicPage:
    """The switch, or an unsaved "off" one before anyone has switched it."""
    return PublicPage.objects.filter(pk=THE_ROW).first() or PublicPage()


def public_page_changes(*, limit: int = 10) -> QuerySet[AuditEvent]:
    """The latest times the page was turned on or off, newest first."""
    return AuditEvent.objects.filter(kind__in=SWITCH_KINDS).select_related("user")[:limit]


def _key() -> str:
    # A new threshold must not serve numbers suppressed under the old one.
    return f"public-numbers:t{settings.PUBLIC_MIN_COUNT}"


def _fresh(entry: dict | None) -> bool:
    if entry is None:
        return False
    age = timezone.now() - entry["computed_at"]
    return age < datetime.timedelta(seconds=settings.PUBLIC_CACHE_SECONDS)


def published_numbers() -> dict:
    """The public numbers, from the cache when computed less than the period ago."""
    cache = caches["public"]
    entry = cache.get(_key())
    if _fresh(entry):
        return entry
    with _refreshing:
        entry = cache.get(_key())
        if _fresh(entry):
            return entry
        claim = f"{_key()}:refreshing"
        claimed = cache.add(claim, True, timeout=REFRESH_CLAIM_SECONDS)
        if not claimed and entry is not None:
            return entry  # another server is refreshing it: the previous copy will do
        try:
            entry = compute_numbers(threshold=settings.PUBLIC_MIN_COUNT)
            cache.set(_key(), entry, timeout=None)
        finally:
            if claimed:
                cache.delete(claim)
        return entry


def forget_published_numbers() -> None:
    """Drop the cached numbers, so that the next visit computes them afresh."""
    caches["public"].delete(_key())
