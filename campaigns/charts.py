"""Server-side chart geometry for the dashboard and the campaign page.

Functions here turn already-aggregated numbers into coordinates; templates draw them as SVG.
Nothing reads the database, so charts cost no queries, print, and need no JavaScript. The
world map comes from Natural Earth's 110m countries (the npm package ``world-atlas``, served
from ``static/geo/``), projected once per process with the Equal Earth projection.
"""

import calendar
import datetime
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django_countries import countries

from campaigns.templatetags.dates_as_written import milestone_date
from core.dates import plan_window

WORLD_FILE = "geo/countries-110m.json"
MAP_WIDTH = 960
# Equal Earth constants (Šavrič, Patterson and Jenny, 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
# Antarctica takes a fifth of the height and has no sections or members.
_SKIP_IDS = {"010"}


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_X_MAX = _equal_earth(180, 0)[0]
_Y_MAX = _equal_earth(0, 84)[1]
_Y_MIN = _equal_earth(0, -58)[1]
_SCALE = MAP_WIDTH / (2 * _X_MAX)
MAP_HEIGHT = round((_Y_MAX - _Y_MIN) * _SCALE)


def _to_svg(lon: float, lat: float) -> tuple[float, float]:
    x, y = _equal_earth(lon, lat)
    return (x + _X_MAX) * _SCALE, (_Y_MAX - y) * _SCALE


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are quantised and delta-encoded; return them in longitude/latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: Iterable[int]) -> list:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _path(rings: Iterable[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        coords = []
        last = None
        shift = 0.0
        previous_lon = None
        for lon, lat in ring:
            # A ring crossing the antimeridian (Fiji, Chukotka) continues past ±180° instead
            # of drawing a line across the whole map.
            if previous_lon is not None and abs(lon + shift - previous_lon) > 180:
                shift += 360 if previous_lon > lon + shift else -360
            previous_lon = lon + shift
            x, y = _to_svg(lon + shift, lat)
            point = f"{x:.1f} {y:.1f}"
            if point != last:
                coords.append(point)
                last = point
        if len(coords) > 2:
            parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


@cache
def world_countries() -> tuple[dict, ...]:
    """Every country's alpha-2 code (None for the few Natural Earth leaves without one),
    English name from the data set and SVG path, computed once per process."""
    path = finders.find(WORLD_FILE)
    if not path:
        raise FileNotFoundError(f"static/{WORLD_FILE} is missing")
    with open(path, encoding="utf-8") as handle:
        topology = json.load(handle)
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric in _SKIP_IDS:
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        code = countries.alpha2(numeric) if numeric else ""
        shapes.append(
            {"code": code or None, "name": geometry["properties"]["name"], "d": _path(rings)}
        )
    return tuple(shapes)


def map_bucket(members_engaged: int) -> int:
    """Shade 0–4 from the number of members engaged in a country."""
    if members_engaged <= 0:
        return 0
    if members_engaged == 1:
        return 1
    if members_engaged == 2:
        return 2
    if members_engaged <= 4:
        return 3
    return 4


def count_bucket(count: int) -> int:
    """Shade 0–4 for a matrix cell's number of contacts."""
    if count <= 0:
        return 0
    if count == 1:
        return 1
    if count <= 3:
        return 2
    if count <= 7:
        return 3
    return 4


# A matrix cell's shade by its number of contacts (count_bucket, looked up rather than called
# for each of up to 21,000 cells).
HEAT = tuple(f"heat-{count_bucket(n)}" for n in range(9))


def _country_title(row: dict) -> str:
    """A country's tooltip: its sections with their contacts, how many members engaged. The
    members' names and contacts are in the table under the map: in every tooltip too, they
    made the map a fifth of a compressed dashboard."""
    sections = ", ".join(
        f"{s['name']} "
        + ngettext("%(n)s contact", "%(n)s contacts", s["contacts"])
        % {"n": formats.number_format(s["contacts"], force_grouping=True)}
        for s in row["sections"]
    ) or gettext("no section engaged")
    engaged = ngettext("%(n)s member engaged", "%(n)s members engaged", row["members_engaged"]) % {
        "n": formats.number_format(row["members_engaged"], force_grouping=True)
    }
    return f"{row['name']}: {sections}; {engaged}"


# The countries' outlines, one <path id> each, served as a static file with a hashed name:
# about 140 KB that a browser fetches once and caches, where drawn inline they came with every
# dashboard. ``world_sprite()`` writes it; tests/campaigns/test_dashboard.py checks that the
# committed file is what it writes.
WORLD_SPRITE = "geo/world.svg"


def _shape_id(index: int, shape: dict) -> str:
    """A country's id in the sprite: its alpha-2 code, or ``x`` and its place for the few
    Natural Earth shapes without one."""
    return shape["code"] or f"x{index}"


def world_sprite() -> str:
    """The sprite file's text: every country's outline as a ``<path>`` without fill or
    stroke, so each ``<use>`` takes the page's shading."""
    paths = "\n".join(
        f'<path id="{_shape_id(index, shape)}" d="{shape["d"]}"/>'
        for index, shape in enumerate(world_countries())
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}">\n<defs>\n{paths}\n</defs>\n</svg>\n'
    )


def world_map(rows: Sequence[dict]) -> dict:
    """The map's countries, each a ``<use>`` of its outline in the static sprite, shaded by
    engagement through its class, each engaged one focusable with its tooltip. The 177
    countries are written here in one pass rather than by a template loop (see
    ``matrix_table``)."""
    by_code = {row["country"]: row for row in rows}
    sprite = escape(static(WORLD_SPRITE))
    countries_ = []
    for index, shape in enumerate(world_countries()):
        row = by_code.get(shape["code"])
        if row is None:
            name = countries.name(shape["code"]) if shape["code"] else shape["name"]
            shade, focus, title = "map-0", "", str(name)
        else:
            if row["members_engaged"]:
                shade = f"map-{map_bucket(row['members_engaged'])}"
            else:
                shade = "map-section-only"
            focus = f' tabindex="0" data-country="{escape(row["country"])}"'
            title = _country_title(row)
        countries_.append(
            f'<use class="country {shade}" href="{sprite}#{_shape_id(index, shape)}"{focus}>'
            f"<title>{escape(title)}</title></use>"
        )
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "paths": mark_safe("\n".join(countries_)),
    }


