"""Bulk actions of the contact list: the chosen rows, an action, a confirmation page that
lists each contact and its change, then the change (or the CSV of the chosen rows).

Loggers only (viewers get 403); a focal point acts on its own organisation's contacts; a
selection holding any contact the user may not change is refused whole, naming the ids
(campaigns.bulk). The list's checkboxes post here; nothing changes before the confirmation
page's button, which posts the same fields again with ``confirm``.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from accounts.permissions import LOGGERS, allow_roles
from campaigns.bulk import (
    Action,
    BulkRefused,
    bulk_actions_for,
    bulk_preview,
    bulk_selection,
    contacts_bulk_change,
)
from campaigns.bulk_forms import BulkForm
from campaigns.views.exports import selection_csv

TEMPLATE = "campaigns/bulk_confirm.html"


def bulk_context(request: HttpRequest) -> dict:
    """What the contact list needs for its checkboxes and the bulk action form."""
    if not bulk_actions_for(request.user):
        return {"bulk_form": None}
    return {
        "bulk_form": BulkForm(user=request.user, auto_id="bulk-%s"),
        "bulk_next": request.get_full_path(),
    }


def _back(request: HttpRequest) -> str:
    """The list page the selection came from; anything not of this site goes to the list."""
    url = request.POST.get("next", "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("campaigns:contact-list")


@allow_roles(*LOGGERS)
@require_POST
def contact_bulk(request: SignedInRequest) -> HttpResponseBase:
    form = BulkForm(request.POST, user=request.user)
    context = {"form": form, "back": _back(request)}
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    action, ids = form.cleaned_data["action"], form.cleaned_data["contact"]
    strategy = form.cleaned_data["strategy"] if action == Action.STRATEGY else None
    try:
        if "confirm" not in request.POST:
            contacts = bulk_selection(user=request.user, action=action, ids=ids)
            context.update(
                action=Action(action),
                ids=ids,
                strategy=strategy,
                changes=bulk_preview(contacts=contacts, action=action, strategy=strategy),
            )
            return render(request, TEMPLATE, context)
        if action == Action.EXPORT:
            bulk_selection(user=request.user, action=action, ids=ids)
            return selection_csv(request, ids=ids)
        changed = contacts_bulk_change(
            user=request.user, action=action, ids=ids, strategy=strategy, request=request
        )
    except BulkRefused as refusal:
        context["refusal"] = str(refusal)
        return render(request, TEMPLATE, context, status=400)
    messages.success(
        request,
        ngettext("%(count)s contact changed.", "%(count)s contacts changed.", len(changed))
        % {"count": len(changed)},
    )
    return HttpResponseRedirect(str(context["back"]))
