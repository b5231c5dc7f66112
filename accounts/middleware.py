"""Request guards that apply to every page: API tokens, sign-in, session lifetime, no
caching, the language cookie, the access gate.

Under ``/api/`` the same rules answer in JSON (``accounts.api_responses``): 401 where a page
would send the visitor to the sign-in page, 403 where it would send a user without a role to
"no access yet" or to the two-factor step. A script never gets a redirect to an HTML form.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from accounts.api_responses import api_error, is_api_request, not_authenticated
from accounts.language import LANGUAGE_TO_REMEMBER
from accounts.roles import can_see_personal_data, role_of
from accounts.services import api_token_authenticate
from accounts.signals import (
    LOGOUT_REASON,
    SESSION_HAS_DEVICE,
    SESSION_REFRESHED,
    SESSION_STARTED,
)


class ApiTokenMiddleware:
    """``Authorization: Bearer <token>`` under ``/api/``: the request acts as the token's user.

    Runs after Django's AuthenticationMiddleware and replaces its user; the session is left
    untouched (empty, so no cookie is set). A bad, revoked or expired token, or a disabled
    user's, is a 401 at once, whatever the session; past the token's rate a 429 with
    Retry-After. ``request.api_token`` tells later code that a token speaks, not a session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.api_token = None
        header = request.headers.get("Authorization")
        if header is None or not is_api_request(request):
            return self.get_response(request)
        scheme, _space, raw = header.partition(" ")
        if scheme.lower() != "bearer":
            return not_authenticated(_("Send a token as “Authorization: Bearer <token>”."))
        token = api_token_authenticate(raw=raw.strip())
        if token is None:
            return not_authenticated(
                _("This token is unknown, expired or revoked, or its user is disabled.")
            )
        if not token.within_rate:
            response = api_error(
                429,
                _("Too many requests with this token. Try again in %(seconds)s seconds.")
                % {"seconds": token.retry_after},
            )
            response["Retry-After"] = str(token.retry_after)
            return response
        request.user = token.user
        request.api_token = token
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's: every view needs a signed-in user unless marked ``login_not_required``; under
    ``/api/`` the answer is a 401 in JSON instead of the sign-in page."""

    def handle_no_permission(self, request, view_func):
        if is_api_request(request):
            return not_authenticated(_("Sign in, or send an API token."))
        return super().handle_no_permission(request, view_func)


class SecurityHeadersMiddleware:
    """Keeps a session's two limits and marks responses ``no-store``.

    A session older than SESSION_ABSOLUTE_SECONDS ends. Otherwise, once SESSION_REFRESH_SECONDS
    have passed since its last save, the session is marked changed so that Django's session
    middleware saves it, restarting the 30-minute idle clock (in the database and in the
    cookie's max-age). Saving on every request instead cost a write of the session row per page.

    Every page behind the sign-in may hold personal data, so none is kept by a browser or a
    proxy cache; error pages and exports pass through here too. Static files are served before
    this middleware by whitenoise and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and getattr(request, "api_token", None) is None:
            now = int(time.time())
            started = request.session.setdefault(SESSION_STARTED, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                setattr(request, LOGOUT_REASON, "session-expired")
                logout(request)
            elif (
                now - request.session.get(SESSION_REFRESHED, 0) >= settings.SESSION_REFRESH_SECONDS
            ):
                request.session[SESSION_REFRESHED] = now
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response


class LanguageCookieMiddleware:
    """Writes the language cookie that this request decided (a sign-in with a preferred
    language, a return to the browser's language): see accounts.language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        code = getattr(request, LANGUAGE_TO_REMEMBER, None)
        if code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        elif code == "":
            response.delete_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


# Pages a signed-in user can always reach, whatever the gate below would otherwise ask.
TWO_FACTOR_PAGES = {"two-factor-setup", "two-factor-verify", "logout"}
NO_ROLE_PAGES = {"no-access", "logout", "password_change", "password_change_done"}


class AccessGateMiddleware:
    """Two rules that hold for every view, the Django admin included.

    1. Two-factor: a user with a confirmed device must enter a code after the password before
       anything else; with ``OTP_REQUIRED_FOR_PERSONAL_DATA`` anyone who sees personal data
       (secretariat admins and staff) without a device is sent to set one up.
    2. A signed-in user without a role sees only the "no access yet" page (and can sign out or
       change the password).

    Public views (marked ``login_not_required``) are left alone. It runs in ``process_view`` so
    that the view's name is known; a user without a device costs no query here, because the
    device check was made at sign-in (accounts.signals). An API token stands in for the
    second factor (making one takes a fresh code), so token requests only need a role; under
    ``/api/`` both refusals are a 403 in JSON.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        api = is_api_request(request)
        # Django REST framework's views are marked login_not_required (they answer 401
        # themselves), yet a session must pass the gate for them like for any page.
        if not user.is_authenticated or not (api or getattr(view_func, "login_required", True)):
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if getattr(request, "api_token", None) is None and not user.is_verified():
            needs = self._two_factor_step(request, user)
            if needs and api:
                return api_error(403, _("Finish two-factor sign-in first."))
            if needs and name not in TWO_FACTOR_PAGES:
                return redirect(f"{reverse(needs)}?{_next(request)}")
        if name not in NO_ROLE_PAGES and role_of(user) is None:
            if api:
                return api_error(403, _("Your account has no role yet."))
            return redirect("no-access")
        return None

    @staticmethod
    def _two_factor_step(request, user) -> str | None:
        """The URL name of the step still owed, or None."""
        if SESSION_HAS_DEVICE not in request.session:  # a session from before this rule
            request.session[SESSION_HAS_DEVICE] = user_has_device(user)
        if request.session[SESSION_HAS_DEVICE]:
            return "two-factor-verify"
        if settings.OTP_REQUIRED_FOR_PERSONAL_DATA and can_see_personal_data(user):
            return "two-factor-setup"
        return None


def _next(request) -> str:
    return urlencode({"next": request.get_full_path()})
