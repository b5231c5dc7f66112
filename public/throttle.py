"""The per-address request limit of the public page and its data files.

Counters live in each app process's memory (the "default" cache): a flood of requests costs
no database write, and an address over the limit is answered before any query. With several
processes an address gets at most the limit from each; see docs/public.md.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from accounts.client_ip import client_ip

WINDOW_SECONDS = 60


def seconds_to_wait(request: HttpRequest) -> int:
    """0 when the request may go on; else how long until this address's minute is over."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"public-requests:{client_ip(request) or 'unknown'}:{window}"
    cache = caches["default"]
    cache.add(key, 0, timeout=2 * WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=2 * WINDOW_SECONDS)
        count = 1
    if count <= settings.PUBLIC_REQUESTS_PER_MINUTE:
        return 0
    return max(1, WINDOW_SECONDS - int(now % WINDOW_SECONDS))
