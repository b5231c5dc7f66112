"""Writes of saved views, and the check of the filters they keep.

A saved view keeps the contact list's parameters as a query string. They are checked by the
list's own ``ContactFilterSet`` when saved, so a view never holds a filter the list would
refuse; an unknown parameter is refused too (the list would silently ignore it, and the view
would not mean what its owner thinks).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.filtersets import ContactFilterSet
from campaigns.models import Contact, SavedView
from core.filters import as_query_dict

# Display parameters the list takes that choose no rows: a view opens on its first page.
DROPPED = {"page"}


def saved_view_query(raw: str) -> str:
    """The parameters of ``raw`` in a stable form, or ValidationError on ``query`` naming
    each bad parameter."""
    params = as_query_dict(QueryDict(raw))
    for key in DROPPED:
        params.pop(key, None)
    filterset = ContactFilterSet(data=params, queryset=Contact.objects.none())
    problems = [
        _("%(param)s: not a filter of the contact list.") % {"param": key}
        for key in params
        if key not in filterset.filters
    ]
    if not filterset.is_valid():
        problems += [
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in filterset.errors.items()
        ]
    if problems:
        raise ValidationError({"query": problems})
    return saved_view_params(params)


def saved_view_params(params: QueryDict) -> str:
    """The filter parameters of ``params`` (already checked) as a view keeps them: keys in
    order, without the page or anything that is not a filter, so the list can tell which view
    it is showing without building a second FilterSet."""
    ordered = QueryDict(mutable=True)
    for key in sorted(params):
        if key in ContactFilterSet.base_filters:
            ordered.setlist(key, params.getlist(key))
    return ordered.urlencode()


def _check_name(view: SavedView) -> None:
    view.name = view.name.strip()
    taken = SavedView.objects.filter(owner=view.owner, name__iexact=view.name)
    if view.pk:
        taken = taken.exclude(pk=view.pk)
    if view.name and taken.exists():
        raise ValidationError(
            {"name": _("You already have a saved view named “%(name)s”.") % {"name": view.name}}
        )


@transaction.atomic
def saved_view_create(*, owner: User, name: str, query: str, shared: bool = False) -> SavedView:
    view = SavedView(owner=owner, name=name, shared=shared, query=saved_view_query(query))
    _check_name(view)
    view.full_clean()
    view.save()
    return view


@transaction.atomic
def saved_view_update(*, view: SavedView, name: str, shared: bool) -> SavedView:
    """Rename a view, or share it or stop sharing it; its filters stay as saved."""
    view.name, view.shared = name, shared
    _check_name(view)
    view.full_clean()
    view.save()
    return view


@transaction.atomic
def saved_view_delete(*, view: SavedView) -> None:
    view.delete()
