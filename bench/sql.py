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
after the part of the dashboard it feeds (issue 4's list). ``dashboard_numbers`` assembles
them into the numbers of ``/api/engagement/`` under its keys (docs/api.md), without the
display labels and names: the same numbers, so the bench compares like with like, and
``tests/test_bench.py`` checks that both agree. ``_assemble`` is the one place that names the
results, so following a change of the JSON's keys means editing it and never the SQL.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.backends.utils import CursorWrapper

# The filter parameters the baselines understand (docs/filters.md).
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
    """A WHERE clause over ``campaigns_contact c`` and its parameters, and the one over
    ``campaigns_checkin k`` (check-ins take only the member, place and date filters)."""

    sql: str
    params: list = field(default_factory=list)
    check_ins_sql: str = "TRUE"
    check_ins_params: list = field(default_factory=list)


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
    if filters.get("since"):
        # A period that ends on or after ``since`` (docs/filters.md): one that starts then or
        # later, or a month, a year or a range that reaches it.
        since = datetime.date.fromisoformat(filters["since"])
        clauses.append(
            "(c.date >= %s"
            " OR (c.date_precision = 'month' AND c.date >= %s)"
            " OR (c.date_precision = 'year' AND c.date >= %s)"
            " OR (c.date_precision = 'range' AND c.date_end >= %s))"
        )
        params += [since, since.replace(day=1), since.replace(month=1, day=1), since]
    for key, column, op in (
        ("until", "c.date", "<="),
        ("initiated_by", "c.initiated_by", "="),
        ("formality", "c.formality", "="),
        ("channel", "c.channel", "="),
        ("strategy", "c.strategy_id", "="),
    ):
        if filters.get(key):
            clauses.append(f"{column} {op} %s")
            params.append(filters[key])
    check_in_clauses = ["TRUE"]
    check_in_params: list = []
    if member_id is not None:
        check_in_clauses.append("k.member_id = %s")
        check_in_params.append(member_id)
    for key, op in (("since", ">="), ("until", "<=")):
        if filters.get(key):
            check_in_clauses.append(f"k.asked_on {op} %s")
            check_in_params.append(filters[key])
    for key in ("region", "country"):
        if filters.get(key):
            clauses.append(
                f"c.member_id IN (SELECT id FROM members_memberorganisation WHERE {key} = %s)"
            )
            params.append(filters[key])
            check_in_clauses.append(
                f"k.member_id IN (SELECT id FROM members_memberorganisation WHERE {key} = %s)"
            )
            check_in_params.append(filters[key])
    return Where(" AND ".join(clauses), params, " AND ".join(check_in_clauses), check_in_params)


def totals(cursor: CursorWrapper, where: Where, today: datetime.date) -> dict:
    """The headline's scalar numbers, one pass."""
    cursor.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE c.formality = 'formal'),
               count(*) FILTER (WHERE c.formality = 'informal'),
               count(*) FILTER (WHERE c.formality = ''),
               count(*) FILTER (WHERE c.initiated_by = 'section'),
               count(*) FILTER (WHERE c.initiated_by = 'member'),
               count(*) FILTER (WHERE c.initiated_by = 'unknown'),
               coalesce(sum(c.hours), 0),
               coalesce(sum(c.hours) FILTER (WHERE c.hours_paid IS TRUE), 0),
               coalesce(sum(c.hours) FILTER (WHERE c.hours_paid IS FALSE), 0),
               coalesce(sum(c.hours) FILTER (WHERE c.hours_paid IS NULL), 0),
               count(*) FILTER (WHERE c.follow_up_done_on IS NULL
                                  AND (c.follow_up <> '' OR c.follow_up_date IS NOT NULL)),
               count(*) FILTER (WHERE c.follow_up_done_on IS NULL AND c.follow_up_date < %s)
        FROM campaigns_contact c
        WHERE {where.sql}
        """,
        [today, *where.params],
    )
    (
        contacts,
        formal,
        informal,
        formality_unknown,
        by_section,
        by_member,
        by_unknown,
        hours,
        paid,
        unpaid,
        payment_unknown,
        follow_ups_open,
        follow_ups_overdue,
    ) = cursor.fetchone()
    return {
        "contacts": contacts,
        "formality": {"formal": formal, "informal": informal, "unknown": formality_unknown},
        "initiated_by": {"section": by_section, "member": by_member, "unknown": by_unknown},
        "hours": {
            "total": hours,
            "paid": paid,
            "unpaid": unpaid,
            "payment_unknown": payment_unknown,
        },
        "follow_ups": {"open": follow_ups_open, "overdue": follow_ups_overdue},
    }


def cells(cursor: CursorWrapper, where: Where, today: datetime.date) -> list[tuple[int, int, int]]:
    """Contacts per (section, member): the matrix, and the source of every 'engaged' number."""
    cursor.execute(
        f"""
        SELECT c.section_id, c.member_id, count(*)
        FROM campaigns_contact c
        WHERE {where.sql}
        GROUP BY c.section_id, c.member_id
        ORDER BY c.section_id, c.member_id
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


