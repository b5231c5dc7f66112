"""The member pages (list, a member's page, its printable report) and the person page.

They live with the contacts because every number on them counts contacts; the members app
itself knows nothing of contacts.
"""

from django.shortcuts import get_object_or_404, render

from accounts.people_audit import people_shown_record
from accounts.permissions import EVERY_ROLE, ROW_READERS, SECRETARIAT, allow_roles
from accounts.roles import can_log_contacts, role_of
from campaigns import activity_selectors, selectors
from core.filters import InvalidFilters
from members.selectors import member_filterset, member_queryset, people_of, person_queryset

REPORT_TIMELINE_LIMIT = 30


@allow_roles(*EVERY_ROLE)
def member_list(request):
    form = member_filterset(user=request.user, filters=request.GET).form
    try:
        members = list(selectors.member_list(user=request.user, filters=request.GET))
    except InvalidFilters:
        return render(request, "members/list.html", {"form": form, "members": []}, status=400)
    return render(request, "members/list.html", {"form": form, "members": members})


def _member_context(request, pk: int) -> dict:
    member = get_object_or_404(member_queryset(user=request.user), pk=pk)
    return {
        "member": member,
        # Viewers get the numbers only: no contact rows, summaries or follow-ups.
        "show_contacts": role_of(request.user) in ROW_READERS,
        # "Log a contact" opens the form with this member chosen.
        "can_log": can_log_contacts(request.user),
        "numbers": selectors.member_numbers(user=request.user, member=member),
        "sections_engaged": list(
            selectors.member_sections_engaged(user=request.user, member=member)
        ),
    }


@allow_roles(*EVERY_ROLE)
def member_detail(request, pk: int):
    context = _member_context(request, pk)
    member = context["member"]
    if context["show_contacts"]:
        context["contacts"] = selectors.member_contacts(user=request.user, member=member)
        context["events"] = activity_selectors.member_events(user=request.user, member=member)
        context["requests"] = activity_selectors.member_requests(user=request.user, member=member)
    context["people"] = list(people_of(user=request.user, member=member))
    people_shown_record(request, [p.pk for p in context["people"]], page="members:detail")
    return render(request, "members/detail.html", context)


@allow_roles(*EVERY_ROLE)
def member_report(request, pk: int):
    context = _member_context(request, pk)
    member = context["member"]
    if not context["show_contacts"]:
        return render(request, "members/report.html", context)
    recent = selectors.member_contacts(
        user=request.user, member=member, limit=REPORT_TIMELINE_LIMIT
    )
    context["timeline"] = list(reversed(recent))
    context["follow_ups"] = list(selectors.member_open_follow_ups(user=request.user, member=member))
    return render(request, "members/report.html", context)


@allow_roles(*SECRETARIAT)
def person_detail(request, pk: int):
    person = get_object_or_404(person_queryset(user=request.user), pk=pk)
    people_shown_record(request, [person.pk], page="members:person-detail")
    contacts = selectors.person_contacts(user=request.user, person=person)
    return render(request, "members/person_detail.html", {"person": person, "contacts": contacts})
