"""Reads of contacts. Every list, dashboard, JSON and export path starts here, and so does
every count of contacts that a section, member or person page shows: all of them start from
``Contact.objects.visible_to(user)``, so a focal point's numbers only ever count its own
organisation's contacts."""

from collections.abc import Mapping

from django.db.models import Count, Exists, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from accounts.roles import can_see_personal_data
from campaigns.activity_filtersets import SectionListFilterSet
from campaigns.contact_query import ContactQuery
from campaigns.models import CheckIn, Contact, SavedView
from campaigns.positions import position_on
from core.filters import as_query_dict, filtered
from core.query import aggregate_per_row
from members.filtersets import name_order
from members.models import MemberOrganisation, Person
from members.selectors import current_members, member_filterset, member_queryset
from sections.models import Section
from sections.selectors import section_queryset

HISTORY_LIMIT = 50
CHECK_IN_RECENT_LIMIT = 50


def contact_list(*, user, filters: Mapping | None = None) -> QuerySet[Contact]:
    """Contacts the user may see, filtered; raises InvalidFilters for a bad parameter.

    A page that also shows the filters builds a ``ContactQuery`` itself and reads its
    ``contacts``, so the FilterSet is built once per request.
    """
    return ContactQuery(user=user, filters=filters).contacts


def _numbers(contacts: QuerySet[Contact], engaged: str) -> dict:
    """Headline numbers of a page: contacts, the other side engaged, first and last date."""
    return contacts.aggregate(
        contacts=Count("pk"),
        **{f"{engaged}s_engaged": Count(engaged, distinct=True)},
        first_contact=Min("date"),
        last_contact=Max("date"),
    )


def _open_follow_ups(*, user, filters: dict) -> QuerySet[Contact]:
    return contact_list(user=user, filters={**filters, "follow_up": "open"}).order_by(
        "follow_up_date", "date", "pk"
    )


# Sections ------------------------------------------------------------------------------------


def section_list_filterset(
    *, filters: Mapping | None = None, queryset: QuerySet | None = None
) -> SectionListFilterSet:
    """The section list's FilterSet (the sections app's, with ``position``); no queryset: the
    form alone, for redisplay."""
    return SectionListFilterSet(
        data=as_query_dict(filters),
        queryset=Section.objects.none() if queryset is None else queryset,
    )


def section_list(*, user, filters: Mapping | None = None) -> QuerySet[Section]:
    """Sections with the user's visible contacts counted and the position each holds now;
    raises InvalidFilters."""
    contacts = Contact.objects.visible_to(user).filter(section=OuterRef("pk"))
    sections = section_queryset(user=user).annotate(
        contact_count=Coalesce(aggregate_per_row(contacts, "section", Count("pk")), 0),
        members_engaged=Coalesce(
            aggregate_per_row(contacts, "section", Count("member", distinct=True)), 0
        ),
        last_contact=aggregate_per_row(contacts, "section", Max("date")),
        position_now=position_on(timezone.localdate()),
    )
    return filtered(
        section_list_filterset(filters=filters, queryset=sections.order_by(Lower("name"), "pk"))
    )


def section_numbers(*, user, section: Section) -> dict:
    return _numbers(Contact.objects.visible_to(user).filter(section=section), "member")


def section_members_engaged(*, user, section: Section) -> QuerySet[MemberOrganisation]:
    """Members with visible contacts with the section, each with its count and last date.

    Ordered by recency, not by name, so a withheld name's place in the alphabet is not shown.
    """
    visible = Contact.objects.visible_to(user).filter(section=section)
    per_member = visible.filter(member=OuterRef("pk"))
    return (
        MemberOrganisation.objects.filter(pk__in=visible.values("member"))
        .annotate(
            contact_count=aggregate_per_row(per_member, "member", Count("pk")),
            last_contact=aggregate_per_row(per_member, "member", Max("date")),
        )
        .order_by("-last_contact", "-contact_count", "pk")
    )


def section_contacts(*, user, section: Section, limit: int = HISTORY_LIMIT) -> list[Contact]:
    """The most recent contacts with the section."""
    return list(contact_list(user=user, filters={"section": [section.pk]})[:limit])


