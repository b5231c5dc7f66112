"""What the tracker answers while its database is unreachable, and the health check.

A lost database raises ``OperationalError`` or ``InterfaceError`` wherever the request first
needs it: often in middleware (the session, the signed-in user) before any view runs. Django
turns every uncaught exception, in middleware or view, into a call of the 500 handler from
inside its ``except`` block, so ``server_error`` below (``handler500`` in config/urls.py) sees
the exception and answers 503 for a database outage, 500 for anything else.

The 503 page is a static template rendered without the request: no context processor, no
session and no user lookup, so it cannot fail for the reason it is shown.
"""

import logging
import sys
from typing import TypeVar

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)
R = TypeVar("R", bound=HttpResponse)

HEALTH_PATH = "/health/"
API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 120
OUTAGE_ERRORS = (OperationalError, InterfaceError)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def is_database_outage(exc: BaseException | None) -> bool:
    """True when the exception, or one it was raised from, says the database is unreachable."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _no_store(response: R, *, retry: bool) -> R:
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if retry:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: JSON under /api/, else a static page that says whether what
    was sent is lost."""
    posted = request.method not in SAFE_METHODS
    if posted:
        message = _(
            "The tracker is briefly unavailable. Nothing you sent was saved; please try "
            "again in a few minutes."
        )
    else:
        message = _("The tracker is briefly unavailable. Please try again in a few minutes.")
    if request.path_info.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse(
            {"status": "unavailable", "message": message}, status=503
        )
    else:
        body = loader.get_template("503.html").render({"message": message, "posted": posted})
        response = HttpResponse(body, status=503)
    return _no_store(response, retry=True)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """Django's 500 handler, except for a database outage, which is a 503."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request, template_name=template_name)


def health_response() -> JsonResponse:
    """200 ``{"status": "ok"}`` when the database answers, else 503 ``{"status":
    "unavailable"}``; nothing more, since anyone may ask."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: the database did not answer.")
        return _no_store(JsonResponse({"status": "unavailable"}, status=503), retry=True)
    return _no_store(JsonResponse({"status": "ok"}), retry=False)


class HealthCheckMiddleware:
    """Answers ``GET /health/`` before the session, the user and the host check.

    Load balancers and container probes call it by the server's address (``Host:
    10.1.2.3``) and over plain HTTP, which the host check (CommonMiddleware, or the first
    ``request.get_host()``) would refuse with 400 and the HTTPS redirect would redirect
    (``SECURE_REDIRECT_EXEMPT`` exempts this path). Its answer reads nothing from the request
    and says nothing but the status, so skipping the host check for this one path exposes
    nothing. Only the security, static-file and CSP middleware come before it, and none of
    them reads the Host header for this path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
