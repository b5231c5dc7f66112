"""Dates known only roughly: a day, a month, a year, or somewhere between two dates.

A record stores the first day its date can mean (a month's 1st, a year's 1 January) with a
precision, and for a range its last day as well. These helpers give the period a date covers,
write it as the source did ("August 2015", "2015", "11 Aug 2015 – 30 Nov 2015") in the reader's
language, and turn the ``since``/``until`` filters into queries that keep a record whose period
overlaps the filtered one.
"""

import calendar
import datetime

from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A single day is written in the active language's one date style (config/formats): "11 Aug
# 2015", "11 août 2015", "2015年8月11日".
DAY_FORMAT = "DATE_FORMAT"


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    RANGE = "range", _("Between two dates")


APPROXIMATE = (DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.RANGE)
# A milestone planned for a year, its day not yet known.
TO_BE_DETERMINED = "tbd"


def normalise(day: datetime.date, precision: str) -> datetime.date:
    """The first day a date of this precision can mean: what is stored."""
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    return day


def period_end(day: datetime.date, precision: str, end: datetime.date | None) -> datetime.date:
    """The last day the period can mean."""
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.RANGE and end is not None:
        return end
    return day


def period_label(
    day: datetime.date | None, precision: str, end: datetime.date | None = None
) -> str:
    """The date as written, in the reader's language: "11 Aug 2015", "August 2015", "2015",
    "11 Aug 2015 – 30 Nov 2015", "2016 (date to be determined)"."""
    if day is None:
        return ""
    if precision == TO_BE_DETERMINED:
        return gettext("%(year)s (date to be determined)") % {"year": day.year}
    if precision == DatePrecision.MONTH:
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    if precision == DatePrecision.YEAR:
        return formats.date_format(day, "Y")
    text = formats.date_format(day, DAY_FORMAT)
    if end is not None and end != day:
        return gettext("%(start)s – %(end)s") % {
            "start": text,
            "end": formats.date_format(end, DAY_FORMAT),
        }
    return text


def overlaps_since(since: datetime.date, *, start: str, precision: str, end: str) -> Q:
    """Records whose period ends on or after ``since``.

    A period that starts on or after ``since`` qualifies whatever its precision: that test
    comes first, so that the usual record (dated to the day) is settled by one comparison.
    Besides, a month-precision record stored on its month's 1st reaches ``since`` when that 1st
    is on or after the 1st of ``since``'s month; a year's likewise with 1 January; a range
    when its end is on or after ``since``.
    """
    return (
        Q(**{f"{start}__gte": since})
        | Q(**{precision: DatePrecision.MONTH, f"{start}__gte": since.replace(day=1)})
        | Q(**{precision: DatePrecision.YEAR, f"{start}__gte": since.replace(month=1, day=1)})
        | Q(**{precision: DatePrecision.RANGE, f"{end}__gte": since})
    )


def overlaps_until(until: datetime.date, *, start: str) -> Q:
    """Records whose period starts on or before ``until``: every precision stores its start."""
    return Q(**{f"{start}__lte": until})