def _nice_step(maximum: float, ticks: int = 4) -> int:
    """A whole step for an axis of counts: 1, 2, 5, 10, 20, 25, 50... (never 0.25 of a
    contact, which a focal point with one contact used to read)."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if raw <= step and step == int(step):
            return int(step)
    return int(10 * magnitude)


def _y_ticks(maximum: float, top: float, bottom: float) -> tuple[int, list[dict]]:
    step = _nice_step(maximum)
    ceiling = max(step, math.ceil(maximum / step) * step)
    ticks = []
    for value in range(0, ceiling + 1, step):
        y = bottom - (bottom - top) * value / ceiling
        ticks.append({"y": round(y, 1), "label": formats.number_format(value, force_grouping=True)})
    return ceiling, ticks


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _months_between(first: datetime.date, last: datetime.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


STACKS = {
    "formality": ("formal", "informal", "unknown"),
    "initiated_by": ("section", "member", "unknown"),
}


def chart_window(
    period: str, *, campaign: Mapping | None, milestones: Sequence[Mapping], today: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The first and last month the monthly chart shows, or None for every month with data.

    ``campaign`` is the campaign's own period: its start to its end; a campaign with no end
    recorded runs to its last milestone (its own timeline), or to today without one. One
    contact from 2026 then no longer squeezes 2014–2016 into slivers: the note under the
    chart counts it, and ``all`` shows it. Without a campaign or its start date the chart
    shows all time.
    """
    if period == "last-12-months":
        return _add_months(_month_start(today), -11), _month_start(today)
    if period == "campaign" and campaign and campaign.get("starts_on"):
        start = _month_start(campaign["starts_on"])
        last_milestone = max((m["end_date"] or m["date"] for m in milestones), default=None)
        end = _month_start(campaign.get("ends_on") or last_milestone or today)
        return start, max(start, end)
    return None