def by_month(
    cursor: CursorWrapper, where: Where, today: datetime.date
) -> list[tuple[datetime.date, str, str, int]]:
    """Contacts per month × formality × initiated by: both stackings from one pass."""
    cursor.execute(
        f"""
        SELECT date_trunc('month', c.date)::date, c.formality, c.initiated_by, count(*)
        FROM campaigns_contact c
        WHERE {where.sql}
        GROUP BY 1, 2, 3
        """,
        where.params,
    )
    return cursor.fetchall()


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
    """The small tables: every member and section (denominators, regions, countries, names)."""
    cursor.execute("SELECT id, country, region, name FROM members_memberorganisation")
    members = {pk: (country, region, name) for pk, country, region, name in cursor.fetchall()}
    cursor.execute("SELECT id, country, region, name FROM sections_section")
    sections = {pk: (country, region, name) for pk, country, region, name in cursor.fetchall()}
    return {"members": members, "sections": sections}


def check_ins(cursor: CursorWrapper, where: Where, today: datetime.date) -> dict:
    """Check-ins asked, answered and "contacted", under the filters that apply to them."""
    cursor.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE k.answer <> 'no-answer'),
               count(*) FILTER (WHERE k.answer = 'contacted')
        FROM campaigns_checkin k
        WHERE {where.check_ins_sql}
        """,
        where.check_ins_params,
    )
    asked, answered, contacted = cursor.fetchone()
    return {"asked": asked, "answered": answered, "contacted": contacted}


SHAPES: dict[str, Callable] = {
    "totals": totals,
    "cells": cells,
    "by_channel": by_channel,
    "by_month": by_month,
    "by_strategy": by_strategy,
    "reference": reference,
    "check_ins": check_ins,
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
    return _assemble(raw, filters or {})


def _months(rows: list[tuple[datetime.date, str, str, int]]) -> list[dict]:
    """Every month from the first to the last, each split both ways (the JSON's shape)."""

    def empty(month: datetime.date) -> dict:
        return {
            "month": month,
            "contacts": 0,
            "formality": {"formal": 0, "informal": 0, "unknown": 0},
            "initiated_by": {"section": 0, "member": 0, "unknown": 0},
            # Benchmark contacts are all dated to the day: none is spread over a period.
            "approximate": 0.0,
        }

    months: dict[datetime.date, dict] = {}
    for month, formality, initiated_by, n in rows:
        entry = months.setdefault(month, empty(month))
        entry["contacts"] += n
        entry["formality"][formality or "unknown"] += n
        entry["initiated_by"][initiated_by] += n
    if not months:
        return []
    result = []
    month, last = min(months), max(months)
    while month <= last:
        result.append(months.get(month) or empty(month))
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return result


def _assemble(raw: dict, filters: Mapping[str, str]) -> dict:
    """The JSON's numbers (docs/api.md's keys, without the display labels and names), with the
    engaged counts, regions and map derived from the cells (at most sections × members)."""
    from campaigns.models import Contact
    from core.regions import Region

    ref = raw["reference"]
    members, sections = ref["members"], ref["sections"]
    cells = raw["cells"]
    engaged_sections = {s for s, _m, _n in cells}
    engaged_members = {m for _s, m, _n in cells}

    # By the member's region: a section is engaged in a region when it contacted a member there.
    region_contacts: Counter = Counter()
    region_sections: dict[str, set] = {}
    region_members: dict[str, set] = {}
    for s, m, n in cells:
        region = members[m][1]
        region_contacts[region] += n
        region_sections.setdefault(region, set()).add(s)
        region_members.setdefault(region, set()).add(m)

    # The map: a country's sections and what they did; its members and what was done with them.
    section_contacts: Counter = Counter()
    member_contacts: Counter = Counter()
    for s, m, n in cells:
        if sections[s][0]:
            section_contacts[sections[s][0]] += n
        member_contacts[members[m][0]] += n
    country_members = Counter(members[m][0] for m in engaged_members)
    country_map = {
        code: {
            "section_contacts": section_contacts.get(code, 0),
            "members_engaged": country_members.get(code, 0),
            "member_contacts": member_contacts.get(code, 0),
        }
        for code in sorted(set(section_contacts) | set(member_contacts))
    }

    region, country = filters.get("region"), filters.get("country")
    members_total = sum(
        1
        for member_country, member_region, _name in members.values()
        if (not region or member_region == region) and (not country or member_country == country)
    )
    return {
        "headline": {
            **raw["totals"],
            "sections_engaged": len(engaged_sections),
            "sections_total": len(sections),
            "members_engaged": len(engaged_members),
            "members_total": members_total,
            "check_ins": raw["check_ins"],
        },
        "by_region": [
            {
                "region": value,
                "contacts": region_contacts.get(value, 0),
                "sections_engaged": len(region_sections.get(value, ())),
                "members_engaged": len(region_members.get(value, ())),
            }
            for value in Region.values
        ],
        "by_channel": [
            {"channel": value, "contacts": raw["by_channel"].get(value, 0)}
            for value in Contact.Channel.values
        ],
        "by_month": _months(raw["by_month"]),
        "by_strategy": raw["by_strategy"],
        "matrix": cells,
        "map": country_map,
    }


# The export's columns for a user allowed personal data, written by hand: the reference the
# app's COPY is measured against. tests/test_bench.py keeps its header and its bytes equal to
# the export's (campaigns/exchange/contacts.py), so both sides format the same cells.
_NEUTRALISE = (
    "CASE WHEN left({0}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || {0} ELSE {0} END"
)


def _text(expr: str) -> str:
    """A text column, empty as NULL (COPY quotes an empty string), formulas neutralised."""
    return _NEUTRALISE.format(f"nullif({expr}, '')")


EXPORT_COLUMNS = (
    ("id", "c.id"),
    ("date", "to_char(c.date, 'YYYY-MM-DD')"),
    ("section", _text("s.name")),
    ("section_country", "nullif(s.country, '')"),
    ("member", _text("m.name")),
    ("member_country", "nullif(m.country, '')"),
    ("region", "nullif(m.region, '')"),
    ("initiated_by", "nullif(c.initiated_by, '')"),
    ("formality", "nullif(c.formality, '')"),
    ("channel", "nullif(c.channel, '')"),
    ("strategy", "st.number"),
    ("summary", _text("c.summary")),
    ("outcome", _text("c.outcome")),
    ("follow_up", _text("c.follow_up")),
    ("follow_up_date", "to_char(c.follow_up_date, 'YYYY-MM-DD')"),
    (
        "participants",
        "CASE WHEN c.participants_max IS NOT NULL AND c.participants_max <> c.participants "
        "THEN c.participants || '-' || c.participants_max ELSE c.participants::text END",
    ),
    ("hours", "c.hours"),
    ("hours_paid", "CASE c.hours_paid WHEN TRUE THEN 'yes' WHEN FALSE THEN 'no' END"),
    ("logged_by", _text("u.username")),
    (
        "created_at",
        """to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')""",
    ),
    ("date_precision", "c.date_precision"),
    ("date_end", "to_char(c.date_end, 'YYYY-MM-DD')"),
    ("section_id", "c.section_id"),
    ("member_id", "c.member_id"),
    ("people", _text("p.names")),
    ("notes", _text("c.notes")),
)
# The last columns of EXPORT_COLUMNS, in the personal-data variant only.
PERSONAL_COLUMNS = ("people", "notes")


def export_copy_sql(
    filters: Mapping[str, str] | None = None, *, personal_data: bool = False
) -> tuple[str, list]:
    """``COPY (SELECT ...) TO STDOUT`` of the export's columns, newest first like the list:
    the default export's, or with ``personal_data`` the people and notes columns too (and the
    join that gathers the people's names, which only that variant pays for)."""
    where = where_for(filters)
    chosen = EXPORT_COLUMNS if personal_data else EXPORT_COLUMNS[: -len(PERSONAL_COLUMNS)]
    columns = ",\n       ".join(f'{expr} AS "{name}"' for name, expr in chosen)
    people = (
        """
        LEFT JOIN LATERAL (
            SELECT string_agg(pe.name, '; ' ORDER BY pe.name, pe.id) AS names
            FROM campaigns_contact_people cp JOIN members_person pe ON pe.id = cp.person_id
            WHERE cp.contact_id = c.id
        ) p ON TRUE"""
        if personal_data
        else ""
    )
    select = f"""
        SELECT {columns}
        FROM campaigns_contact c
        JOIN sections_section s ON s.id = c.section_id
        JOIN members_memberorganisation m ON m.id = c.member_id
        LEFT JOIN campaigns_strategy st ON st.id = c.strategy_id
        LEFT JOIN accounts_user u ON u.id = c.logged_by_id{people}
        WHERE {where.sql}
        ORDER BY c.date DESC, c.id DESC
    """
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)", where.params
