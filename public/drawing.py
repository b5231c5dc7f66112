"""Chart geometry for the public page: the contacts per month and the world map.

Like the dashboard's charts (``campaigns.charts``), these turn already-published numbers into
SVG markup on the server, so the page needs no script. The map reuses the dashboard's
projected country shapes; a country is shaded only when its count of member organisations
engaged is published (three or more, and not hidden to protect another count).
"""

import math
from collections.abc import Sequence
from typing import Any

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext
from django_countries import countries

from campaigns.charts import MAP_HEIGHT, MAP_WIDTH, world_countries
from public.labels import contacts_text, is_count

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 80, 12, 16, HEIGHT - 36
# Year labels closer than this (in SVG units) would overlap on a phone, where they grow; one
# starting closer than YEAR_LABEL_WIDTH to the right edge would be cut off.
YEAR_LABEL_GAP = 90
YEAR_LABEL_WIDTH = 70


def map_shade(members_engaged: int) -> str:
    """The shade of a country by its members engaged; counts below 3 are never shown."""
    if members_engaged < 5:
        return "map-2"
    if members_engaged < 10:
        return "map-3"
    return "map-4"


def world_map(rows: Sequence[dict]) -> dict:
    """Every country as an SVG path; those with a published count shaded and titled."""
    engaged = {row["country"]: row["members_engaged"] for row in rows}
    paths = []
    for shape in world_countries():
        code = shape["code"]
        name = str(countries.name(code)) if code else ""
        name = name or shape["name"]
        count = engaged.get(code)
        if count is None:
            shade, title = "map-0", name
        else:
            shade = map_shade(count)
            title = ngettext(
                "%(country)s: %(n)s member organisation engaged",
                "%(country)s: %(n)s member organisations engaged",
                count,
            ) % {"country": name, "n": formats.number_format(count, force_grouping=True)}
        paths.append(
            f'<path class="country {shade}" d="{escape(shape["d"])}">'
            f"<title>{escape(title)}</title></path>"
        )
    return {"width": MAP_WIDTH, "height": MAP_HEIGHT, "paths": mark_safe("\n".join(paths))}


def _step(maximum: int) -> int:
    """A round step for about four grid lines up to ``maximum``."""
    raw = max(maximum, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(1, factor * magnitude)
    return 10 * magnitude


def months_chart(rows: Sequence[dict], *, threshold: int) -> dict | None:
    """Monthly bars for the published counts; a low grey mark for each suppressed month."""
    if not rows:
        return None
    maximum = max([threshold, *(r["contacts"] for r in rows if is_count(r["contacts"]))])
    step = _step(maximum)
    ceiling = math.ceil(maximum / step) * step
    scale = (BOTTOM - TOP) / ceiling
    band = (WIDTH - LEFT - RIGHT) / len(rows)
    bar_width = f"{max(band * 0.8, 1):.1f}"
    bars = []
    years: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        month, value = row["month"], row["contacts"]
        x = LEFT + index * band
        title = escape(f"{formats.date_format(month, 'YEAR_MONTH_FORMAT')}: {contacts_text(value)}")
        if is_count(value):
            height = value * scale
            css = "bar"
        else:
            height, css = 3, "bar-suppressed"
        bars.append(
            f'<rect class="{css}" x="{x + band * 0.1:.1f}" y="{BOTTOM - height:.1f}" '
            f'width="{bar_width}" height="{height:.1f}"><title>{title}</title></rect>'
        )
        fits = x <= WIDTH - YEAR_LABEL_WIDTH and (not years or x - years[-1]["x"] >= YEAR_LABEL_GAP)
        if month.month == 1 and fits:
            years.append({"x": round(x, 1), "label": str(month.year)})
    y_ticks = [
        {
            "y": round(BOTTOM - value * scale, 1),
            "label": formats.number_format(value, force_grouping=True),
        }
        for value in range(0, ceiling + 1, step)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": BOTTOM,
        "label_y": HEIGHT - 10,
        "bars": mark_safe("\n".join(bars)),
        "y_ticks": y_ticks,
        "x_ticks": years,
    }
