"""Query parameters in, a validated FilterSet out: the same rules for every list.

A parameter outside its form is an error the reader sees (a 400 with a message), never a
filter silently dropped; an empty value means "no filter".
"""

from collections.abc import Mapping

import django_filters
import django_filters.fields
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict


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


def filtered(filterset: django_filters.FilterSet) -> QuerySet:
    """The FilterSet's queryset, or InvalidFilters naming each bad parameter."""
    if not filterset.is_valid():
        raise InvalidFilters(dict(filterset.errors))
    return filterset.qs
