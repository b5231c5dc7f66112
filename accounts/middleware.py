"""Request guards that apply to every page: absolute session lifetime and no caching."""

import time

from django.conf import settings
from django.contrib.auth import logout

SESSION_STARTED = "tracker_session_started"


class SecurityHeadersMiddleware:
    """Ends sessions older than SESSION_ABSOLUTE_SECONDS and marks pages ``no-store``.

    Every page behind the sign-in may hold personal data, so none is kept by a browser or a
    proxy cache; static files are served before this middleware by whitenoise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response