# The milestone lane is drawn twice, for wide screens and for phones (tracker.css shows one):
# font sizes in the chart's units, as in tracker.css (.lane-wide, .lane-narrow). On a phone the
# 760-unit chart is drawn about 350 px wide, so its text needs twice the units.
LANE_FONTS = {"wide": 12, "narrow": 26}
# Year labels likewise (.tick-year, and 30px in tracker.css's phone rule).
YEAR_FONTS = {"wide": 12, "narrow": 30}
# A digit's width as a share of the font size (bold sans-serif digits run to about 0.6).
_DIGIT = 0.62
_LABEL_GAP = 6
# The lane's middle line, in the chart's units; the bars start below the phone's lane.
LANE_MIDDLE = 22


def _marker_width(label: str, font: int) -> float:
    return max(font * 1.6, len(label) * font * _DIGIT + font)


def _place_marker(marker: dict, font: int, width: float) -> dict:
    """A lane marker's label ("3", or "3–5" for several) and centre, kept inside the chart."""
    first, last = marker["milestones"][0]["n"], marker["milestones"][-1]["n"]
    label = str(first) if first == last else f"{first}–{last}"
    w = _marker_width(label, font)
    xs = [m["x"] for m in marker["milestones"]]
    x = min(max((min(xs) + max(xs)) / 2, w / 2), width - w / 2)
    return {**marker, "label": label, "x": round(x, 1), "w": round(w, 1)}


def _lane(groups: list[list[dict]], font: int, width: float) -> list[dict]:
    """Numbered markers in one row that never overlap: the milestones of one month share a
    marker, and a marker that would touch the previous one joins it ("3–7")."""
    placed: list[dict] = []
    for group in groups:
        placed.append(_place_marker({"milestones": group}, font, width))
        while len(placed) > 1 and (
            placed[-2]["x"] + placed[-2]["w"] / 2 + _LABEL_GAP
            > placed[-1]["x"] - placed[-1]["w"] / 2
        ):
            later, earlier = placed.pop(), placed.pop()
            merged = {"milestones": earlier["milestones"] + later["milestones"]}
            placed.append(_place_marker(merged, font, width))
    height = round(font * 1.4)
    for marker in placed:
        marker["left"] = round(marker["x"] - marker["w"] / 2, 1)
        marker["top"] = LANE_MIDDLE - height / 2
        marker["height"] = height
        marker["baseline"] = round(LANE_MIDDLE + font * 0.35, 1)
        marker["decision"] = any(m["decision"] for m in marker["milestones"])
        marker["title"] = "\n".join(
            f"{m['n']}. {m['date_text']}: {m['title']}" for m in marker["milestones"]
        )
    return placed


def _year_labels(first: datetime.date, months: int, left: float, band: float, width: float):
    """Year labels that fit: each starts at its January (or the first month), the last one
    moves left to stay inside the chart, and one that would touch the previous kept label is
    left out, for wide screens and for phones; so a long span reads every second or fifth
    year. Returns each label with the layouts it is shown in."""
    candidates = [
        (left + index * band, _add_months(first, index).year)
        for index in range(months)
        if index == 0 or _add_months(first, index).month == 1
    ]
    shown: dict[tuple[float, int], list[str]] = {}
    for layout, font in YEAR_FONTS.items():
        w = 4 * font * _DIGIT
        points = list(candidates)
        # A partial first year gives way to the January right after it.
        if first.month != 1 and len(points) > 1 and points[1][0] - points[0][0] < w + _LABEL_GAP:
            points = points[1:]
        end = -math.inf
        for x, year in points:
            x = round(min(x, width - w), 1)
            if x >= end + _LABEL_GAP:
                shown.setdefault((x, year), []).append(f"tick-{layout}")
                end = x + w
    return [
        {"x": x, "label": str(year), "layouts": " ".join(layouts)}
        for (x, year), layouts in sorted(shown.items())
    ]


