"""The section pages: the list, a section's page and its printable report.

They live with the contacts because every number on them counts contacts; the sections app
itself knows nothing of contacts.
"""

from django.shortcuts import get_object_or_404, render

from accounts.people_audit import people_shown_record
from accounts.permissions import EVERY_ROLE, ROW_READERS, allow_roles
from accounts.roles import can_log_contacts, role_of
from campaigns import activity_selectors, selectors
from campaigns.positions import position_label, section_positions
from core.filters import InvalidFilters
from members.selectors import people_of
from sections.selectors import section_queryset

REPORT_TIMELINE_LIMIT = 30


@allow_roles(*EVERY_ROLE)
def section_list(request):
    form = selectors.section_list_filterset(filters=request.GET).form
    try:
        sections = list(selectors.section_list(user=request.user, filters=request.GET))
    except InvalidFilters:
        return render(request, "sections/list.html", {"form": form, "sections": []}, status=400)
    for section in sections:
        section.position_now_label = position_label(section.position_now)
    return render(request, "sections/list.html", {"form": form, "sections": sections})


def _section_context(request, pk: int) -> dict:
    section = get_object_or_404(section_queryset(user=request.user), pk=pk)
    return {
        "section": section,
        # Viewers get the numbers only: no contact rows, summaries or follow-ups.
        "show_contacts": role_of(request.user) in ROW_READERS,
        # "Log a contact" opens the form with this section chosen.
        "can_log": can_log_contacts(request.user),
        "numbers": selectors.section_numbers(user=request.user, section=section),
        "members_engaged": list(
            selectors.section_members_engaged(user=request.user, section=section)
        ),
    }


@allow_roles(*EVERY_ROLE)
def section_detail(request, pk: int):
    context = _section_context(request, pk)
    section = context["section"]
    context["positions"] = section_positions(section=section)
    if context["show_contacts"]:
        context["contacts"] = selectors.section_contacts(user=request.user, section=section)
        context["events"] = activity_selectors.section_events(user=request.user, section=section)
        context["requests"] = activity_selectors.section_requests(
            user=request.user, section=section
        )
    context["people"] = list(people_of(user=request.user, section=section))
    people_shown_record(request, [p.pk for p in context["people"]], page="sections:detail")
    return render(request, "sections/detail.html", context)


@allow_roles(*EVERY_ROLE)
def section_report(request, pk: int):
    context = _section_context(request, pk)
    section = context["section"]
    if not context["show_contacts"]:
        return render(request, "sections/report.html", context)
    recent = selectors.section_contacts(
        user=request.user, section=section, limit=REPORT_TIMELINE_LIMIT
    )
    context["timeline"] = list(reversed(recent))
    context["follow_ups"] = list(
        selectors.section_open_follow_ups(user=request.user, section=section)
    )
    return render(request, "sections/report.html", context)
