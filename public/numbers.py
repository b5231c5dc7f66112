"""The public page's numbers, computed over every live contact and suppressed for publication.

These are not a user's view: no one is signed in, so nothing is scoped to a reader; every
contact that is not deleted counts. One SQL statement reads the contact table (three grouped
passes joined by ``UNION ALL``: per section and member pair, per channel, per month); members
and sections are read once each; Python only adds up the aggregated rows, then
``public.suppression`` decides which counts to hide.

What is published and what never is (names of members, people, free text, follow-ups,
per-member counts) is described in docs/public.md. The result is plain data, the same for
every language: the page, the JSON and the CSV are all drawn from it.
"""

import datetime
from collections import defaultdict

from django.db.models import BigIntegerField, CharField, Count, DateField, Value
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from campaigns.models import Campaign, Contact, Goal, Milestone, Petition, Strategy
from core.regions import Region
from members.models import MemberOrganisation
from public.suppression import PRIMARY, SECONDARY, Relations, Unprotectable, suppress
from sections.models import Section

HIDDEN = "hidden"
PAIRS, CHANNELS, MONTHS = 1, 2, 3
REGIONS = [value for value, _label in Region.choices]
CHANNEL_VALUES = [value for value, _label in Contact.Channel.choices]


def below(threshold: int) -> str:
    """How a count below the threshold is published: ``"<3"``."""
    return f"<{threshold}"


def compute_numbers(*, threshold: int) -> dict:
    """Every published number, suppressed; see docs/public.md for the shape."""
    now = timezone.now()
    pairs, channels, months = _contact_counts()
    # Query: every member's region and country (the countries a reader would guess among).
    members = list(MemberOrganisation.objects.order_by("pk").values_list("pk", "region", "country"))
    # Query: every section, engaged or not (sections are public institutions).
    sections = list(Section.objects.order_by("pk").values_list("pk", "name", "country", "region"))
    values, relations = _counts(
        pairs=pairs,
        channels=channels,
        months=_month_range(months, today=timezone.localdate(now)),
        members=members,
        sections=sections,
    )
    publication = {
        "computed_at": now,
        "threshold": threshold,
        "campaign": campaign_facts(),
    }
    try:
        state = suppress(values, relations, threshold=threshold)
    except Unprotectable:
        return {**publication, "withheld": True, **_empty_tables()}
    shown = {
        key: below(threshold) if s == PRIMARY else HIDDEN if s == SECONDARY else values[key]
        for key, s in state.items()
    }
    return {**publication, "withheld": False, **_tables(shown, sections=sections)}


def _contact_counts() -> tuple[dict, dict, dict]:
    """Live contacts per (section, member) pair, per channel and per month: one statement."""
    live = Contact.objects.filter(deleted_at__isnull=True).order_by()
    # Typed NULLs, so that PostgreSQL can match the columns of the three passes.
    no_id = Cast(Value(None), BigIntegerField())
    no_text = Cast(Value(None), CharField())
    no_month = Cast(Value(None), DateField())
    columns = ("kind", "section_ref", "member_ref", "channel_ref", "month_ref", "n")
    by_pair = (
        live.values("section_id", "member_id")
        .annotate(
            kind=Value(PAIRS),
            section_ref=Cast("section_id", BigIntegerField()),
            member_ref=Cast("member_id", BigIntegerField()),
            channel_ref=no_text,
            month_ref=no_month,
            n=Count("*"),
        )
        .values_list(*columns)
    )
    by_channel = (
        live.values("channel")
        .annotate(
            kind=Value(CHANNELS),
            section_ref=no_id,
            member_ref=no_id,
            channel_ref=Cast("channel", CharField()),
            month_ref=no_month,
            n=Count("*"),
        )
        .values_list(*columns)
    )
    by_month = (
        live.annotate(month_ref=Cast(TruncMonth("date"), DateField()))
        .values("month_ref")
        .annotate(
            kind=Value(MONTHS),
            section_ref=no_id,
            member_ref=no_id,
            channel_ref=no_text,
            n=Count("*"),
        )
        .values_list(*columns)
    )
    pairs: dict[tuple[int, int], int] = {}
    channels: dict[str, int] = {}
    months: dict[datetime.date, int] = {}
    # Query: the contact table, grouped three ways in one statement.
    for kind, section_id, member_id, channel, month, n in by_pair.union(
        by_channel, by_month, all=True
    ):
        if kind == PAIRS:
            pairs[section_id, member_id] = n
        elif kind == CHANNELS:
            channels[channel] = n
        else:
            months[_as_date(month)] = n
    return pairs, channels, months


