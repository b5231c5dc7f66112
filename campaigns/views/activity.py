"""The events list, and a member's answer to a section's request (accept or decline)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from accounts.permissions import LOGGERS, ROW_READERS, allow_roles
from campaigns import activity_selectors
from campaigns.activity_services import ACCEPT, ANSWERS, request_answer
from campaigns.pagination import CappedPaginator
from core.filters import InvalidFilters

EVENTS_PER_PAGE = 50


@allow_roles(*ROW_READERS)
def event_list(request: HttpRequest) -> HttpResponse:
    filterset = activity_selectors.event_filterset(user=request.user, filters=request.GET)
    form = filterset.form
    try:
        events = activity_selectors.event_list(filterset)
    except InvalidFilters:
        return render(request, "campaigns/event_list.html", {"form": form}, status=400)
    page = CappedPaginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page_obj": page, "events": page, "page_query": query.urlencode()}
    return render(request, "campaigns/event_list.html", context)


@require_POST
@allow_roles(*LOGGERS)
def request_answer_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """Another organisation's request is a 404 for a focal point, as an unknown id."""
    section_request = get_object_or_404(
        activity_selectors.request_queryset(user=request.user), pk=pk
    )
    answer = request.POST.get("answer", "")
    if answer not in ANSWERS:
        return HttpResponseBadRequest(_("Answer “accept” or “decline”."))
    try:
        request_answer(section_request=section_request, user=request.user, answer=answer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if answer == ACCEPT:
            messages.success(request, _("Request accepted."))
        else:
            messages.success(request, _("Request declined."))
    return redirect("members:detail", section_request.member_id)