def months_chart(
    by_month: Sequence[dict],
    milestones: Sequence[dict],
    *,
    stack: str,
    labels: Mapping[str, str | Promise],
    window: tuple[datetime.date, datetime.date] | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict | None:
    """Stacked monthly bars with the milestones in a lane of their own above them.

    With a ``window`` (first and last month, see ``chart_window``) the axis spans exactly
    those months; without one it spans the months with contacts and the milestones (within
    ``since``/``until`` when the filter sets them), so the campaign's events frame the
    outreach. Milestones dated outside the window of planned dates (``core.dates.plan_window``)
    stay off the axis, which would otherwise stretch over centuries. The milestones shown are
    numbered 1, 2, ... in date order; ``milestones`` in the result lists them for the key
    under the chart.
    """
    earliest, latest = plan_window()
    if window is not None:
        earliest = max(earliest, window[0])
        latest = min(latest, _add_months(window[1], 1) - datetime.timedelta(days=1))
        inside = [row for row in by_month if window[0] <= row["month"] <= window[1]]
        outside = round(
            sum(row["contacts"] + row.get("approximate", 0) for row in by_month)
            - sum(row["contacts"] + row.get("approximate", 0) for row in inside)
        )
        by_month = inside
    else:
        outside = 0
    shown = sorted(
        (
            m
            for m in milestones
            if (since is None or m["date"] >= since)
            and (until is None or m["date"] <= until)
            and earliest <= m["date"] <= latest
        ),
        key=lambda m: m["date"],
    )
    if window is not None:
        first, last = window
    else:
        dates = [row["month"] for row in by_month] + [_month_start(m["date"]) for m in shown]
        if not dates:
            return None
        first, last = min(dates), max(dates)
    months = _months_between(first, last) + 1
    width, height = 760, 300
    left, right, top, bottom = 44, 12, 54, height - 42
    band = (width - left - right) / months
    maximum = max((row["contacts"] + row.get("approximate", 0) for row in by_month), default=0)
    ceiling, y_ticks = _y_ticks(maximum, top, bottom)
    scale = (bottom - top) / ceiling
    keys = STACKS[stack]
    # Translated once, not once per bar (lazy strings translate on every use).
    names = {key: str(labels[key]) for key in keys}
    approximate_label = gettext("date approximate, spread over its period:")

    # Up to three rectangles a month over ten years: written here in one pass, like the
    # matrix (see ``matrix_table``), with coordinates in SVG's notation in every language.
    bars = []
    width_attr = f"{band * 0.8:.1f}"
    for row in by_month:
        index = _months_between(first, row["month"])
        x = f"{left + index * band + band * 0.1:.1f}"
        y = bottom
        month_label = formats.date_format(row["month"], "YEAR_MONTH_FORMAT")
        for position, key in enumerate(keys):
            count = row[stack][key]
            if not count:
                continue
            h = count * scale
            y -= h
            title = escape(f"{month_label}: {names[key]} {count}")
            bars.append(
                f'<rect class="seg-{position}" x="{x}" y="{y:.1f}" width="{width_attr}" '
                f'height="{h:.1f}"><title>{title}</title></rect>'
            )
        # Contacts known only by year or between two dates: hatched, spread over their period.
        share = row.get("approximate", 0)
        if share:
            h = share * scale
            y -= h
            amount = formats.number_format(share, decimal_pos=1)
            title = escape(f"{month_label}: {approximate_label} {amount}")
            bars.append(
                f'<rect class="seg-approximate" x="{x}" y="{y:.1f}" width="{width_attr}" '
                f'height="{h:.1f}"><title>{title}</title></rect>'
            )

    month_ticks = []
    if months <= 24 and band >= 22:
        for index in range(months):
            month = _add_months(first, index)
            if month.month != 1 and index != 0:
                month_ticks.append(
                    {"x": round(left + index * band, 1), "label": formats.date_format(month, "M")}
                )

    numbered = []
    for n, milestone in enumerate(shown, start=1):
        day = milestone["date"]
        days = calendar.monthrange(day.year, day.month)[1]
        index = _months_between(first, _month_start(day))
        numbered.append(
            {
                **milestone,
                "n": n,
                "x": round(left + (index + (day.day - 1) / days) * band, 1),
                "decision": milestone["kind"] == "decision",
                "date_text": milestone_date(milestone),
            }
        )
    groups: list[list[dict]] = []
    for milestone in numbered:
        if groups and _month_start(groups[-1][0]["date"]) == _month_start(milestone["date"]):
            groups[-1].append(milestone)
        else:
            groups.append([milestone])
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": bottom,
        "bars": mark_safe("\n".join(bars)),
        "month_ticks": month_ticks,
        "year_ticks": _year_labels(first, months, left, band, width),
        "y_ticks": y_ticks,
        "milestones": numbered,
        "lanes": {layout: _lane(groups, font, width) for layout, font in LANE_FONTS.items()},
        "lane_bottom": LANE_MIDDLE + round(LANE_FONTS["narrow"] * 0.7) + 2,
        "label_y": height - 22,
        "year_y": height - 6,
        "first": first,
        "last": last,
        "outside": outside,
    }