def section_open_follow_ups(*, user, section: Section) -> QuerySet[Contact]:
    return _open_follow_ups(user=user, filters={"section": [section.pk]})


# Members -------------------------------------------------------------------------------------


def member_list(*, user, filters: Mapping | None = None) -> QuerySet[MemberOrganisation]:
    """Members the user may see, with visible contacts counted; raises InvalidFilters."""
    contacts = Contact.objects.visible_to(user).filter(member=OuterRef("pk"))
    members = member_queryset(user=user).annotate(
        contact_count=Coalesce(aggregate_per_row(contacts, "member", Count("pk")), 0),
        sections_engaged=Coalesce(
            aggregate_per_row(contacts, "member", Count("section", distinct=True)), 0
        ),
        last_contact=aggregate_per_row(contacts, "member", Max("date")),
    )
    personal_data = can_see_personal_data(user)
    ordered = members.order_by(*name_order(personal_data=personal_data))
    return filtered(member_filterset(user=user, filters=filters, queryset=ordered))


def member_numbers(*, user, member: MemberOrganisation) -> dict:
    return _numbers(Contact.objects.visible_to(user).filter(member=member), "section")


def member_sections_engaged(*, user, member: MemberOrganisation) -> QuerySet[Section]:
    """Sections with visible contacts with the member, each with its count and last date."""
    visible = Contact.objects.visible_to(user).filter(member=member)
    per_section = visible.filter(section=OuterRef("pk"))
    return (
        Section.objects.filter(pk__in=visible.values("section"))
        .annotate(
            contact_count=aggregate_per_row(per_section, "section", Count("pk")),
            last_contact=aggregate_per_row(per_section, "section", Max("date")),
        )
        .order_by("-last_contact", "name")
    )


def member_contacts(
    *, user, member: MemberOrganisation, limit: int = HISTORY_LIMIT
) -> list[Contact]:
    """The most recent contacts of the member."""
    return list(contact_list(user=user, filters={"member": [member.pk]})[:limit])


def member_open_follow_ups(*, user, member: MemberOrganisation) -> QuerySet[Contact]:
    return _open_follow_ups(user=user, filters={"member": [member.pk]})


def person_contacts(*, user, person: Person, limit: int = HISTORY_LIMIT) -> list[Contact]:
    return list(contact_list(user=user).filter(people=person)[:limit])


# Check-ins: strategy #5, the secretariat's own work list -------------------------------------


def check_in_queryset(*, user) -> QuerySet[CheckIn]:
    if not can_see_personal_data(user):
        return CheckIn.objects.none()
    return CheckIn.objects.select_related("member", "asked_by")


def check_in_recent(*, user, limit: int = CHECK_IN_RECENT_LIMIT) -> list[CheckIn]:
    return list(check_in_queryset(user=user).order_by("-asked_on", "-id")[:limit])


def members_never_asked(*, user) -> QuerySet[MemberOrganisation]:
    asked = CheckIn.objects.filter(member=OuterRef("pk"))
    return current_members(user=user).filter(~Exists(asked)).order_by("region", "country", "name")


def members_awaiting_answer(*, user) -> QuerySet[MemberOrganisation]:
    """Members whose latest check-in has no answer yet, oldest question first, with that
    check-in's id and date for the "record the answer" link."""
    latest = CheckIn.objects.filter(member=OuterRef("pk")).order_by("-asked_on", "-id")
    return (
        current_members(user=user)
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
    return current_members(user=user).only(*MemberOrganisation.DISPLAY_NAME_FIELDS).order_by("name")


# Saved views and bulk selections of the contact list ----------------------------------------


def saved_view_list(*, user) -> QuerySet[SavedView]:
    """The user's own saved views and the ones their team shares, by name."""
    return SavedView.objects.visible_to(user).select_related("owner")


def contact_selection(*, user, ids: list[int]) -> QuerySet[Contact]:
    """The chosen contacts among those the user may see, with what an export row shows."""
    return (
        Contact.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("section", "member", "strategy", "logged_by")
        .order_by("-date", "-id")
    )
