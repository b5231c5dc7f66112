"""Reads of contacts. Every list, dashboard, JSON and export path starts here."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict

from campaigns.filtersets import ContactFilterSet
from campaigns.models import Contact


class InvalidFilters(ValidationError):
    """A filter parameter outside its form; ``message_dict`` names each parameter."""


def as_query_dict(filters: Mapping | None) -> QueryDict:
    """Accept a request's QueryDict or a plain dict (lists for repeated parameters).

    Empty values mean "no filter" (a submitted form sends ``section=`` when nothing is
    chosen); they are dropped rather than rejected.
    """
    items = filters.lists() if isinstance(filters, QueryDict) else (filters or {}).items()
    data = QueryDict(mutable=True)
    for key, value in items:
        values = value if isinstance(value, list | tuple) else [value]
        values = [str(v) for v in values if v is not None and str(v).strip() != ""]
        if values:
            data.setlist(key, values)
    return data


def contact_filterset(*, user, filters: Mapping | None) -> ContactFilterSet:
    return ContactFilterSet(data=as_query_dict(filters), queryset=Contact.objects.visible_to(user))


def contact_list(*, user, filters: Mapping | None = None) -> QuerySet[Contact]:
    """Contacts the user may see, filtered; raises InvalidFilters for a bad parameter."""
    filterset = contact_filterset(user=user, filters=filters)
    if not filterset.is_valid():
        raise InvalidFilters(dict(filterset.errors))
    contacts = filterset.qs.select_related("section", "member", "strategy", "logged_by")
    ordering = list(contacts.query.order_by)
    if ordering and ordering[-1].lstrip("-") != "id":
        # Same-day contacts keep a stable order, so pages never repeat or skip one.
        contacts = contacts.order_by(*ordering, "-id" if ordering[0].startswith("-") else "id")
    return contacts
