"""Reads of events and requests, scoped to the user: viewers see neither (they name members
and their answers); a focal point sees every event but only its own organisation's requests."""

from collections.abc import Mapping

from django.db.models import Prefetch, QuerySet

from campaigns.activity_filtersets import EventFilterSet
from campaigns.models import Event, SectionRequest
from core.filters import as_query_dict, filtered
from members.models import MemberOrganisation
from sections.models import Section

PAGE_LIMIT = 50


def _events(*, user) -> QuerySet[Event]:
    return Event.objects.visible_to(user).prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("name")),
        Prefetch("members", queryset=MemberOrganisation.objects.order_by("pk")),
    )


def event_filterset(*, user, filters: Mapping | None = None) -> EventFilterSet:
    return EventFilterSet(data=as_query_dict(filters), queryset=_events(user=user))


def event_list(filterset: EventFilterSet) -> QuerySet[Event]:
    """The events of a filterset from ``event_filterset``, newest first; raises
    InvalidFilters. The view keeps the filterset for its form: one per request."""
    return filtered(filterset).order_by("-date", "-pk")


def section_events(*, user, section: Section, limit: int = PAGE_LIMIT) -> list[Event]:
    return list(_events(user=user).filter(sections=section).order_by("-date", "-pk")[:limit])


def member_events(*, user, member: MemberOrganisation, limit: int = PAGE_LIMIT) -> list[Event]:
    return list(_events(user=user).filter(members=member).order_by("-date", "-pk")[:limit])


def request_queryset(*, user) -> QuerySet[SectionRequest]:
    return SectionRequest.objects.visible_to(user).select_related(
        "section", "member", "carried_by", "became"
    )


def section_requests(*, user, section: Section, limit: int = PAGE_LIMIT) -> list[SectionRequest]:
    return list(request_queryset(user=user).filter(section=section)[:limit])


def member_requests(
    *, user, member: MemberOrganisation, limit: int = PAGE_LIMIT
) -> list[SectionRequest]:
    return list(request_queryset(user=user).filter(member=member)[:limit])