def petitions_chart(petitions: Sequence[dict]) -> dict | None:
    """One line per petition: supporters over time on a shared date axis."""
    points = [c for p in petitions for c in p["supporter_counts"]]
    if not points:
        return None
    first = min(c["date"] for c in points)
    last = max(c["date"] for c in points)
    span = max((last - first).days, 1)
    width, height = 760, 260
    left, right, top, bottom = 112, 24, 16, height - 40
    maximum = max(c["count"] for c in points)
    ceiling, y_ticks = _y_ticks(maximum, top, bottom)

    def xy(count: dict) -> tuple[float, float]:
        x = left + (width - left - right) * (count["date"] - first).days / span
        y = bottom - (bottom - top) * count["count"] / ceiling
        return round(x, 1), round(y, 1)

    lines = []
    for petition in petitions:
        counts = petition["supporter_counts"]
        if not counts:
            continue
        coordinates = [xy(c) for c in counts]
        lines.append(
            {
                "css": f"line-{petition['position']}",
                "title": petition["title"],
                "points": " ".join(f"{x},{y}" for x, y in coordinates),
                "dots": [
                    {
                        "x": x,
                        "y": y,
                        "title": f"{petition['title']}: "
                        f"{formats.number_format(c['count'], force_grouping=True)} "
                        f"({formats.date_format(c['date'])})",
                    }
                    for (x, y), c in zip(coordinates, counts, strict=True)
                ],
                "label_x": coordinates[-1][0],
                "label_y": coordinates[-1][1],
            }
        )
    ticks = []
    for day in sorted({c["date"] for c in points}):
        x = xy({"date": day, "count": 0})[0]
        # Labels near an edge grow inwards so that they are not cut off.
        anchor = "start" if x - left < 40 else "end" if width - right - x < 40 else "middle"
        ticks.append({"x": x, "label": formats.date_format(day), "anchor": anchor})
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": bottom,
        "lines": lines,
        "y_ticks": y_ticks,
        "x_ticks": _spread(ticks, 90),
        "label_y": height - 12,
    }


def _spread(ticks: list[dict], gap: float) -> list[dict]:
    """Drop tick labels that would overlap the previous kept one."""
    kept: list[dict] = []
    for tick in ticks:
        if not kept or tick["x"] - kept[-1]["x"] >= gap:
            kept.append(tick)
    return kept


# A matrix with more cells than this (sections × members, 50 × 50) is summarised by member
# region on the dashboard unless ``matrix=`` asks for it: NSWP's 70 × 300 is 21,000 cells,
# too many numbers for a phone line, and too many to read at a glance.
MATRIX_INLINE_CELLS = 2500


def _groups(members: Sequence[dict], region_labels: dict[str, str]) -> list[dict]:
    """Consecutive members of one region as one column group (members come ordered by region)."""
    groups: list[dict] = []
    for member in members:
        if groups and groups[-1]["region"] == member["region"]:
            groups[-1]["span"] += 1
        else:
            groups.append(
                {
                    "region": member["region"],
                    "label": region_labels.get(member["region"], member["region"]),
                    "span": 1,
                }
            )
    return groups


