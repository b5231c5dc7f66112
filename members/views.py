"""The member pages (list, a member's page, its printable report) and the person page."""

from django.shortcuts import get_object_or_404, render

from accounts.people_audit import people_shown_record
from accounts.permissions import EVERY_ROLE, SECRETARIAT, allow_roles
from campaigns.selectors import InvalidFilters
from members import selectors

REPORT_TIMELINE_LIMIT = 30


@allow_roles(*EVERY_ROLE)
def member_list(request):
    filterset = selectors.member_filterset(user=request.user, filters=request.GET)
    try:
        members = list(selectors.member_list(user=request.user, filters=request.GET))
    except InvalidFilters:
        return render(
            request, "members/list.html", {"form": filterset.form, "members": []}, status=400
        )
    return render(request, "members/list.html", {"form": filterset.form, "members": members})


def _member_context(request, pk: int) -> dict:
    member = get_object_or_404(selectors.member_queryset(user=request.user), pk=pk)
    return {
        "member": member,
        "numbers": selectors.member_numbers(user=request.user, member=member),
        "sections_engaged": list(
            selectors.member_sections_engaged(user=request.user, member=member)
        ),
    }


@allow_roles(*EVERY_ROLE)
def member_detail(request, pk: int):
    context = _member_context(request, pk)
    member = context["member"]
    context["contacts"] = selectors.member_contacts(user=request.user, member=member)
    context["people"] = list(selectors.member_people(user=request.user, member=member))
    return render(request, "members/detail.html", context)


@allow_roles(*EVERY_ROLE)
def member_report(request, pk: int):
    context = _member_context(request, pk)
    member = context["member"]
    context["timeline"] = selectors.member_timeline(
        user=request.user, member=member, limit=REPORT_TIMELINE_LIMIT
    )
    context["follow_ups"] = list(selectors.member_open_follow_ups(user=request.user, member=member))
    return render(request, "members/report.html", context)


@allow_roles(*SECRETARIAT)
def person_detail(request, pk: int):
    person = get_object_or_404(selectors.person_queryset(user=request.user), pk=pk)
    people_shown_record(request, [person.pk], page="members:person-detail")
    contacts = selectors.person_contacts(user=request.user, person=person)
    return render(request, "members/person_detail.html", {"person": person, "contacts": contacts})
