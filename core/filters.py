"""Query parameters in, a validated FilterSet out: the same rules for every list.

A parameter outside its form is an error the reader sees (a 400 with a message), never a
filter silently dropped; an empty value means "no filter".
"""

from collections.abc import Mapping

import django_filters
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


# A database id has at most 19 digits; longer text is no id (and int() refuses past 4,300).
_ID_DIGITS = 20


def as_id(value: object) -> int | None:
    """An id as typed in a URL or a form field, or None: ASCII digits only.

    ``str.isdigit()`` says yes to "²", which ``int()`` refuses, and ``int()`` reads "١٢" or
    "１２" as 12: neither is an id anyone meant, so neither becomes one.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if (
        isinstance(value, str)
        and value.isascii()
        and value.isdecimal()
        and len(value) <= _ID_DIGITS
    ):
        return int(value)
    return None


def filtered(filterset: django_filters.FilterSet) -> QuerySet:
    """The FilterSet's queryset, or InvalidFilters naming each bad parameter."""
    if not filterset.is_valid():
        raise InvalidFilters(dict(filterset.errors))
    return filterset.qs
