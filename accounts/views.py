"""Pages that stand outside the tracker's data: the health check, "no access yet", the
language choice, two-factor sign-in and personal API tokens.

Sign-in and password reset are Django's own views, which Django marks login_not_required.
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults, i18n
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor_throttle
from accounts.api_responses import api_error, is_api_request
from accounts.forms import ApiTokenForm, OneTimeCodeForm
from accounts.http import SignedInRequest
from accounts.language import remember_language
from accounts.models import ApiToken, AuditEvent
from accounts.outage import health_response
from accounts.permissions import EVERY_ROLE, allow_roles
from accounts.roles import role_of
from accounts.services import (
    api_token_create,
    api_token_revoke,
    audit_event_create,
    recovery_codes_replace,
    totp_device_confirm,
    totp_device_pending,
    user_language_set,
)
from accounts.signals import SESSION_HAS_DEVICE


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the app answers and its database does too. HealthCheckMiddleware
    answers first for any Host header; this view is what a POST or a setup without that
    middleware reaches."""
    return health_response()


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's choice: Django's cookie for everyone, and for a signed-in user also their
    preferred language, so that it holds at the next sign-in and in emails. "" (the browser's
    language) clears both."""
    response = i18n.set_language(request)
    if request.method != "POST" or not request.user.is_authenticated:
        return response
    code = request.POST.get("language", "")
    try:
        user_language_set(user=request.user, language=code)
    except ValidationError:
        return response
    if not code:
        remember_language(request, "")
    return response


def no_access(request: HttpRequest) -> HttpResponse:
    """Signed in but given no role yet: nothing to see until an admin grants one."""
    if role_of(request.user) is not None:
        return redirect("campaigns:dashboard")
    return render(request, "accounts/no_access.html", status=403)


def _next_url(request: HttpRequest) -> str:
    """Where to go after a two-factor step: the requested page if it is ours, else home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("campaigns:dashboard")


def _qr_svg(url: str) -> str:
    """The provisioning URL as an inline SVG, drawn on the server: no script, no image host."""
    return segno.make(url, error="m").svg_inline(
        scale=5, border=4, title=_("QR code for your authenticator app"), svgclass="qr-code"
    )


def _grouped_key(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@allow_roles(*EVERY_ROLE)
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: SignedInRequest) -> HttpResponse:
    """Set up an authenticator app (TOTP) and get ten one-time recovery codes.

    The codes are shown once, in the response that confirms the set-up, and never again; with
    two-factor already on (and this session verified) the page offers a fresh set instead.
    """
    user = request.user
    next_url = _next_url(request)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        if not user.is_verified():
            return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': next_url})}")
        if request.method == "POST" and request.POST.get("action") == "new-codes":
            codes = recovery_codes_replace(user=user)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url}
            )
        return render(request, "accounts/two_factor_on.html", {"next": next_url})

    device = totp_device_pending(user=user)
    form = OneTimeCodeForm(request.POST or None)
    form.fields["code"].help_text = _("The 6 digits your authenticator app shows now.")
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = totp_device_confirm(user=user, device=device, request=request)
            otp_login(request, device)
            request.session[SESSION_HAS_DEVICE] = True
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url}
            )
        audit_event_create(kind=AuditEvent.Kind.TWO_FACTOR_FAILED, request=request)
        form.add_error("code", _("That code is not the one your app shows now. Try again."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "key": _grouped_key(device),
            "next": next_url,
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: SignedInRequest) -> HttpResponse:
    """The second step of signing in, for anyone with two-factor on, whatever the role (a user
    without a role must still prove it is them before being told there is nothing to see)."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    devices = list(devices_for_user(user))
    if not devices:
        request.session[SESSION_HAS_DEVICE] = False
        return HttpResponseRedirect(next_url)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        with transaction.atomic():
            two_factor_throttle.lock_account(user)
            refused = not two_factor_throttle.attempt_allowed(request, user)
            matched = None
            if not refused:
                matched = next(
                    (d for d in devices if verify_token(user, d.persistent_id, code) is not None),
                    None,
                )
            if matched is None:
                two_factor_throttle.failure_record(request, user, refused=refused)
        if matched is not None:
            otp_login(request, matched)
            if isinstance(matched, StaticDevice):
                audit_event_create(
                    kind=AuditEvent.Kind.RECOVERY_CODE_USED,
                    request=request,
                    detail={"codes_left": matched.token_set.count()},
                )
            return HttpResponseRedirect(next_url)
        if refused:
            form.add_error(
                "code",
                _(
                    "Too many wrong codes were entered for your account from this place, so "
                    "codes from here are refused for now. Try again later, or sign in from "
                    "another place."
                ),
            )
            context = {"form": form, "next": next_url}
            return render(request, "accounts/two_factor_verify.html", context, status=429)
        form.add_error("code", _("That code did not work. Check your app's current code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


def _code_is_current(user, code: str) -> bool:
    return any(
        verify_token(user, device.persistent_id, code) is not None
        for device in devices_for_user(user)
    )


@allow_roles(*EVERY_ROLE)
@require_http_methods(["GET", "POST"])
def api_tokens(request: SignedInRequest) -> HttpResponse:
    """Your personal API tokens: make one (shown once, in this response only), see when each
    was last used, revoke any."""
    user = request.user
    needs_code = user_has_device(user)
    form = ApiTokenForm(request.POST or None, needs_code=needs_code)
    new_token = None
    if request.method == "POST" and form.is_valid():
        if needs_code and not _code_is_current(user, form.cleaned_data["code"]):
            audit_event_create(kind=AuditEvent.Kind.TWO_FACTOR_FAILED, request=request)
            form.add_error("code", _("That code did not work. Check your app's current code."))
        else:
            _token, new_token = api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in_days=form.cleaned_data["expires_in_days"],
                request=request,
            )
            form = ApiTokenForm(needs_code=needs_code)
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": user.api_tokens.all(),
            "now": timezone.now(),
        },
        status=status,
    )


@require_POST
@allow_roles(*EVERY_ROLE)
def api_token_revoke_view(request: SignedInRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    api_token_revoke(token=token, request=request)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("api-tokens")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 page; under ``/api/`` a 404 in the API's JSON shape."""
    if is_api_request(request):
        return api_error(404, _("Not found."))
    return defaults.page_not_found(request, exception)
