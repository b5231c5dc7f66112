"""Dates written the reader's way, however much of them is known.

A milestone (and, with its own precision, any dated record) may know only its month or its year,
or a span; ``{% approximate_date day precision end %}`` writes it with the language's formats
(``config/formats/<lang>/formats.py``): "11 Aug 2015", "August 2015", "2016", "2016 (date to
be determined)", "1 Sep 2015 – 30 Sep 2015", translated like every other word.
"""

import datetime

from django import template
from django.utils import formats
from django.utils.translation import gettext

register = template.Library()

# The format of each precision; a "range" is two days.
_FORMATS = {"day": "DATE_FORMAT", "range": "DATE_FORMAT", "month": "YEAR_MONTH_FORMAT", "year": "Y"}


@register.simple_tag
def approximate_date(
    day: datetime.date | None, precision: str = "day", end: datetime.date | None = None
) -> str:
    if day is None:
        return ""
    if precision == "tbd":
        return gettext("%(year)s (date to be determined)") % {"year": day.year}
    date_format = _FORMATS.get(precision, "DATE_FORMAT")
    start = formats.date_format(day, date_format)
    if end is None or end == day:
        return start
    return gettext("%(start)s – %(end)s") % {
        "start": start,
        "end": formats.date_format(end, date_format),
    }
