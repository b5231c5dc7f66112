"""Check-in rounds: the secretariat opens one and follows its progress; each addressed
member's focal points answer it for their organisation, reporting the contacts they had.

A focal point opens only its own organisation's check-ins (anything else is a 404); the
secretariat may open every one, to type in an answer given by phone or at a meeting.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.permissions import LOGGERS, SECRETARIAT, allow_roles
from accounts.ratelimit import ExportLimitReached
from accounts.roles import can_see_personal_data
from campaigns import round_selectors
from campaigns.exchange.check_ins import CHECK_INS
from campaigns.exchange.columns import Reader, audience_of
from campaigns.exchange.export import Tally, csv_chunks, export_rows
from campaigns.exchange.services import completing, export_record
from campaigns.round_forms import (
    MAX_CONTACT_ROWS,
    CheckInRespondForm,
    CheckInRoundForm,
    reported_contacts_formset,
)
from campaigns.round_services import check_in_respond, check_in_round_close, check_in_round_open
from campaigns.views.exports import plain_text
from members.selectors import current_members
from sections.models import Section


@require_http_methods(["GET", "POST"])
@allow_roles(*SECRETARIAT)
def round_create(request: SignedInRequest) -> HttpResponse:
    form = CheckInRoundForm(
        request.POST or None,
        members=current_members(user=request.user),
        personal_data=can_see_personal_data(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = check_in_round_open(
                opened_by=request.user,
                since=data["since"],
                closes_on=data["closes_on"],
                reminder_days=data["reminder_days"],
                members=form.chosen_members(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            asked = round_.check_ins.count()
            messages.success(
                request,
                ngettext(
                    "Round opened: %(count)d member asked.",
                    "Round opened: %(count)d members asked.",
                    asked,
                )
                % {"count": asked},
            )
            return redirect("campaigns:check-in-round", pk=round_.pk)
    return render(request, "campaigns/check_in_round_form.html", {"form": form})


@allow_roles(*SECRETARIAT)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(round_selectors.check_in_round_queryset(user=request.user), pk=pk)
    check_ins = round_selectors.check_in_round_check_ins(round_=round_)
    context = {
        "round": round_,
        "is_open": round_.is_open(),
        "progress": round_selectors.check_in_round_progress(round_=round_),
        "check_ins": check_ins,
        # ``has_focal_point``: annotated by round_selectors.
        "without_focal_point": [
            c
            for c in check_ins
            if not c.has_focal_point  # type: ignore[attr-defined]
        ],
    }
    return render(request, "campaigns/check_in_round.html", context)


@require_GET
@allow_roles(*SECRETARIAT)
def round_answers_csv(request: SignedInRequest, pk: int) -> HttpResponseBase:
    """Every member the round asked, its answer and the ids of the contacts it reported:
    the link from each answer to its rows in the contacts export. ``personal_data=1`` adds
    the answers' notes, as for the contacts export."""
    round_ = get_object_or_404(round_selectors.check_in_round_queryset(user=request.user), pk=pk)
    personal_data = request.GET.get("personal_data", "0")
    if personal_data not in ("0", "1"):
        return plain_text(400, _("%(param)s: must be 0 or 1.") % {"param": "personal_data"})
    audience = audience_of(request.user, personal_data=personal_data == "1")
    try:
        event = export_record(
            kind=CHECK_INS.name,
            export_format="csv",
            filters={"round": round_.pk},
            personal_data=audience.personal_data,
            via="web",
            request=request,
            user=request.user,
        )
    except ExportLimitReached:
        return plain_text(429, _("Too many exports in the last hour. Please try again later."))
    columns = CHECK_INS.columns_for(audience)
    tally = Tally()
    queryset = round_.check_ins.order_by("member__region", "member__name", "pk")
    rows = export_rows(queryset, columns, Reader(audience), tally)
    response = StreamingHttpResponse(
        completing(csv_chunks(columns, rows), event=event, rows=lambda: tally.rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="check-in-round-{round_.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@allow_roles(*SECRETARIAT)
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(round_selectors.check_in_round_queryset(user=request.user), pk=pk)
    check_in_round_close(round_=round_)
    messages.success(request, _("Round closed: no more answers or reminders."))
    return redirect("campaigns:check-in-round", pk=round_.pk)


def _add_error(form, error: ValidationError) -> None:
    """The service's error at the form's field when it names one, else above the form."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


def _rows(request: HttpRequest) -> int:
    raw = request.GET.get("rows", "")
    return min(int(raw), MAX_CONTACT_ROWS) if raw.isdigit() and int(raw) > 0 else 2


@require_http_methods(["GET", "POST"])
@allow_roles(*LOGGERS)
def respond(request: SignedInRequest, pk: int) -> HttpResponse:
    """A member's answer to a round: not contacted, or the contacts it had."""
    check_in = get_object_or_404(round_selectors.check_ins_to_answer(user=request.user), pk=pk)
    national_section = (
        Section.objects.filter(country=check_in.member.country).values_list("pk", flat=True).first()
    )
    data = request.POST if request.method == "POST" else None
    form = CheckInRespondForm(data)
    formset = reported_contacts_formset(data=data, rows=_rows(request), section_id=national_section)
    if data is not None and form.is_valid() and formset.is_valid():
        contacts = [dict(row.cleaned_data) for row in formset.forms if row.has_changed()]
        try:
            check_in_respond(
                check_in=check_in,
                user=request.user,
                contacted=form.cleaned_data["answer"] == "contacted",
                contacts=contacts,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("campaigns:check-in-respond", pk=check_in.pk)
    context = {
        "check_in": check_in,
        "round": check_in.round,
        "is_open": check_in.round is not None and check_in.round.is_open(),
        "form": form,
        "formset": formset,
        "reported": round_selectors.reported_contacts(check_in=check_in, user=request.user),
        "more_rows": min(len(formset.forms) + 3, MAX_CONTACT_ROWS),
    }
    return render(request, "campaigns/check_in_respond.html", context)
