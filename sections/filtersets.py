"""The section list's filters: region and a sort order, as query parameters."""

import django_filters
from django.db.models import F, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from members.models import Region

# Sort values shared by the section and member lists; the annotations come from the selectors.
SORT_CHOICES = [
    ("name", _("Name")),
    ("-contacts", _("Most contacts")),
    ("contacts", _("Fewest contacts")),
    ("-last", _("Most recent contact")),
    ("last", _("Least recent contact")),
]
_SORT_FIELDS = {"contacts": "contact_count", "last": "last_contact"}


def order_by_sort(queryset: QuerySet, value: str, *, name_order: tuple) -> QuerySet:
    """Apply a SORT_CHOICES value; never-contacted rows go last whichever way dates sort."""
    if value == "name":
        return queryset.order_by(*name_order)
    field = F(_SORT_FIELDS[value.lstrip("-")])
    ordered = field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)
    return queryset.order_by(ordered, *name_order)


class SectionFilterSet(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return order_by_sort(queryset, value, name_order=(Lower("name"), "pk"))
