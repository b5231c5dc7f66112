"""The member list's filters: region, membership status and a sort order."""

import django_filters
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.query import SORT_CHOICES, order_by_sort
from core.regions import Region
from members.models import MemberOrganisation


def name_order(*, personal_data: bool) -> tuple:
    """Alphabetical by name, except that a reader who sees a name withheld must not learn
    where it falls in the alphabet: withheld members come after the named ones, by country."""
    if personal_data:
        return (Lower("name"), "pk")
    public_name = Case(When(name_public=True, then=Lower("name")), default=Value(""))
    return (F("name_public").desc(), public_name, "country", "pk")


class MemberFilterSet(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )
    status = django_filters.ChoiceFilter(
        label=_("Membership status"),
        choices=MemberOrganisation.Status.choices,
        empty_label=_("Any status"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    def __init__(self, *args, personal_data: bool = False, **kwargs):
        self.personal_data = personal_data
        super().__init__(*args, **kwargs)

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return order_by_sort(
            queryset, value, name_order=name_order(personal_data=self.personal_data)
        )
