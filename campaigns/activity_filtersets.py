"""The filters of the sections list's positions and of the events list.

The section list's FilterSet extends the sections app's one with ``position``, the position a
section holds now, which only campaigns knows. Parameter names and values are public
vocabulary (docs/filters.md).
"""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from campaigns.models import Event, SectionPosition
from campaigns.positions import NONE
from core.filters import PeriodFilterForm, PeriodFilterMethods, period_bound
from sections.filtersets import SectionFilterSet


class SectionListFilterSet(SectionFilterSet):
    """Over sections annotated with ``position_now`` (``campaigns.selectors.section_list``)."""

    position = django_filters.ChoiceFilter(
        label=_("Position now"),
        choices=[*SectionPosition.Position.choices, (NONE, _("No position recorded"))],
        empty_label=_("Any position"),
        method="filter_position",
    )

    def filter_position(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == NONE:
            return queryset.filter(position_now__isnull=True)
        return queryset.filter(position_now=value)


class EventFilterSet(PeriodFilterMethods, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices)
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=countries, method="filter_country"
    )
    # As for contacts: an event dated roughly is kept when its period overlaps since..until.
    since = period_bound(_("Since"), "filter_since")
    until = period_bound(_("Until"), "filter_until")

    class Meta:
        model = Event
        fields: list[str] = []
        form = PeriodFilterForm

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(actors__icontains=word)
            )
        return queryset

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Codes are stored comma-separated and all two letters long, so a code is found
        # as a substring only where it is one of the event's countries.
        return queryset.filter(countries__contains=value)
