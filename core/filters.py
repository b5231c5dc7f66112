"""Query parameters in, a validated FilterSet out: the same rules for every list.

A parameter outside its form is an error the reader sees (a 400 with a message), never a
filter silently dropped; an empty value means "no filter".
"""

import datetime
from collections.abc import Mapping

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.utils.translation import gettext_lazy as _

from core.dates import validate_record_date
from core.periods import overlaps_since, overlaps_until


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


def redirect_to_short_url(request: HttpRequest) -> HttpResponseRedirect | None:
    """A redirect to the same page without its empty parameters, or None when it has none.

    A submitted filter form sends every untouched field (``?section=&member=&since=``); the
    redirect leaves the address bar holding only what filters, a short URL worth sharing,
    saving or exporting. A value of spaces only is empty too.
    """
    query = request.GET.copy()
    for key in list(query):
        values = [value for value in query.getlist(key) if value.strip()]
        if values:
            query.setlist(key, values)
        else:
            del query[key]
    if query == request.GET:
        return None
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)


def filtered(filterset: django_filters.FilterSet) -> QuerySet:
    """The FilterSet's queryset, or InvalidFilters naming each bad parameter."""
    if not filterset.is_valid():
        raise InvalidFilters(dict(filterset.errors))
    return filterset.qs


# The since/until pair of every list of dated records (contacts, events): one declaration.


def period_bound(label, method: str) -> django_filters.DateFilter:
    """A ``since`` or ``until`` filter: ISO 8601 only (a URL means the same day in every
    language), within the window of dates records may carry (core.dates)."""
    return django_filters.DateFilter(
        label=label,
        method=method,
        input_formats=["%Y-%m-%d"],
        validators=[validate_record_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class PeriodFilterForm(forms.Form):
    """Checks between parameters: a period must not end before it starts."""

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error(
                "until",
                _("“Until” (%(until)s) is before “since” (%(since)s): no day can match.")
                % {"until": until.isoformat(), "since": since.isoformat()},
            )
        return cleaned


class PeriodFilterMethods:
    """``since``/``until`` over records dated with a precision (``date``, ``date_precision``,
    ``date_end``): a record dated roughly is kept when its period overlaps the filtered one
    (core.periods, docs/filters.md)."""

    def filter_since(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(
            overlaps_since(value, start="date", precision="date_precision", end="date_end")
        )

    def filter_until(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(overlaps_until(value, start="date"))
