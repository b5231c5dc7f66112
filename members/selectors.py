"""Reads of members and people. Members are scoped by ``MemberOrganisation.objects.visible_to``
(a focal point sees only its own); people are personal data, read by the secretariat only.

Counts of contacts per member come from the contacts' selectors (campaigns.selectors), which
build on these querysets.
"""

import functools
import operator
from collections.abc import Mapping

from django.db.models import Q, QuerySet

from accounts.roles import can_see_personal_data
from core.filters import as_query_dict
from members.filtersets import MemberFilterSet
from members.models import MemberOrganisation, Person


def member_queryset(*, user) -> QuerySet[MemberOrganisation]:
    return MemberOrganisation.objects.visible_to(user)


def member_filterset(
    *, user, filters: Mapping | None = None, queryset: QuerySet | None = None
) -> MemberFilterSet:
    """The member list's FilterSet for this reader (withheld names sort by what they may see)."""
    return MemberFilterSet(
        data=as_query_dict(filters),
        queryset=MemberOrganisation.objects.none() if queryset is None else queryset,
        personal_data=can_see_personal_data(user),
    )


def current_members(*, user) -> QuerySet[MemberOrganisation]:
    """Members worth asking about their section: the secretariat's view of everyone except
    former members."""
    if not can_see_personal_data(user):
        return MemberOrganisation.objects.none()
    return MemberOrganisation.objects.exclude(status=MemberOrganisation.Status.FORMER)


def person_queryset(*, user) -> QuerySet[Person]:
    """People a user may open: the secretariat's, nobody else's."""
    if not can_see_personal_data(user):
        return Person.objects.none()
    return Person.objects.select_related("member", "section")


def people_of(*, user, member=None, section=None) -> QuerySet[Person]:
    """The people of one member or one section: personal data, so nobody else gets any row."""
    if not can_see_personal_data(user):
        return Person.objects.none()
    if member is not None:
        return Person.objects.filter(member=member).order_by("name")
    return Person.objects.filter(section=section).order_by("name")


def people_for_contact(*, user, section_id: int | None, member_id: int | None) -> QuerySet[Person]:
    """The people a contact between a section and a member may involve: theirs, as the
    contact form offers them. Personal data, so nobody but the secretariat gets any row."""
    # Only the chosen ones: a missing id must not match everybody without a section or member.
    ids = {"section_id": section_id, "member_id": member_id}
    chosen = [Q(**{field: pk}) for field, pk in ids.items() if pk is not None]
    if not can_see_personal_data(user) or not chosen:
        return Person.objects.none()
    return (
        Person.objects.filter(functools.reduce(operator.or_, chosen))
        .select_related("section", "member")
        .order_by("name")
    )
