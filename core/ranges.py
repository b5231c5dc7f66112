"""A count that may be a range ("15", or "15-18" people): written, read back and computed in
SQL by one set of rules, so the page, the files and PostgreSQL's COPY always agree.

A range is stored as two numbers, ``low`` and ``high``; ``high`` is empty or equal to ``low``
for a single number.
"""

import re

from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Cast, Concat

_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")


def range_text(low: int | None, high: int | None, *, dash: str = "-") -> str:
    """``"15"``, ``"15-18"`` (``dash="–"`` for reading), or ``""`` when there is no count."""
    if low is None:
        return ""
    if high is not None and high != low:
        return f"{low}{dash}{high}"
    return str(low)


def parse_range(text: str) -> tuple[int | None, int | None]:
    """``(15, None)`` for "15", ``(15, 18)`` for "15-18" or "15–18", ``(None, None)`` for "".

    Raises ValueError with a message for the reader.
    """
    if not text.strip():
        return None, None
    match = _RANGE.match(text)
    if not match:
        raise ValueError(f"{text.strip()!r} is not a number of people such as 15 or 15-18")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else None
    if high is not None and high < low:
        raise ValueError("the upper bound is below the lower bound")
    return low, high


def range_sql(low: str, high: str) -> Case:
    """``range_text(low, high)`` in SQL, NULL when there is no count."""
    as_text = {name: Cast(name, output_field=TextField()) for name in (low, high)}
    return Case(
        When(**{f"{low}__isnull": True}, then=None),
        When(
            Q(**{f"{high}__isnull": False}) & ~Q(**{high: F(low)}),
            then=Concat(as_text[low], Value("-"), as_text[high], output_field=TextField()),
        ),
        default=as_text[low],
        output_field=TextField(),
    )
