"""Reads of sections. Sections are public facts: every role may open every section.

Counts of contacts per section come from the contacts' selectors (campaigns.selectors).
"""

from collections.abc import Mapping

from django.db.models import QuerySet

from core.filters import as_query_dict
from sections.filtersets import SectionFilterSet
from sections.models import Section


def section_queryset(*, user) -> QuerySet[Section]:
    return Section.objects.all()


def section_filterset(
    *, filters: Mapping | None = None, queryset: QuerySet | None = None
) -> SectionFilterSet:
    """The section list's FilterSet over ``queryset`` (none: the form alone, for redisplay)."""
    return SectionFilterSet(
        data=as_query_dict(filters),
        queryset=Section.objects.none() if queryset is None else queryset,
    )
