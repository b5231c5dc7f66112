"""The section pages: the list, a section's page and its printable report."""

from django.shortcuts import get_object_or_404, render

from accounts.permissions import EVERY_ROLE, allow_roles
from campaigns.selectors import InvalidFilters
from sections import selectors

REPORT_TIMELINE_LIMIT = 30


@allow_roles(*EVERY_ROLE)
def section_list(request):
    filterset = selectors.section_filterset(filters=request.GET)
    try:
        sections = list(selectors.section_list(user=request.user, filters=request.GET))
    except InvalidFilters:
        return render(
            request, "sections/list.html", {"form": filterset.form, "sections": []}, status=400
        )
    return render(request, "sections/list.html", {"form": filterset.form, "sections": sections})


def _section_context(request, pk: int) -> dict:
    section = get_object_or_404(selectors.section_queryset(user=request.user), pk=pk)
    return {
        "section": section,
        "numbers": selectors.section_numbers(user=request.user, section=section),
        "members_engaged": list(
            selectors.section_members_engaged(user=request.user, section=section)
        ),
    }


@allow_roles(*EVERY_ROLE)
def section_detail(request, pk: int):
    context = _section_context(request, pk)
    section = context["section"]
    context["contacts"] = selectors.section_contacts(user=request.user, section=section)
    context["people"] = list(selectors.section_people(user=request.user, section=section))
    return render(request, "sections/detail.html", context)


@allow_roles(*EVERY_ROLE)
def section_report(request, pk: int):
    context = _section_context(request, pk)
    section = context["section"]
    context["timeline"] = selectors.section_timeline(
        user=request.user, section=section, limit=REPORT_TIMELINE_LIMIT
    )
    context["follow_ups"] = list(
        selectors.section_open_follow_ups(user=request.user, section=section)
    )
    return render(request, "sections/report.html", context)
