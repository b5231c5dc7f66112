"""Saved views of the contact list: saving the current filters under a name, opening one,
renaming, sharing or deleting one's own.

Everyone who reads the contact list (ROW_READERS) keeps views; viewers have no list, so no
views (403). A view someone else keeps privately is a 404, as for an unknown id; a view of
the team opens for everyone in it, and only its owner may change or delete it (404 for the
others). Opening a view is the list with its parameters, so a colleague sees the rows their
own role lets them see.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from accounts.permissions import ROW_READERS, allow_roles
from campaigns.contact_query import ContactQuery
from campaigns.models import SavedView
from campaigns.saved_view_forms import SavedViewCreateForm, SavedViewForm
from campaigns.saved_view_services import (
    saved_view_create,
    saved_view_delete,
    saved_view_params,
    saved_view_update,
)
from campaigns.selectors import saved_view_list

FORM_TEMPLATE = "campaigns/saved_view_form.html"


def _list_url(query: str) -> str:
    url = reverse("campaigns:contact-list")
    return f"{url}?{query}" if query else url


def saved_views_context(request: HttpRequest, query: ContactQuery) -> dict:
    """What the contact list shows of saved views: the user's and the team's, which one the
    page is showing, and the form that saves the current filters."""
    current = None if query.errors else saved_view_params(query.params)
    return {
        "saved_views": list(saved_view_list(user=request.user)),
        "saved_view_current": current,
        "saved_view_form": SavedViewCreateForm(initial={"query": current or ""}),
    }


def _own_view(request: SignedInRequest, pk: int) -> SavedView:
    return get_object_or_404(SavedView.objects.filter(owner=request.user), pk=pk)


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal (a taken name, a bad filter) shown at the form's fields."""
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@allow_roles(*ROW_READERS)
@require_POST
def saved_view_create_view(request: SignedInRequest) -> HttpResponse:
    form = SavedViewCreateForm(request.POST)
    if form.is_valid():
        try:
            view = saved_view_create(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved view “%(name)s” saved.") % {"name": view.name})
            return redirect(_list_url(view.query))
    return render(request, FORM_TEMPLATE, {"form": form, "creating": True}, status=400)


@allow_roles(*ROW_READERS)
def saved_view_open(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView.objects.visible_to(request.user), pk=pk)
    return redirect(_list_url(view.query))


@allow_roles(*ROW_READERS)
def saved_view_update_view(request: SignedInRequest, pk: int) -> HttpResponse:
    view = _own_view(request, pk)
    name = view.name
    form = SavedViewForm(request.POST or None, instance=view)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved_view_update(view=view, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Saved view “%(name)s” saved.") % {"name": view.name})
                return redirect(_list_url(view.query))
        return render(request, FORM_TEMPLATE, {"form": form, "name": name}, status=400)
    return render(request, FORM_TEMPLATE, {"form": form, "name": name})


@allow_roles(*ROW_READERS)
def saved_view_delete_view(request: SignedInRequest, pk: int) -> HttpResponse:
    view = _own_view(request, pk)
    if request.method == "POST":
        saved_view_delete(view=view)
        messages.success(request, _("Saved view “%(name)s” deleted.") % {"name": view.name})
        return redirect("campaigns:contact-list")
    return render(request, "campaigns/saved_view_confirm_delete.html", {"saved": view})
