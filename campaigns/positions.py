"""Sections' positions on decriminalisation at a date: what each section held, how many held
each position, and which sections changed since the vote of 11 August 2015.

A position record counts as held from the last day its date can mean (``known_by``): one
known only to fall between 11 August and 30 November 2015 is certain from 30 November. The
position a section holds on a day is its latest record held by then; a section without one
has no position recorded. Every count is one SQL query, whatever the number of sections.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import SectionPosition
from core.dates import validate_record_date
from sections.models import Section

VOTE = datetime.date(2015, 8, 11)
# The ``position`` filter's value for a section without any record.
NONE = "none"


def position_on(day: datetime.date) -> Subquery:
    """The position a section (the outer row) held on ``day``, or NULL."""
    latest = SectionPosition.objects.filter(section=OuterRef("pk"), known_by__lte=day).order_by(
        "-known_by", "-date", "-pk"
    )
    return Subquery(latest.values("position")[:1])


def section_positions(*, section: Section) -> list[SectionPosition]:
    """A section's position records in the order they came to be held: its timeline."""
    return list(section.positions.order_by("known_by", "date", "pk"))


def position_label(value: str | None) -> str:
    """A position's label; a section without a record has no position recorded."""
    return str(dict(SectionPosition.Position.choices).get(value or "", NO_POSITION))


NO_POSITION = _("No position recorded")


class PanelForm(forms.Form):
    positions_on = forms.DateField(
        label=_("Positions on"),
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=[validate_record_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@dataclass
class PositionsPanel:
    """What the dashboard's positions panel shows for one date."""

    on: datetime.date
    form: PanelForm
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    changes: list[Section] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    vote: datetime.date = VOTE

    @property
    def after_vote(self) -> bool:
        return self.on > VOTE


def _changed_since_vote(on: datetime.date) -> QuerySet[Section]:
    """Sections whose position on ``on`` differs from the one they held on the vote's day."""
    return (
        Section.objects.annotate(
            at_vote=Coalesce(position_on(VOTE), Value(NONE)),
            at_date=Coalesce(position_on(on), Value(NONE)),
        )
        .filter(~Q(at_vote=F("at_date")))
        .order_by(Lower("name"), "pk")
    )


def positions_panel(*, params) -> PositionsPanel:
    """How many sections held each position on ``?positions_on`` (default today) and what
    changed since the vote. A date outside its form is an error naming the parameter, and the
    panel then shows no numbers."""
    form = PanelForm(params)
    today = timezone.localdate()
    if not form.is_valid():
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        return PositionsPanel(on=today, form=form, errors=errors)
    on = form.cleaned_data["positions_on"] or today
    held = dict(
        Section.objects.annotate(held=Coalesce(position_on(on), Value(NONE)))
        .values_list("held")
        .annotate(n=Count("pk"))
        .values_list("held", "n")
    )
    counts = [
        (value, str(label), held.get(value, 0)) for value, label in SectionPosition.Position.choices
    ]
    counts.append((NONE, str(NO_POSITION), held.get(NONE, 0)))
    changes = list(_changed_since_vote(on)) if on > VOTE else []
    for section in changes:  # at_vote and at_date: annotations of _changed_since_vote
        section.at_vote_label = position_label(section.at_vote)  # type: ignore[attr-defined]
        section.at_date_label = position_label(section.at_date)  # type: ignore[attr-defined]
    return PositionsPanel(on=on, form=form, counts=counts, changes=changes)
