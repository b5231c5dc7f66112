"""Hand-written SQL baselines for the benchmark: the dashboard's numbers and the CSV export.

These are the fastest plain queries we know for each result, written against the tables
directly, so that ``bench/run.py`` can compare what the app spends through Django with what
PostgreSQL itself needs for the same answer. They follow two rules:

- one pass over ``campaigns_contact`` per *shape* of result (a row of scalars, a list keyed
  by channel, a grid of month × formality × initiated by, a grid of section × member...);
- ``GROUP BY`` and ``FILTER`` instead of ``count(DISTINCT ...)``: the numbers of sections and
  members engaged, the counts per region and the map all derive from the section × member
  cells, which the matrix needs anyway.

Each shape is one entry of ``SHAPES``: a function ``(cursor, where, today) -> value`` named
after the part of the dashboard it feeds (issue 4's list). ``dashboard_numbers`` returns them
under those names; ``_assemble`` is the one place that names the results, so aligning them
with the keys of ``/api/engagement/`` means editing it and never the SQL.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.backends.utils import CursorWrapper

# The filter parameters the baselines understand (PRODUCT.md's vocabulary).
FILTER_KEYS = (
    "since",
    "until",
    "region",
    "country",
    "initiated_by",
    "formality",
    "channel",
    "strategy",
)


@dataclass
class Where:
    """A WHERE clause over ``campaigns_contact c`` and its parameters."""

    sql: str
    params: list = field(default_factory=list)


def where_for(filters: Mapping[str, str] | None = None, *, member_id: int | None = None) -> Where:
    """The rows a secretariat user (or, with ``member_id``, one focal point) sees, filtered.

    Member region and country filters are semi-joins on the small members table, which the
    planner runs as a hash join.
    """
    filters = filters or {}
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise ValueError(f"The SQL baselines do not support the filters {sorted(unknown)}.")
    clauses = ["c.deleted_at IS NULL"]
    params: list = []
    if member_id is not None:
        clauses.append("c.member_id = %s")
        params.append(member_id)
    for key, column, op in (
        ("since", "c.date", ">="),
        ("until", "c.date", "<="),
        ("initiated_by", "c.initiated_by", "="),
        ("formality", "c.formality", "="),
        ("channel", "c.channel", "="),
        ("strategy", "c.strategy_id", "="),
    ):
        if filters.get(key):
            clauses.append(f"{column} {op} %s")
            params.append(filters[key])
    for key in ("region", "country"):
        if filters.get(key):
            clauses.append(
                f"c.member_id IN (SELECT id FROM members_memberorganisation WHERE {key} = %s)"
            )
            params.append(filters[key])
    return Where(" AND ".join(clauses), params)


def totals(cursor: CursorWrapper, where: Where, today: datetime.date) -> dict:
    """The headline's scalar numbers, one pass."""
    cursor.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE c.formality = 'formal'),
               count(*) FILTER (WHERE c.formality = 'informal'),
               count(*) FILTER (WHERE c.initiated_by = 'section'),
               count(*) FILTER (WHERE c.initiated_by = 'member'),
               coalesce(sum(c.hours), 0),
               coalesce(sum(c.hours) FILTER (WHERE c.hours_paid IS FALSE), 0),
               count(*) FILTER (WHERE c.follow_up_done_on IS NULL
                                  AND (c.follow_up <> '' OR c.follow_up_date IS NOT NULL)),
               count(*) FILTER (WHERE c.follow_up_done_on IS NULL AND c.follow_up_date < %s)
        FROM campaigns_contact c
        WHERE {where.sql}
        """,
        [today, *where.params],
    )
    names = (
        "contacts",
        "formal",
        "informal",
        "section_initiated",
        "member_initiated",
        "hours",
        "hours_unpaid",
        "follow_ups_open",
        "follow_ups_overdue",
    )
    return dict(zip(names, cursor.fetchone(), strict=True))


def cells(cursor: CursorWrapper, where: Where, today: datetime.date) -> list[tuple[int, int, int]]:
    """Contacts per (section, member): the matrix, and the source of every 'engaged' number."""
    cursor.execute(
        f"""
        SELECT c.section_id, c.member_id, count(*)
        FROM campaigns_contact c
        WHERE {where.sql}
        GROUP BY c.section_id, c.member_id
        """,
        where.params,
    )
    return cursor.fetchall()


def by_channel(cursor: CursorWrapper, where: Where, today: datetime.date) -> dict[str, int]:
    cursor.execute(
        f"SELECT c.channel, count(*) FROM campaigns_contact c WHERE {where.sql} GROUP BY 1",
        where.params,
    )
    return dict(cursor.fetchall())


def by_month(cursor: CursorWrapper, where: Where, today: datetime.date) -> list[dict]:
    """Contacts per month × formality × initiated by: both stackings from one pass."""
    cursor.execute(
        f"""
        SELECT date_trunc('month', c.date)::date, c.formality, c.initiated_by, count(*)
        FROM campaigns_contact c
        WHERE {where.sql}
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        """,
        where.params,
    )
    return [
        {"month": f"{month:%Y-%m}", "formality": formality, "initiated_by": who, "contacts": n}
        for month, formality, who, n in cursor.fetchall()
    ]


def by_strategy(cursor: CursorWrapper, where: Where, today: datetime.date) -> dict[int, int]:
    cursor.execute(
        f"""
        SELECT c.strategy_id, count(*) FROM campaigns_contact c
        WHERE {where.sql} AND c.strategy_id IS NOT NULL GROUP BY 1
        """,
        where.params,
    )
    return dict(cursor.fetchall())


def reference(cursor: CursorWrapper, where: Where, today: datetime.date) -> dict:
    """The small tables: every member and section (denominators, regions, countries)."""
    cursor.execute("SELECT id, country, region FROM members_memberorganisation")
    members = {pk: (country, region) for pk, country, region in cursor.fetchall()}
    cursor.execute("SELECT id, country, region FROM sections_section")
    sections = {pk: (country, region) for pk, country, region in cursor.fetchall()}
    cursor.execute("SELECT count(*) FROM campaigns_checkin WHERE answered_on IS NOT NULL")
    return {"members": members, "sections": sections, "check_ins_answered": cursor.fetchone()[0]}


SHAPES: dict[str, Callable] = {
    "totals": totals,
    "cells": cells,
    "by_channel": by_channel,
    "by_month": by_month,
    "by_strategy": by_strategy,
    "reference": reference,
}


def dashboard_numbers(
    connection,
    filters: Mapping[str, str] | None = None,
    *,
    member_id: int | None = None,
    today: datetime.date | None = None,
) -> dict:
    """Every number of the dashboard for the given filters, by the baseline queries."""
    where = where_for(filters, member_id=member_id)
    today = today or datetime.date.today()
    with connection.cursor() as cursor:
        raw = {name: shape(cursor, where, today) for name, shape in SHAPES.items()}
    return _assemble(raw)


def _assemble(raw: dict) -> dict:
    """Derive the engaged counts, regions and map from the cells (at most sections × members)."""
    ref = raw["reference"]
    members, sections = ref["members"], ref["sections"]
    engaged_sections = {s for s, _m, _n in raw["cells"]}
    engaged_members = {m for _s, m, _n in raw["cells"]}

    region_contacts: Counter = Counter()
    for _s, m, n in raw["cells"]:
        region_contacts[members[m][1]] += n
    region_members = Counter(members[m][1] for m in engaged_members)
    region_sections = Counter(sections[s][1] for s in engaged_sections)
    regions = sorted(set(region_contacts) | set(region_sections))

    country_contacts: Counter = Counter()
    for _s, m, n in raw["cells"]:
        country_contacts[members[m][0]] += n
    country_members = Counter(members[m][0] for m in engaged_members)
    section_countries = {sections[s][0] for s in engaged_sections if sections[s][0]}
    country_map: dict[str, dict] = {}
    for code in set(country_contacts) | section_countries:
        country_map[code] = {
            "section_engaged": code in section_countries,
            "members_engaged": country_members.get(code, 0),
            "contacts": country_contacts.get(code, 0),
        }

    return {
        "headline": {
            **raw["totals"],
            "sections_engaged": len(engaged_sections),
            "sections_total": len(sections),
            "members_engaged": len(engaged_members),
            "members_total": len(members),
            "check_ins_answered": ref["check_ins_answered"],
        },
        "by_region": {
            region: {
                "contacts": region_contacts.get(region, 0),
                "members_engaged": region_members.get(region, 0),
                "sections_engaged": region_sections.get(region, 0),
            }
            for region in regions
        },
        "by_channel": raw["by_channel"],
        "by_month": raw["by_month"],
        "by_strategy": raw["by_strategy"],
        "matrix": [{"section": s, "member": m, "contacts": n} for s, m, n in sorted(raw["cells"])],
        "map": dict(sorted(country_map.items())),
    }


# The export's columns (issue 8's order and names), for a user allowed personal data.
_NEUTRALISE = (
    "CASE WHEN left({0}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || {0} ELSE {0} END"
)


def _text(expr: str) -> str:
    """A text column with spreadsheet formulas neutralised, as the export must."""
    return _NEUTRALISE.format(expr)


EXPORT_COLUMNS = (
    ("id", "c.id"),
    ("date", "c.date"),
    ("section", _text("s.name")),
    ("section_country", "s.country"),
    ("member", _text("m.name")),
    ("member_country", "m.country"),
    ("region", "m.region"),
    ("initiated_by", "c.initiated_by"),
    ("formality", "c.formality"),
    ("channel", "c.channel"),
    ("strategy", "st.number"),
    ("summary", _text("c.summary")),
    ("outcome", _text("c.outcome")),
    ("follow_up", _text("c.follow_up")),
    ("follow_up_date", "c.follow_up_date"),
    (
        "participants",
        "CASE WHEN c.participants_max IS NOT NULL AND c.participants_max <> c.participants "
        "THEN c.participants || '–' || c.participants_max ELSE c.participants::text END",
    ),
    ("hours", "c.hours"),
    ("hours_paid", "CASE c.hours_paid WHEN TRUE THEN 'yes' WHEN FALSE THEN 'no' END"),
    ("logged_by", _text("u.username")),
    ("created_at", "c.created_at"),
    ("people", _text("coalesce(p.names, '')")),
    ("notes", _text("c.notes")),
)


def export_copy_sql(filters: Mapping[str, str] | None = None) -> tuple[str, list]:
    """``COPY (SELECT ...) TO STDOUT`` of the export's columns, newest first like the list."""
    where = where_for(filters)
    columns = ",\n       ".join(f'{expr} AS "{name}"' for name, expr in EXPORT_COLUMNS)
    select = f"""
        SELECT {columns}
        FROM campaigns_contact c
        JOIN sections_section s ON s.id = c.section_id
        JOIN members_memberorganisation m ON m.id = c.member_id
        LEFT JOIN campaigns_strategy st ON st.id = c.strategy_id
        LEFT JOIN accounts_user u ON u.id = c.logged_by_id
        LEFT JOIN LATERAL (
            SELECT string_agg(pe.name, '; ' ORDER BY pe.name) AS names
            FROM campaigns_contact_people cp JOIN members_person pe ON pe.id = cp.person_id
            WHERE cp.contact_id = c.id
        ) p ON TRUE
        WHERE {where.sql}
        ORDER BY c.date DESC, c.id DESC
    """
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)", where.params
