"""The engagement dashboard's numbers: selectors that take the request's ``ContactQuery``.

Every number starts from the contact list's FilterSet scoped to the user
(``campaigns.contact_query.ContactQuery``, built once per request), so the dashboard, the JSON
and the contact list always agree. Aggregation happens in SQL (``aggregate``, ``values`` +
``Count``, ``TruncMonth``); Python only reshapes the aggregated rows. The query count does not
depend on the number of contacts.

The contacts are read in one pass per shape of result, as ``bench/sql.py`` does by hand: a
row of scalars (the headline), the section × member cells, the channels, the months ×
formality × initiator, and the strategies. Nothing uses ``COUNT(DISTINCT ...)``: sections and
members engaged, the regions and the map all follow from the cells (at most sections ×
members rows, which the matrix needs anyway), so they cost a loop over aggregated rows
instead of another scan of the contacts (see docs/performance.md).

Denominators ("of all sections", "of all members") are the network's public totals, not the
user's scope: a focal point sees its own organisation's contacts against the whole
membership. When the filter names a region or a country, the member total narrows to the
members there, because the numerator is narrowed the same way.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, DateField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone
from django_countries import countries

from campaigns.contact_query import ContactQuery
from campaigns.filtersets import has_follow_up
from campaigns.models import (
    Campaign,
    CheckIn,
    Contact,
    Endorsement,
    Goal,
    Milestone,
    Petition,
    Strategy,
)
from core.dates import record_window
from core.periods import DatePrecision, period_end
from core.regions import Region
from members.models import MemberOrganisation
from sections.models import Section

# The FilterSet's ordering parameter changes no number, so it is neither echoed nor used.
NON_NUMERIC_FILTERS = {"sort"}
# The contact filters that apply to check-ins (see ``check_ins``).
CHECK_IN_FILTERS = ("member", "region", "country", "since", "until")
UNKNOWN = "unknown"
# Dates too rough for one month: spread over their period on the monthly chart.
SPREAD_OVER_MONTHS = (DatePrecision.YEAR, DatePrecision.RANGE)
REGION_ORDER = {value: index for index, (value, _label) in enumerate(Region.choices)}


def engagement(*, query: ContactQuery, matrix_all: bool = False) -> dict:
    """Every number of the dashboard, as plain data (the JSON's shape, see docs/api.md);
    raises InvalidFilters.

    ``matrix_all`` keeps sections and members without any contact as matrix rows and columns.
    """
    cleaned = query.cleaned
    contacts = query.unordered
    personal_data = query.personal_data
    cells = contact_cells(contacts=contacts)
    sections = all_sections()
    members = all_members(user=query.user)
    matrix = engagement_matrix(
        cells=cells,
        sections=sections,
        members=members,
        personal_data=personal_data,
        matrix_all=matrix_all,
    )
    campaign = campaign_panel(contacts=contacts, personal_data=personal_data)
    numbers = headline(
        contacts=contacts,
        cleaned=cleaned,
        cells=cells,
        sections=sections,
        members=members,
    ) | {"check_ins": check_ins(query=query)}
    months = by_month(contacts=contacts)
    in_months = sum(m["contacts"] for m in months) + round(sum(m["approximate"] for m in months))
    return {
        "filters": filters_echo(cleaned),
        "headline": numbers,
        "by_region": by_region(cells=cells, members=members),
        "by_channel": by_channel(contacts=contacts),
        "by_month": months,
        # Contacts dated outside the window of core.dates: counted everywhere but by month.
        "by_month_outside": numbers["contacts"] - in_months,
        "matrix": matrix,
        "map": engagement_map(matrix),
        **campaign,
    }


def filters_echo(cleaned: Mapping) -> dict:
    """The filters in effect, in the URL vocabulary (ids for objects, ISO dates)."""
    echo = {}
    for name, value in cleaned.items():
        # An empty multiple choice is an empty (already evaluated) queryset: falsy, no query.
        if name in NON_NUMERIC_FILTERS or not value:
            continue
        if name in ("section", "member"):
            echo[name] = sorted(obj.pk for obj in value)
        elif name == "strategy":
            echo[name] = value.pk
        else:
            echo[name] = value
    return echo


def contact_cells(*, contacts: QuerySet) -> list[tuple[int, int, int]]:
    """Contacts per (section, member) pair that has any: the source of every engaged number."""
    # Query: contacts grouped by section and member.
    return list(
        contacts.values_list("section_id", "member_id")
        .annotate(n=Count("*"))
        .order_by("section_id", "member_id")
    )


def all_sections() -> dict[int, Section]:
    """Every section by id: the public denominator, and the matrix's possible rows."""
    # Query: all sections.
    return {s.pk: s for s in Section.objects.only("id", "name", "country", "region")}


def all_members(*, user) -> dict[int, MemberOrganisation]:
    """Every member by id (the denominator counts them all), each marked ``visible`` when the
    user may open it (``MemberOrganisation.objects.visible_to``): only those can be matrix
    columns without a contact."""
    visible = MemberOrganisation.objects.visible_to(user).values("pk")
    # Query: all members, with the visibility rule as a subquery.
    return {
        m.pk: m
        for m in MemberOrganisation.objects.only(
            *MemberOrganisation.DISPLAY_NAME_FIELDS, "region"
        ).annotate(visible=Q(pk__in=visible))
    }


def headline(
    *,
    contacts: QuerySet,
    cleaned: Mapping,
    cells: Sequence[tuple[int, int, int]],
    sections: Mapping[int, Section],
    members: Mapping[int, MemberOrganisation],
) -> dict:
    today = timezone.localdate()
    pending = has_follow_up() & Q(follow_up_done_on__isnull=True)
    # Query: one aggregate over the filtered contacts.
    totals = contacts.aggregate(
        contacts=Count("*"),
        formal=Count("pk", filter=Q(formality=Contact.Formality.FORMAL)),
        informal=Count("pk", filter=Q(formality=Contact.Formality.INFORMAL)),
        formality_unknown=Count("pk", filter=Q(formality="")),
        by_section=Count("pk", filter=Q(initiated_by=Contact.InitiatedBy.SECTION)),
        by_member=Count("pk", filter=Q(initiated_by=Contact.InitiatedBy.MEMBER)),
        by_unknown=Count("pk", filter=Q(initiated_by=Contact.InitiatedBy.UNKNOWN)),
        sum_hours=Sum("hours"),
        sum_paid=Sum("hours", filter=Q(hours_paid=True)),
        sum_unpaid=Sum("hours", filter=Q(hours_paid=False)),
        sum_payment_unknown=Sum("hours", filter=Q(hours_paid__isnull=True)),
        follow_ups_open=Count("pk", filter=pending),
        follow_ups_overdue=Count("pk", filter=pending & Q(follow_up_date__lt=today)),
    )
    region, country = cleaned.get("region"), cleaned.get("country")
    members_total = sum(
        1
        for m in members.values()
        if (not region or m.region == region) and (not country or m.country.code == country)
    )
    return {
        "contacts": totals["contacts"],
        "sections_engaged": len({section_id for section_id, _m, _n in cells}),
        "sections_total": len(sections),
        "members_engaged": len({member_id for _s, member_id, _n in cells}),
        "members_total": members_total,
        "formality": {
            "formal": totals["formal"],
            "informal": totals["informal"],
            UNKNOWN: totals["formality_unknown"],
        },
        "initiated_by": {
            "section": totals["by_section"],
            "member": totals["by_member"],
            UNKNOWN: totals["by_unknown"],
        },
        "hours": {
            "total": totals["sum_hours"] or Decimal(0),
            "paid": totals["sum_paid"] or Decimal(0),
            "unpaid": totals["sum_unpaid"] or Decimal(0),
            "payment_unknown": totals["sum_payment_unknown"] or Decimal(0),
        },
        "follow_ups": {
            "open": totals["follow_ups_open"],
            "overdue": totals["follow_ups_overdue"],
        },
    }


def check_ins(*, query: ContactQuery) -> dict:
    """Check-ins asked and answered, for the members the user may see.

    Check-ins are not contacts: of the filters only member, region, country and the date range
    apply to them. Those filters of the contact FilterSet run on the check-ins themselves (a
    check-in has a member too, and the day it was asked stands in for a contact's date, known
    to the day), so the vocabulary is never restated here.
    """
    visible = MemberOrganisation.objects.visible_to(query.user)
    asked = CheckIn.objects.filter(member__in=visible).annotate(
        date=F("asked_on"),
        date_precision=Value(DatePrecision.DAY),
        date_end=Value(None, output_field=DateField()),
    )
    for name in CHECK_IN_FILTERS:
        asked = query.filterset.filters[name].filter(asked, query.cleaned.get(name))
    # Query: one aggregate over check-ins.
    totals = asked.aggregate(
        asked=Count("id"),
        answered=Count("id", filter=~Q(answer=CheckIn.Answer.NO_ANSWER)),
        contacted=Count("id", filter=Q(answer=CheckIn.Answer.CONTACTED)),
    )
    return totals


def by_region(
    *, cells: Sequence[tuple[int, int, int]], members: Mapping[int, MemberOrganisation]
) -> list[dict]:
    """Contacts and engagement per NSWP region (the member's region), all five listed.

    A section counts as engaged in a region when it contacted a member there.
    """
    contacts: dict[str, int] = defaultdict(int)
    sections_engaged: dict[str, set[int]] = defaultdict(set)
    members_engaged: dict[str, set[int]] = defaultdict(set)
    for section_id, member_id, n in cells:
        region = members[member_id].region
        contacts[region] += n
        sections_engaged[region].add(section_id)
        members_engaged[region].add(member_id)
    return [
        {
            "region": value,
            "label": str(label),
            "contacts": contacts.get(value, 0),
            "sections_engaged": len(sections_engaged.get(value, ())),
            "members_engaged": len(members_engaged.get(value, ())),
        }
        for value, label in Region.choices
    ]


def by_channel(*, contacts: QuerySet) -> list[dict]:
    # Query: contacts grouped by channel.
    counts = dict(contacts.values_list("channel").annotate(n=Count("*")))
    return [
        {"channel": value, "label": str(label), "contacts": counts.get(value, 0)}
        for value, label in Contact.Channel.choices
    ]


def _add_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _empty_month(month: datetime.date) -> dict:
    return {
        "month": month,
        "contacts": 0,
        "formality": {"formal": 0, "informal": 0, UNKNOWN: 0},
        "initiated_by": {"section": 0, "member": 0, UNKNOWN: 0},
        "approximate": 0.0,
    }


def by_month(*, contacts: QuerySet) -> list[dict]:
    """Contacts per calendar month, from the first month with a contact to the last, each
    split by formality and by who initiated it (both from one grouped pass).

    A contact dated to the day or the month counts in its month. One known only by its year or
    as a range is not put on its first day: it is spread evenly over the months its period
    covers, as ``approximate`` (a fraction), which the chart draws apart.

    Only months inside the window of dates a contact may carry (``core.dates.record_window``)
    make the series: a date stored past validation (0001-01-01, 9999-12-31) would otherwise
    stretch it to thousands of empty months, or past the last year Python can count.
    """
    # Query: contacts grouped by month, formality, initiator and the shape of their date.
    # PostgreSQL's date_trunc answers a timestamp with a time zone; cast back to a date in
    # SQL, as the month is, rather than converting a thousand timestamps in Python.
    rows = (
        contacts.annotate(month=Cast(TruncMonth("date"), DateField()))
        .values_list("month", "formality", "initiated_by", "date_precision", "date_end")
        .annotate(n=Count("*"))
    )
    earliest, latest = record_window()
    months: dict[datetime.date, dict] = {}
    for month, formality, initiated_by, precision, end, n in rows:
        if precision in SPREAD_OVER_MONTHS:
            first = max(month, earliest.replace(day=1))
            last = min(period_end(month, precision, end), latest).replace(day=1)
            spanned = [first] if first <= last else []
            while spanned and spanned[-1] < last:
                spanned.append(_add_month(spanned[-1]))
            for each in spanned:
                entry = months.setdefault(each, _empty_month(each))
                entry["approximate"] += n / len(spanned)
            continue
        if not earliest <= month <= latest:
            continue
        entry = months.setdefault(month, _empty_month(month))
        entry["contacts"] += n
        entry["formality"][formality or UNKNOWN] += n
        entry["initiated_by"][initiated_by] += n
    if not months:
        return []
    result = []
    month, last = min(months), max(months)
    while month <= last:
        entry = months.get(month) or _empty_month(month)
        entry["approximate"] = round(entry["approximate"], 2)
        result.append(entry)
        month = _add_month(month)
    return result


def engagement_matrix(
    *,
    cells: Sequence[tuple[int, int, int]],
    sections: Mapping[int, Section],
    members: Mapping[int, MemberOrganisation],
    personal_data: bool,
    matrix_all: bool = False,
) -> dict:
    """Sections × members with the number of contacts per pair.

    Rows and columns are the sections and members with at least one contact, or with
    ``matrix_all`` every section and every member the user may see.
    """
    section_contacts: dict[int, int] = defaultdict(int)
    section_members: dict[int, int] = defaultdict(int)
    member_contacts: dict[int, int] = defaultdict(int)
    for section_id, member_id, n in cells:
        section_contacts[section_id] += n
        section_members[section_id] += 1
        member_contacts[member_id] += n
    section_rows: list[dict[str, Any]] = [
        {
            "id": s.pk,
            "name": s.name,
            # django-stubs reads a CountryField as text; it holds a Country.
            "country": s.country.code if s.country else None,  # type: ignore[attr-defined]
            "region": s.region,
            "contacts": section_contacts.get(s.pk, 0),
            "members_engaged": section_members.get(s.pk, 0),
        }
        for s in sections.values()
        if matrix_all or s.pk in section_contacts
    ]
    section_rows.sort(key=lambda s: (REGION_ORDER.get(s["region"], 99), s["name"]))
    member_rows: list[dict[str, Any]] = [
        {
            "id": m.pk,
            "name": m.display_name(personal_data=personal_data),
            "naming": _naming(m, personal_data=personal_data),
            "country": m.country.code,
            "region": m.region,
            "contacts": member_contacts.get(m.pk, 0),
        }
        for m in members.values()
        # ``visible``: annotated by the selector that read the members.
        if m.pk in member_contacts or (matrix_all and m.visible)  # type: ignore[attr-defined]
    ]
    member_rows.sort(
        key=lambda m: (REGION_ORDER.get(m["region"], 99), m["country"], m["name"], m["id"])
    )
    return {
        "sections": section_rows,
        "members": member_rows,
        # (section id, member id, contacts) tuples, written as JSON arrays.
        "cells": cells,
    }


def _naming(member: MemberOrganisation, *, personal_data: bool) -> str:
    """Which name a reader sees: ``named``, ``withheld`` (from this reader) or ``unnamed``
    (a placeholder the source did not name), so that a short header can say which."""
    if member.placeholder:
        return "unnamed"
    return "named" if member.identified(personal_data=personal_data) else "withheld"


def engagement_map(matrix: dict) -> list[dict]:
    """Per country: its engaged sections and members with their contacts, from the matrix.

    The matrix rows and columns already carry each section's and member's contacts, so this
    walks the sections and members (not the cells) and skips those without a contact.
    """
    by_country: dict[str, dict] = {}

    def country(code: str) -> dict:
        entry = by_country.get(code)
        if entry is None:
            entry = by_country[code] = {"sections": [], "members": []}
        return entry

    for section in matrix["sections"]:
        if section["contacts"] and section["country"]:
            country(section["country"])["sections"].append(
                {"id": section["id"], "name": section["name"], "contacts": section["contacts"]}
            )
    for member in matrix["members"]:
        if member["contacts"]:
            country(member["country"])["members"].append(
                {"id": member["id"], "name": member["name"], "contacts": member["contacts"]}
            )
    result = []
    for code in sorted(by_country):
        entry = by_country[code]
        member_list = sorted(entry["members"], key=lambda m: (m["name"], m["id"]))
        section_list = sorted(entry["sections"], key=lambda s: (s["name"], s["id"]))
        result.append(
            {
                "country": code,
                "name": str(countries.name(code)),
                "sections": section_list,
                "section_contacts": sum(s["contacts"] for s in section_list),
                "members": member_list,
                "members_engaged": len(member_list),
                "member_contacts": sum(m["contacts"] for m in member_list),
            }
        )
    return result


def current_campaign() -> Campaign | None:
    """The campaign the dashboard reports on: the most recently started one."""
    # Query: the campaign.
    return Campaign.objects.order_by("-starts_on", "-id").first()


def campaign_panel(*, contacts: QuerySet, personal_data: bool) -> dict:
    """Goals, strategies with their contacts, petitions, milestones and endorsements."""
    campaign = current_campaign()
    if campaign is None:
        return {
            "campaign": None,
            "goals": [],
            "strategies": [],
            "petitions": [],
            "milestones": [],
            "endorsements": [],
        }
    # Query: contacts grouped by strategy.
    per_strategy = dict(
        contacts.filter(strategy__isnull=False).values_list("strategy_id").annotate(n=Count("*"))
    )
    # Queries: the strategies, and their goals (prefetch).
    strategies = [
        {
            "id": s.pk,
            "number": s.number,
            "title": s.title,
            "description": s.description,
            "status": s.status,
            "status_label": s.get_status_display(),
            "due_on": s.due_on,
            "goals": sorted(g.number for g in s.goals.all()),
            "contacts": per_strategy.get(s.pk, 0),
        }
        for s in Strategy.objects.filter(campaign=campaign).prefetch_related("goals")
    ]
    # Query: the goals.
    goals = [
        {
            "number": g.number,
            "title": g.title,
            "why": g.why,
            "strategies": [s["number"] for s in strategies if g.number in s["goals"]],
        }
        for g in Goal.objects.filter(campaign=campaign)
    ]
    # Queries: the petitions, and their supporter counts (prefetch).
    petitions = [
        {
            "id": p.pk,
            "title": p.title,
            "platform": p.platform,
            "url": p.url,
            "position": p.position,
            "position_label": p.get_position_display(),
            "opened_on": p.opened_on,
            "closed_on": p.closed_on,
            "supporter_counts": [
                {"date": c.date, "count": c.count, "as_written": c.count_as_written}
                for c in p.supporter_counts.all()
            ],
        }
        for p in Petition.objects.filter(campaign=campaign).prefetch_related("supporter_counts")
    ]
    # Query: the milestones.
    milestones = [
        {
            "number": m.number,
            "date": m.date,
            "precision": m.precision,
            "end_date": m.end_date,
            "date_label": m.date_label,
            "title": m.title,
            "description": m.description,
            "kind": m.kind,
            "links": m.links,
        }
        for m in Milestone.objects.filter(campaign=campaign)
    ]
    # Query: the endorsements.
    endorsements = []
    for e in Endorsement.objects.filter(campaign=campaign):
        row = {
            "organisation": e.organisation,
            "kind": e.kind,
            "kind_label": e.get_kind_display(),
            "date": e.date,
        }
        if personal_data:
            row["note"] = e.note
        endorsements.append(row)
    return {
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "nswp_members": campaign.nswp_members,
            "nswp_countries": campaign.nswp_countries,
            "amnesty_countries": campaign.amnesty_countries,
            "network_note": campaign.network_note,
            "links": campaign.links,
        },
        "goals": goals,
        "strategies": strategies,
        "petitions": petitions,
        "milestones": milestones,
        "endorsements": endorsements,
    }


def campaign_overview(*, query: ContactQuery) -> dict:
    """The campaign page: the campaign panel, with contacts per strategy under the filters;
    raises InvalidFilters."""
    return {
        "filters": filters_echo(query.cleaned),
        **campaign_panel(contacts=query.unordered, personal_data=query.personal_data),
    }
