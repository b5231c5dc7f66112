"""Reads for the member pages, the person page and the check-ins (strategy #5).

Members are scoped by ``MemberOrganisation.objects.visible_to`` (a focal point sees only its
own), contacts by ``Contact.objects.visible_to``, people and check-ins by personal-data access.
"""

from collections.abc import Mapping

from django.db.models import Count, Exists, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.roles import can_see_personal_data
from campaigns.models import CheckIn, Contact
from campaigns.selectors import InvalidFilters, as_query_dict, contact_list
from members.filtersets import MemberFilterSet, name_order
from members.models import MemberOrganisation, Person
from sections.models import Section
from sections.selectors import HISTORY_LIMIT, contact_aggregate

CHECK_IN_RECENT_LIMIT = 50


def member_queryset(*, user) -> QuerySet[MemberOrganisation]:
    return MemberOrganisation.objects.visible_to(user)


def member_filterset(*, user, filters: Mapping | None = None) -> MemberFilterSet:
    """The filter form alone, for redisplaying the list's filters and their errors."""
    return MemberFilterSet(
        data=as_query_dict(filters),
        queryset=MemberOrganisation.objects.none(),
        personal_data=can_see_personal_data(user),
    )


def member_list(*, user, filters: Mapping | None = None) -> QuerySet[MemberOrganisation]:
    """Members the user may see, with visible contacts counted; raises InvalidFilters."""
    personal_data = can_see_personal_data(user)
    contacts = Contact.objects.visible_to(user).filter(member=OuterRef("pk"))
    members = member_queryset(user=user).annotate(
        contact_count=Coalesce(contact_aggregate(contacts, "member", Count("pk")), 0),
        sections_engaged=Coalesce(
            contact_aggregate(contacts, "member", Count("section", distinct=True)), 0
        ),
        last_contact=contact_aggregate(contacts, "member", Max("date")),
    )
    filterset = MemberFilterSet(
        data=as_query_dict(filters),
        queryset=members.order_by(*name_order(personal_data=personal_data)),
        personal_data=personal_data,
    )
    if not filterset.is_valid():
        raise InvalidFilters(dict(filterset.errors))
    return filterset.qs


def member_numbers(*, user, member: MemberOrganisation) -> dict:
    """Headline numbers: contacts, sections engaged, first and last contact date."""
    return (
        Contact.objects.visible_to(user)
        .filter(member=member)
        .aggregate(
            contacts=Count("pk"),
            sections_engaged=Count("section", distinct=True),
            first_contact=Min("date"),
            last_contact=Max("date"),
        )
    )


def member_sections_engaged(*, user, member: MemberOrganisation) -> QuerySet[Section]:
    """Sections with visible contacts with the member, each with its count and last date."""
    visible = Contact.objects.visible_to(user).filter(member=member)
    per_section = visible.filter(section=OuterRef("pk"))
    return (
        Section.objects.filter(pk__in=visible.values("section"))
        .annotate(
            contact_count=contact_aggregate(per_section, "section", Count("pk")),
            last_contact=contact_aggregate(per_section, "section", Max("date")),
        )
        .order_by("-last_contact", "name")
    )


def member_contacts(
    *, user, member: MemberOrganisation, limit: int = HISTORY_LIMIT
) -> list[Contact]:
    """The most recent contacts of the member, through the one contact selector."""
    return list(contact_list(user=user, filters={"member": [member.pk]})[:limit])


def member_timeline(*, user, member: MemberOrganisation, limit: int) -> list[Contact]:
    """The last ``limit`` contacts in date order, oldest first, for a printed timeline."""
    return list(reversed(member_contacts(user=user, member=member, limit=limit)))


def member_open_follow_ups(*, user, member: MemberOrganisation) -> QuerySet[Contact]:
    return contact_list(user=user, filters={"member": [member.pk], "follow_up": "open"}).order_by(
        "follow_up_date", "date", "pk"
    )


def member_people(*, user, member: MemberOrganisation) -> QuerySet[Person]:
    """The member's people: personal data, so nobody else gets any row."""
    if not can_see_personal_data(user):
        return Person.objects.none()
    return Person.objects.filter(member=member).order_by("name")


def person_queryset(*, user) -> QuerySet[Person]:
    """People a user may open: the secretariat's, nobody else's."""
    if not can_see_personal_data(user):
        return Person.objects.none()
    return Person.objects.select_related("member", "section")


def person_contacts(*, user, person: Person, limit: int = HISTORY_LIMIT) -> list[Contact]:
    return list(contact_list(user=user).filter(people=person)[:limit])


# Check-ins: strategy #5, the secretariat's own work list.


def check_in_queryset(*, user) -> QuerySet[CheckIn]:
    if not can_see_personal_data(user):
        return CheckIn.objects.none()
    return CheckIn.objects.select_related("member", "asked_by")


def check_in_recent(*, user, limit: int = CHECK_IN_RECENT_LIMIT) -> list[CheckIn]:
    return list(check_in_queryset(user=user).order_by("-asked_on", "-id")[:limit])


def _current_members(*, user) -> QuerySet[MemberOrganisation]:
    """Members worth asking: the secretariat's view of everyone except former members."""
    if not can_see_personal_data(user):
        return MemberOrganisation.objects.none()
    return MemberOrganisation.objects.exclude(status=MemberOrganisation.Status.FORMER)


def members_never_asked(*, user) -> QuerySet[MemberOrganisation]:
    asked = CheckIn.objects.filter(member=OuterRef("pk"))
    return _current_members(user=user).filter(~Exists(asked)).order_by("region", "country", "name")


def members_awaiting_answer(*, user) -> QuerySet[MemberOrganisation]:
    """Members whose latest check-in has no answer yet, oldest question first, with that
    check-in's id and date for the "record the answer" link."""
    latest = CheckIn.objects.filter(member=OuterRef("pk")).order_by("-asked_on", "-id")
    return (
        _current_members(user=user)
        .annotate(
            latest_answer=Subquery(latest.values("answer")[:1]),
            latest_check_in_id=Subquery(latest.values("pk")[:1]),
            latest_asked_on=Subquery(latest.values("asked_on")[:1]),
        )
        .filter(latest_answer=CheckIn.Answer.NO_ANSWER)
        .order_by("latest_asked_on", "name")
    )


def member_choices_for_check_in(*, user) -> QuerySet[MemberOrganisation]:
    """The names offered by the check-in form's search-as-you-type list."""
    return _current_members(user=user).only("pk", "name", "name_public", "country").order_by("name")
