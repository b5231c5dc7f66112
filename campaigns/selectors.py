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
    """Accept a request's QueryDict or a plain dict (lists for repeated parameters)."""
    if isinstance(filters, QueryDict):
        return filters
    data = QueryDict(mutable=True)
    for key, value in (filters or {}).items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list | tuple):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return data


def contact_filterset(*, user, filters: Mapping | None) -> ContactFilterSet:
    return ContactFilterSet(data=as_query_dict(filters), queryset=Contact.objects.visible_to(user))


def contact_list(*, user, filters: Mapping | None = None) -> QuerySet[Contact]:
    """Contacts the user may see, filtered; raises InvalidFilters for a bad parameter."""
    filterset = contact_filterset(user=user, filters=filters)
    if not filterset.is_valid():
        raise InvalidFilters(dict(filterset.errors))
    return filterset.qs.select_related("section", "member", "strategy", "logged_by")
