"""Reads of sections. Sections are public facts: every role may open every section.

Counts of contacts per section come from the contacts' selectors (campaigns.selectors).
"""

from django.db.models import QuerySet

from sections.models import Section


def section_queryset(*, user) -> QuerySet[Section]:
    return Section.objects.all()