def matrix_table(
    matrix: dict,
    *,
    region_labels: dict[str, str],
    contacts_url: str | None,
    filter_pairs: Sequence[tuple[str, str]] = (),
) -> dict:
    """The matrix as table rows: member columns grouped by region, shaded cells, links.

    Each non-empty cell links to the contact list filtered to its section and member, keeping
    ``filter_pairs`` (the page's other filters), unless ``contacts_url`` is None (a reader who
    may not open contact rows gets the numbers alone). At scale the matrix has up to sections ×
    members cells (21,000 for NSWP's 70 × 300), so each row's cells are built here as escaped
    markup in one pass over the aggregated cells: per-cell template logic (a loop body with
    lookups, a URL built per cell) cost more than every query of the page together. Empty
    cells carry no class: most of a sparse matrix is empty cells.
    """
    members = matrix["members"]
    by_section: dict[int, dict[int, int]] = {}
    for section_id, member_id, n in matrix["cells"]:
        by_section.setdefault(section_id, {})[member_id] = n
    # The link of a cell is prefix + section id + middle + member id + suffix, escaped once.
    prefix = escape(f"{contacts_url}?section=")
    middle = escape("&member=")
    suffix = escape("&" + urlencode(filter_pairs)) if filter_pairs else ""
    columns = [m["id"] for m in members]
    rows = []
    for section in matrix["sections"]:
        counts = by_section.get(section["id"], {})
        link = f"{prefix}{section['id']}{middle}"
        cells = []
        for member_id in columns:
            n = counts.get(member_id)
            if not n:
                cells.append("<td></td>")
            elif contacts_url is None:
                cells.append(f'<td class="{HEAT[min(n, len(HEAT) - 1)]}">{n}</td>')
            else:
                shade, href = HEAT[min(n, len(HEAT) - 1)], f"{link}{member_id}{suffix}"
                cells.append(f'<td class="{shade}"><a href="{href}">{n}</a></td>')
        rows.append({"section": section, "cells": mark_safe("".join(cells))})
    headers = [{**member, "header": _member_header(member)} for member in members]
    return {"groups": _groups(members, region_labels), "members": headers, "rows": rows}


def _member_header(member: dict) -> str:
    """A column header short enough to read: "Kenya (unnamed member)" or "Kenya (name
    withheld)" where the full text ("Member organisation in Kenya (name withheld)") put nine
    identical beginnings side by side and cut off the country that tells them apart."""
    naming = member.get("naming", "named")
    if naming == "named":
        return member["name"]
    country = countries.name(member["country"])
    if naming == "unnamed":
        return gettext("%(country)s (unnamed member)") % {"country": country}
    return gettext("%(country)s (name withheld)") % {"country": country}


def matrix_by_region(
    matrix: dict,
    *,
    region_labels: dict[str, str],
    contacts_url: str | None,
    filter_pairs: Sequence[tuple[str, str]] = (),
) -> dict:
    """The matrix summarised: sections × the member regions with engaged members.

    Each cell holds the section's contacts with that region's members and how many of them
    it engaged, shaded in four steps of the square root of its share of the largest cell (a
    linear scale left all but the few largest cells pale), and links (for readers of contact
    rows) to the contact list filtered to the section and the region, keeping
    ``filter_pairs``. A few hundred cells where the whole matrix has thousands.
    """
    region_of = {m["id"]: m["region"] for m in matrix["members"]}
    members_in: dict[str, int] = {}
    for member in matrix["members"]:
        if member["contacts"]:
            members_in[member["region"]] = members_in.get(member["region"], 0) + 1
    regions = [
        {"region": g["region"], "label": g["label"], "members": members_in[g["region"]]}
        for g in _groups(matrix["members"], region_labels)
        if g["region"] in members_in
    ]
    sums: dict[tuple[int, str], list[int]] = {}
    for section_id, member_id, n in matrix["cells"]:
        entry = sums.setdefault((section_id, region_of[member_id]), [0, 0])
        entry[0] += n
        entry[1] += 1
    largest = max([1, *(contacts for contacts, _m in sums.values())])
    suffix = ("&" + urlencode(filter_pairs)) if filter_pairs else ""
    rows = []
    for section in matrix["sections"]:
        cells = []
        for region in regions:
            contacts, engaged = sums.get((section["id"], region["region"]), (0, 0))
            href = None
            if contacts and contacts_url is not None:
                href = f"{contacts_url}?section={section['id']}&region={region['region']}{suffix}"
            cells.append(
                {
                    "contacts": contacts,
                    "members": engaged,
                    "shade": (
                        f"heat-{math.ceil(4 * math.sqrt(contacts / largest))}" if contacts else ""
                    ),
                    "href": href,
                }
            )
        rows.append({"section": section, "cells": cells})
    return {"regions": regions, "rows": rows}