def _as_date(month) -> datetime.date:
    """SQLite hands the union's month back as text; PostgreSQL as a date."""
    return month if isinstance(month, datetime.date) else datetime.date.fromisoformat(month)


def _month_range(months: dict, *, today: datetime.date) -> dict[datetime.date, int]:
    """Every month from January of the first contact's year (or this year) to this month.

    The ends are public facts, not data: a range from the first to the last month with a
    contact would tell that those two months have one at least.
    """
    first = min([*months, today])
    last = max([*months, today])
    month = datetime.date(first.year, 1, 1)
    if last > today:
        last = datetime.date(last.year, 12, 1)
    result = {}
    while month <= last:
        result[month] = months.get(month, 0)
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return result


def _counts(*, pairs, channels, months, members, sections) -> tuple[dict, Relations]:
    """Every count to publish, keyed, and the sums and bounds a reader knows tie them."""
    member_place = {pk: (region, country) for pk, region, country in members}
    contacts_in: dict[str, int] = defaultdict(int)
    sections_in: dict[str, set[int]] = defaultdict(set)
    members_in: dict[str, set[int]] = defaultdict(set)
    section_contacts: dict[int, int] = defaultdict(int)
    for (section_id, member_id), n in pairs.items():
        region = member_place[member_id][0]
        contacts_in[region] += n
        sections_in[region].add(section_id)
        members_in[region].add(member_id)
        section_contacts[section_id] += n
    engaged_per_country: dict[tuple[str, str], int] = defaultdict(int)
    for member_id in {member_id for _section_id, member_id in pairs}:
        engaged_per_country[member_place[member_id]] += 1
    countries_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for place in sorted(set(member_place.values())):
        countries_of[place[0]].append(place)

    values: dict[tuple, int] = {
        ("contacts",): sum(pairs.values()),
        ("members_engaged",): sum(len(members_in[r]) for r in REGIONS),
        ("members",): len(members),
        ("sections",): len(sections),
    }
    for region in REGIONS:
        values["region", region, "contacts"] = contacts_in[region]
        values["region", region, "sections_engaged"] = len(sections_in[region])
        values["region", region, "members_engaged"] = len(members_in[region])
    for channel in CHANNEL_VALUES:
        values["channel", channel] = channels.get(channel, 0)
    for month, n in months.items():
        values["month", month] = n
    for section_id, *_rest in sections:
        values["section", section_id] = section_contacts[section_id]
    for region in REGIONS:
        for place in countries_of[region]:
            values["country", *place] = engaged_per_country[place]

    contacts = ("contacts",)
    lines = [
        (contacts, tuple(("region", r, "contacts") for r in REGIONS)),
        (contacts, tuple(("channel", c) for c in CHANNEL_VALUES)),
        (contacts, tuple(("month", m) for m in months)),
        (contacts, tuple(("section", s[0]) for s in sections)),
        (("members_engaged",), tuple(("region", r, "members_engaged") for r in REGIONS)),
        *(
            (("region", r, "members_engaged"), tuple(("country", *p) for p in countries_of[r]))
            for r in REGIONS
        ),
    ]
    relations = Relations(
        sums=tuple((total, parts) for total, parts in lines if parts),
        at_most=(
            (("members_engaged",), ("members",)),
            (("members_engaged",), contacts),
            *((("region", r, "members_engaged"), ("region", r, "contacts")) for r in REGIONS),
            *((("region", r, "sections_engaged"), ("region", r, "contacts")) for r in REGIONS),
            *((("region", r, "sections_engaged"), ("sections",)) for r in REGIONS),
        ),
        # A region with a contact has a member and a section engaged there, and the reverse.
        zero_together=tuple(
            (
                ("region", r, "contacts"),
                ("region", r, "members_engaged"),
                ("region", r, "sections_engaged"),
            )
            for r in REGIONS
        ),
    )
    return values, relations


