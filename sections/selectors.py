"""Reads for the section pages. Every contact count starts from ``Contact.objects.visible_to``,
so a focal point's numbers only ever count its own organisation's contacts."""

from collections.abc import Mapping

from django.db.models import Count, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from accounts.roles import can_see_personal_data
from campaigns.models import Contact
from campaigns.selectors import InvalidFilters, as_query_dict, contact_list
from members.models import MemberOrganisation, Person
from sections.filtersets import SectionFilterSet
from sections.models import Section

HISTORY_LIMIT = 50


def contact_aggregate(contacts: QuerySet[Contact], group: str, aggregate) -> Subquery:
    """One aggregate of ``contacts`` per outer row, as a correlated subquery (a list column)."""
    return Subquery(contacts.order_by().values(group).annotate(value=aggregate).values("value")[:1])


def section_queryset(*, user) -> QuerySet[Section]:
    """Sections are public facts: every role may open every section."""
    return Section.objects.all()


def section_list(*, user, filters: Mapping | None = None) -> QuerySet[Section]:
    """Sections with the user's visible contacts counted; raises InvalidFilters."""
    contacts = Contact.objects.visible_to(user).filter(section=OuterRef("pk"))
    sections = section_queryset(user=user).annotate(
        contact_count=Coalesce(contact_aggregate(contacts, "section", Count("pk")), 0),
        members_engaged=Coalesce(
            contact_aggregate(contacts, "section", Count("member", distinct=True)), 0
        ),
        last_contact=contact_aggregate(contacts, "section", Max("date")),
    )
    filterset = SectionFilterSet(
        data=as_query_dict(filters), queryset=sections.order_by(Lower("name"), "pk")
    )
    if not filterset.is_valid():
        raise InvalidFilters(dict(filterset.errors))
    return filterset.qs


def section_filterset(*, filters: Mapping | None = None) -> SectionFilterSet:
    """The unbound-queryset filter form, for redisplaying the list's filters."""
    return SectionFilterSet(data=as_query_dict(filters), queryset=Section.objects.none())


def section_numbers(*, user, section: Section) -> dict:
    """Headline numbers: contacts, members engaged, first and last contact date."""
    return (
        Contact.objects.visible_to(user)
        .filter(section=section)
        .aggregate(
            contacts=Count("pk"),
            members_engaged=Count("member", distinct=True),
            first_contact=Min("date"),
            last_contact=Max("date"),
        )
    )


def section_members_engaged(*, user, section: Section) -> QuerySet[MemberOrganisation]:
    """Members with visible contacts with the section, each with its count and last date.

    Ordered by recency, not by name, so a withheld name's place in the alphabet is not shown.
    """
    visible = Contact.objects.visible_to(user).filter(section=section)
    per_member = visible.filter(member=OuterRef("pk"))
    return (
        MemberOrganisation.objects.filter(pk__in=visible.values("member"))
        .annotate(
            contact_count=contact_aggregate(per_member, "member", Count("pk")),
            last_contact=contact_aggregate(per_member, "member", Max("date")),
        )
        .order_by("-last_contact", "-contact_count", "pk")
    )


def section_contacts(*, user, section: Section, limit: int = HISTORY_LIMIT) -> list[Contact]:
    """The most recent contacts with the section, through the one contact selector."""
    return list(contact_list(user=user, filters={"section": [section.pk]})[:limit])


def section_timeline(*, user, section: Section, limit: int) -> list[Contact]:
    """The last ``limit`` contacts in date order, oldest first, for a printed timeline."""
    return list(reversed(section_contacts(user=user, section=section, limit=limit)))


def section_open_follow_ups(*, user, section: Section) -> QuerySet[Contact]:
    return contact_list(user=user, filters={"section": [section.pk], "follow_up": "open"}).order_by(
        "follow_up_date", "date", "pk"
    )


def section_people(*, user, section: Section) -> QuerySet[Person]:
    """The section's people: personal data, so nobody else gets any row."""
    if not can_see_personal_data(user):
        return Person.objects.none()
    return Person.objects.filter(section=section).order_by("name")
