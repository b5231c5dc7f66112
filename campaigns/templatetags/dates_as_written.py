"""Dates as the record knows them: ``{{ contact|contact_date }}`` and ``{{ m|milestone_date }}``.

Every page shows a contact's or a milestone's date through these filters, so "August 2015" is
never shown as "1 Aug 2015" (the first day it is stored as).
"""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.periods import TO_BE_DETERMINED, DatePrecision, period_label

register = template.Library()


def _get(record: Any, name: str) -> Any:
    """Milestones reach templates as dicts (the dashboard's data) or as models (the admin)."""
    return record.get(name) if isinstance(record, dict) else getattr(record, name, None)


@register.filter
def contact_date(contact: Any) -> str:
    """ "11 Aug 2015", "August 2015", "2015" or "11 Aug 2015 – 30 Nov 2015"."""
    return period_label(
        _get(contact, "date"), _get(contact, "date_precision"), _get(contact, "date_end")
    )


@register.filter
def approximate_badge(contact: Any) -> str:
    """A small mark on rows whose date is known only roughly."""
    if _get(contact, "date_precision") in (None, DatePrecision.DAY):
        return ""
    return format_html('<span class="badge approximate">{}</span>', _("approximate"))


@register.filter
def milestone_date(milestone: Any) -> str:
    """The milestone's date as far as it is known, in the reader's language. Its own wording
    ("Early 2016", stored in English) is for a tooltip: ``title="{{ m.date_label }}"``."""
    precision = _get(milestone, "precision")
    if precision not in (DatePrecision.MONTH, DatePrecision.YEAR, TO_BE_DETERMINED):
        precision = DatePrecision.DAY
    return period_label(_get(milestone, "date"), precision, _get(milestone, "end_date"))


@register.filter
def contact_datetime(contact: Any) -> str:
    """The value of a ``<time datetime>``: "2015-08-11", "2015-08" or "2015" (a range: its
    start, the one date HTML can say)."""
    day = _get(contact, "date")
    precision = _get(contact, "date_precision")
    if precision == DatePrecision.MONTH:
        return f"{day:%Y-%m}"
    if precision == DatePrecision.YEAR:
        return f"{day:%Y}"
    return day.isoformat()