def _empty_tables() -> dict:
    return {
        "totals": {},
        "by_region": [],
        "by_channel": [],
        "by_month": [],
        "sections": [],
        "countries": [],
    }


def _tables(shown: dict, *, sections) -> dict:
    """The suppressed counts as the tables the page, the JSON and the CSV publish."""
    region_order = {region: index for index, region in enumerate(REGIONS)}
    section_rows = [
        {
            "name": name,
            "country": country or None,
            "region": region,
            "contacts": shown["section", section_id],
        }
        for section_id, name, country, region in sections
    ]
    section_rows.sort(key=lambda s: (region_order.get(s["region"], len(REGIONS)), s["name"]))
    return {
        "totals": {
            "contacts": shown["contacts",],
            "members_engaged": shown["members_engaged",],
            "members": shown["members",],
            "sections": shown["sections",],
        },
        "by_region": [
            {
                "region": region,
                "contacts": shown["region", region, "contacts"],
                "sections_engaged": shown["region", region, "sections_engaged"],
                "members_engaged": shown["region", region, "members_engaged"],
            }
            for region in REGIONS
        ],
        "by_channel": [
            {"channel": channel, "contacts": shown["channel", channel]}
            for channel in CHANNEL_VALUES
        ],
        "by_month": [
            {"month": key[1], "contacts": value}
            for key, value in shown.items()
            if key[0] == "month"
        ],
        "sections": section_rows,
        # Only countries whose count is shown: the map leaves out the others.
        "countries": [
            {"country": key[2], "region": key[1], "members_engaged": value}
            for key, value in shown.items()
            if key[0] == "country" and isinstance(value, int)
        ],
    }


def campaign_facts() -> dict | None:
    """The campaign the tracker reports on (the most recently started): its goals,
    strategies with their status, milestones and petitions. No contact is read here."""
    # Query: the campaign.
    campaign = Campaign.objects.order_by("-starts_on", "-id").first()
    if campaign is None:
        return None
    # Queries: the goals; the strategies and the goals each serves (prefetch).
    goals = [{"number": g.number, "title": g.title} for g in Goal.objects.filter(campaign=campaign)]
    strategies = [
        {
            "number": s.number,
            "title": s.title,
            "status": s.status,
            "due_on": s.due_on,
            "goals": sorted(g.number for g in s.goals.all()),
        }
        for s in Strategy.objects.filter(campaign=campaign).prefetch_related("goals")
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
            "kind": m.kind,
        }
        for m in Milestone.objects.filter(campaign=campaign)
    ]
    # Queries: the petitions and their supporter counts (prefetch).
    petitions = [
        {
            "title": p.title,
            "platform": p.platform,
            "url": p.url,
            "position": p.position,
            "opened_on": p.opened_on,
            "closed_on": p.closed_on,
            "supporter_counts": [
                {"date": c.date, "count": c.count} for c in p.supporter_counts.all()
            ],
        }
        for p in Petition.objects.filter(campaign=campaign).prefetch_related("supporter_counts")
    ]
    return {
        "name": campaign.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "goals": goals,
        "strategies": strategies,
        "milestones": milestones,
        "petitions": petitions,
    }
