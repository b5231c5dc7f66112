"""The engagement dashboard (``/``), the campaign page and the dashboard's JSON.

All three read through ``campaigns.engagement``, which starts from the contact list's
FilterSet scoped to the user; the views only add links and chart geometry.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import EVERY_ROLE, allow_roles
from accounts.roles import can_see_personal_data
from campaigns import charts
from campaigns.engagement import NON_NUMERIC_FILTERS, campaign_overview, engagement
from campaigns.filtersets import ContactFilterSet
from campaigns.models import Contact
from campaigns.selectors import contact_filterset
from campaigns.widgets import with_fast_selects
from core.dates import record_window
from core.filters import InvalidFilters
from core.regions import Region
from members.filtersets import name_order

FILTER_NAMES = [name for name in ContactFilterSet.base_filters if name not in NON_NUMERIC_FILTERS]


class DisplayForm(forms.Form):
    """How the dashboard shows the numbers; these parameters change no number."""

    stack = forms.ChoiceField(
        label=_("Stack months by"),
        required=False,
        choices=[("formality", _("Formality")), ("initiated_by", _("Initiated by"))],
    )
    matrix = forms.ChoiceField(
        label=_("Matrix rows and columns"),
        required=False,
        choices=[("engaged", _("With contacts")), ("all", _("All"))],
    )


class EngagementEncoder(DjangoJSONEncoder):
    """Dates as ISO strings (DjangoJSONEncoder) and hours as numbers rather than strings."""

    def default(self, o):
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


def _filter_pairs(query, *, without=()) -> list[tuple[str, str]]:
    """The request's filter parameters (not the display ones), for links that keep them."""
    return [
        (name, value)
        for name in FILTER_NAMES
        if name not in without
        for value in query.getlist(name)
        if value != ""
    ]


def _with(query, **changes) -> str:
    params = query.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


def _errors_of(request) -> tuple[DisplayForm, dict]:
    display = DisplayForm(request.GET)
    errors = {} if display.is_valid() else {k: list(v) for k, v in display.errors.items()}
    return display, errors


def _filter_form(request, personal_data: bool):
    form = contact_filterset(user=request.user, filters=request.GET).form
    form.fields.pop("sort", None)
    form.fields["member"].label_from_instance = lambda member: member.display_name(
        personal_data=personal_data
    )
    # The choices need a name and an id, not whole rows (timestamps and all) of every
    # member and section.
    member_field, section_field = form.fields["member"], form.fields["section"]
    # Ordered by what the reader sees: a withheld name's place in the alphabet would give it away.
    member_field.queryset = member_field.queryset.only(
        "id", "name", "name_public", "country"
    ).order_by(*name_order(personal_data=personal_data))
    section_field.queryset = section_field.queryset.only("id", "name")
    return with_fast_selects(form)


@allow_roles(*EVERY_ROLE)
def dashboard(request):
    personal_data = can_see_personal_data(request.user)
    display, errors = _errors_of(request)
    context = {"filter_form": _filter_form(request, personal_data), "errors": errors}
    data = None
    try:
        data = engagement(
            user=request.user,
            filters=request.GET,
            matrix_all=display.is_valid() and display.cleaned_data["matrix"] == "all",
        )
    except InvalidFilters as exc:
        errors.update(exc.message_dict)
    if errors:
        return render(request, "campaigns/dashboard.html", context, status=400)

    stack = display.cleaned_data["stack"] or "formality"
    matrix_all = display.cleaned_data["matrix"] == "all"
    contacts_url = reverse("campaigns:contact-list")
    stack_labels = {
        "formal": Contact.Formality.FORMAL.label,
        "informal": Contact.Formality.INFORMAL.label,
        "section": _("Section"),
        "member": _("Member organisation"),
        "unknown": _("Unknown"),
    }
    filters = data["filters"]
    filter_query = urlencode(_filter_pairs(request.GET))
    context.update(
        {
            "data": data,
            "headline": data["headline"],
            "stack": stack,
            "stack_legend": [stack_labels[key] for key in charts.STACKS[stack]],
            "stack_links": {
                key: _with(request.GET, stack=key) for key in ("formality", "initiated_by")
            },
            "months_chart": charts.months_chart(
                data["by_month"],
                data["milestones"],
                stack=stack,
                labels=stack_labels,
                since=filters.get("since"),
                until=filters.get("until"),
            ),
            "world": charts.world_map(data["map"]),
            "matrix": charts.matrix_table(
                data["matrix"],
                region_labels={value: str(label) for value, label in Region.choices},
                contacts_url=contacts_url,
                filter_pairs=_filter_pairs(request.GET, without=("section", "member")),
            ),
            "matrix_all": matrix_all,
            "matrix_toggle": _with(request.GET, matrix="engaged" if matrix_all else "all"),
            "petitions_chart": charts.petitions_chart(data["petitions"]),
            "max_region": max([1, *(r["contacts"] for r in data["by_region"])]),
            "max_channel": max([1, *(r["contacts"] for r in data["by_channel"])]),
            "filter_query": filter_query,
            "strategy_query": urlencode(_filter_pairs(request.GET, without=("strategy",))),
            "contacts_url": contacts_url,
            "has_filters": bool(filters),
            "record_window": record_window(),
        }
    )
    return render(request, "campaigns/dashboard.html", context)


@allow_roles(*EVERY_ROLE)
def campaign(request):
    try:
        data = campaign_overview(user=request.user, filters=request.GET)
    except InvalidFilters as exc:
        return render(request, "campaigns/campaign.html", {"errors": exc.message_dict}, status=400)
    return render(
        request,
        "campaigns/campaign.html",
        {
            "data": data,
            "petitions_chart": charts.petitions_chart(data["petitions"]),
            "filter_query": urlencode(_filter_pairs(request.GET)),
            "strategy_query": urlencode(_filter_pairs(request.GET, without=("strategy",))),
            "has_filters": bool(data["filters"]),
        },
    )


@allow_roles(*EVERY_ROLE)
def api_engagement(request):
    """The dashboard's numbers as JSON; keys documented in docs/api.md."""
    display, errors = _errors_of(request)
    try:
        data = engagement(
            user=request.user,
            filters=request.GET,
            matrix_all=display.is_valid() and display.cleaned_data["matrix"] == "all",
        )
    except InvalidFilters as exc:
        errors.update(exc.message_dict)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse(data, encoder=EngagementEncoder, json_dumps_params={"ensure_ascii": False})
