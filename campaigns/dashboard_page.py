"""What the dashboard, the campaign page and the dashboard's JSON show, from one
``ContactQuery``: the numbers of ``campaigns.engagement``, the chart geometry of
``campaigns.charts`` and the links that keep the filters. The views only render."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import ROW_READERS
from accounts.roles import role_of
from campaigns import charts
from campaigns.contact_query import ContactQuery
from campaigns.engagement import NON_NUMERIC_FILTERS, campaign_overview, engagement
from campaigns.filtersets import ContactFilterSet
from campaigns.models import Contact
from core.dates import record_window
from core.filters import InvalidFilters
from core.regions import Region

FILTER_NAMES = [name for name in ContactFilterSet.base_filters if name not in NON_NUMERIC_FILTERS]


# The monthly chart's windows (``charts.chart_window``).
PERIODS = [
    ("campaign", _("Campaign period")),
    ("last-12-months", _("Last 12 months")),
    ("all", _("All time")),
]


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
    period = forms.ChoiceField(label=_("Months shown"), required=False, choices=PERIODS)


# The dashboard's parameters that change no number, kept through its filter form: how the
# numbers are drawn, and the day of the sections' positions panel (campaigns.positions).
DISPLAY_PARAMETERS = (*DisplayForm.base_fields, "positions_on")


@dataclass
class Page:
    """A page's context, and its status: 400 when a parameter is outside its form."""

    context: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def status(self) -> int:
        return 400 if self.errors else 200


def _filter_pairs(query: ContactQuery, *, without=()) -> list[tuple[str, str]]:
    """The filter parameters in effect (not the display ones), for links that keep them."""
    return [
        (name, value)
        for name in FILTER_NAMES
        if name not in without
        for value in query.params.getlist(name)
    ]


def _numbers(query: ContactQuery) -> tuple[DisplayForm, dict | None, dict]:
    """The display choices, the dashboard's numbers (None on a bad parameter) and the errors
    of both, the display parameters' and the filters'."""
    display = DisplayForm(query.params)
    errors = {} if display.is_valid() else {k: list(v) for k, v in display.errors.items()}
    matrix_all = display.is_valid() and display.cleaned_data["matrix"] == "all"
    try:
        data = engagement(query=query, matrix_all=matrix_all)
    except InvalidFilters as exc:
        return display, None, {**errors, **exc.message_dict}
    return display, (None if errors else data), errors


def engagement_json(query: ContactQuery) -> Page:
    """The dashboard's numbers as the JSON's data (keys documented in docs/api.md)."""
    _display, data, errors = _numbers(query)
    return Page(context=data or {}, errors=errors)


def dashboard_page(query: ContactQuery) -> Page:
    """The dashboard: headline, months, map, matrix, regions, channels and the campaign."""
    display, data, errors = _numbers(query)
    filters = query.filter_context(hide=NON_NUMERIC_FILTERS, keep=DISPLAY_PARAMETERS)
    page = Page(context={**filters, "errors": errors}, errors=errors)
    if data is None:
        return page

    stack = display.cleaned_data["stack"] or "formality"
    # Viewers see numbers only: no link to contact rows they may not open.
    reads_rows = role_of(query.user) in ROW_READERS
    contacts_url = reverse("campaigns:contact-list") if reads_rows else None
    stack_labels = {
        "formal": Contact.Formality.FORMAL.label,
        "informal": Contact.Formality.INFORMAL.label,
        "section": _("Section"),
        "member": _("Member organisation"),
        "unknown": _("Unknown"),
    }
    applied = data["filters"]
    period = _period(display.cleaned_data["period"], applied)
    window = charts.chart_window(
        period,
        campaign=data["campaign"],
        milestones=data["milestones"],
        today=timezone.localdate(),
    )
    page.context.update(
        data=data,
        headline=data["headline"],
        stack=stack,
        stack_legend=[stack_labels[key] for key in charts.STACKS[stack]],
        stack_links={
            key: "?" + query.query_with("stack", key) for key in ("formality", "initiated_by")
        },
        months_chart=charts.months_chart(
            data["by_month"],
            data["milestones"],
            stack=stack,
            labels=stack_labels,
            window=window,
            since=applied.get("since"),
            until=applied.get("until"),
        ),
        months_rows=[
            row
            for row in data["by_month"]
            if window is None or window[0] <= row["month"] <= window[1]
        ],
        period=period,
        period_links=[
            {"value": value, "label": label, "href": "?" + query.query_with("period", value)}
            for value, label in PERIODS
        ],
        world=charts.world_map(data["map"]),
        **_matrix_context(query, data, display.cleaned_data["matrix"], contacts_url),
        petitions_chart=charts.petitions_chart(data["petitions"]),
        max_region=max([1, *(r["contacts"] for r in data["by_region"])]),
        max_channel=max([1, *(r["contacts"] for r in data["by_channel"])]),
        filter_query=urlencode(_filter_pairs(query)),
        strategy_query=urlencode(_filter_pairs(query, without=("strategy",))),
        contacts_url=contacts_url,
        record_window=record_window(),
    )
    return page


def _period(choice: str, filters: dict) -> str:
    """The monthly chart's window: the one asked for; by default the campaign's period, or
    all time when ``since`` or ``until`` already frames the contacts."""
    if choice:
        return choice
    return "all" if filters.get("since") or filters.get("until") else "campaign"


def _matrix_context(query: ContactQuery, data: dict, choice: str, contacts_url) -> dict:
    """The matrix card: the whole matrix when it is small or asked for (``matrix=engaged``
    or ``all``), else sections × member regions (``charts.MATRIX_INLINE_CELLS``); and how
    many sections and members have no contact under the filters."""
    matrix, headline = data["matrix"], data["headline"]
    labels = {value: str(label) for value, label in Region.choices}
    cells = len(matrix["sections"]) * len(matrix["members"])
    summarised = not choice and cells > charts.MATRIX_INLINE_CELLS
    context = {
        "matrix_all": choice == "all",
        "matrix_cells": cells,
        "inline_cells": charts.MATRIX_INLINE_CELLS,
        "sections_without": headline["sections_total"] - headline["sections_engaged"],
        "members_without": headline["members_total"] - headline["members_engaged"],
        "matrix_links": {
            "summary": "?" + query.query_without("matrix"),
            "engaged": "?" + query.query_with("matrix", "engaged"),
            "all": "?" + query.query_with("matrix", "all"),
        },
    }
    if summarised:
        context["matrix_regions"] = charts.matrix_by_region(
            matrix,
            region_labels=labels,
            contacts_url=contacts_url,
            filter_pairs=_filter_pairs(query, without=("section", "member", "region")),
        )
    else:
        context["matrix"] = charts.matrix_table(
            matrix,
            region_labels=labels,
            contacts_url=contacts_url,
            filter_pairs=_filter_pairs(query, without=("section", "member")),
        )
    return context


def campaign_page(query: ContactQuery) -> Page:
    """The campaign: goals, strategies with their contacts under the filters, petitions,
    milestones and endorsements."""
    try:
        data = campaign_overview(query=query)
    except InvalidFilters as exc:
        return Page(context={"errors": exc.message_dict}, errors=exc.message_dict)
    return Page(
        context={
            "data": data,
            "petitions_chart": charts.petitions_chart(data["petitions"]),
            "filter_query": urlencode(_filter_pairs(query)),
            "strategy_query": urlencode(_filter_pairs(query, without=("strategy",))),
            "has_filters": bool(data["filters"]),
        }
    )
