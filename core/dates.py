"""The dates the tracker accepts wherever a person types one: one window, kept here.

A typo (``0201`` for ``2021``) or a probe (``9999-12-31``) must not become a stored fact:
such a date pushes every timeline to absurd lengths and is never what anyone meant.
docs/data.md documents the windows; models, forms and filters all take these validators.

- What happened (a contact, a check-in, a follow-up done, a petition's count): from
  1 January 1990, before any outreach the tracker records, to 31 December of next year
  (a contact logged just after New Year for the day before still fits).
- What is planned (a follow-up date, a milestone, a strategy's due date, a campaign's end):
  from 1 January 1990 to five years ahead of today.

Both upper bounds move with the calendar and only ever grow, so a stored date that was
accepted once stays valid when the record is edited later.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1990, 1, 1)
PLAN_YEARS_AHEAD = 5


def latest_record_date(today: datetime.date | None = None) -> datetime.date:
    """The last day a record of something that happened may carry: 31 December next year."""
    today = today or timezone.localdate()
    return datetime.date(today.year + 1, 12, 31)


def latest_plan_date(today: datetime.date | None = None) -> datetime.date:
    """The last day a planned date may carry: five years from today (28 February for
    29 February)."""
    today = today or timezone.localdate()
    year = today.year + PLAN_YEARS_AHEAD
    try:
        return today.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def record_window() -> tuple[datetime.date, datetime.date]:
    return EARLIEST, latest_record_date()


def plan_window() -> tuple[datetime.date, datetime.date]:
    return EARLIEST, latest_plan_date()


def _check(value: datetime.date | None, earliest: datetime.date, latest: datetime.date) -> None:
    if value is None or earliest <= value <= latest:
        return
    raise ValidationError(
        _("Enter a date between %(earliest)s and %(latest)s."),
        code="date_out_of_window",
        params={
            "earliest": formats.date_format(earliest, "DATE_FORMAT"),
            "latest": formats.date_format(latest, "DATE_FORMAT"),
        },
    )


def validate_record_date(value: datetime.date | None) -> None:
    """A date of something that happened: 1 January 1990 to 31 December next year."""
    _check(value, *record_window())


def validate_plan_date(value: datetime.date | None) -> None:
    """A date of something planned: 1 January 1990 to five years from today."""
    _check(value, *plan_window())
