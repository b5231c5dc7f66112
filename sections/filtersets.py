"""The section list's filters: region and a sort order, as query parameters."""

import django_filters
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.query import SORT_CHOICES, order_by_sort
from core.regions import Region


class SectionFilterSet(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return order_by_sort(queryset, value, name_order=(Lower("name"), "pk"))
