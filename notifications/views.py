"""Which emails a user gets: a page for the signed-in user, and the stop link of each email.

The stop link works in one click without signing in: opening it turns that kind of email off
and says so, with a button to turn it back on. It only ever turns one email off, so a mail
scanner that opens links does no harm worth a second click from everyone.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Field
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import SignedInRequest
from accounts.models import User
from accounts.permissions import EVERY_ROLE, allow_roles
from notifications.forms import EmailPreferencesForm
from notifications.models import EmailPreferences
from notifications.selectors import email_preferences_of
from notifications.services import email_preferences_update
from notifications.tokens import read_stop_token

OPTIONAL = {field.name for field in EmailPreferences._meta.get_fields() if field.name != "user"}


@require_http_methods(["GET", "POST"])
@allow_roles(*EVERY_ROLE)
def preferences(request: SignedInRequest) -> HttpResponse:
    current = email_preferences_of(user=request.user)
    form = EmailPreferencesForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        email_preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your email choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """GET turns the email off; POST (the page's button) turns it back on."""
    found = read_stop_token(token)
    if found is None or found[1] not in OPTIONAL:
        raise Http404
    user_id, preference = found
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404
    wanted = request.method == "POST"
    email_preferences_update(user=user, **{preference: wanted})
    label = cast(Field, EmailPreferences._meta.get_field(preference)).verbose_name
    return render(
        request,
        "notifications/stopped.html",
        {"label": label, "on": wanted, "token": token},
    )
