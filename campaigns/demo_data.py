"""Synthetic members, sections, check-ins and contacts for demonstrations and benchmarks.

Every row the generator writes carries ``source_note = "demo data (seed S)"``: that marker is
how it tells its own rows from real ones, so it can replace its earlier output and refuse to
touch a database that holds anything else (unless forced). The rows depend only on the seed
and the requested sizes, never on the clock, so two runs with the same arguments write the
same data.

Contacts go in with PostgreSQL's COPY (psycopg 3) or, on SQLite, ``bulk_create`` in batches.
Neither path records django-simple-history rows: synthetic data has no history worth keeping,
and writing a historical twin of each of a million rows would double the load time.
"""

import datetime
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db import connection, transaction
from django_countries import countries

from campaigns.models import Campaign, CheckIn, Contact, Goal, SectionRequest, Strategy
from core.progress import SILENT, Progress
from core.regions import Region, region_of_country
from members.models import MemberOrganisation
from sections.models import Section

MARKER_PREFIX = "demo data (seed "
DEMO_CAMPAIGN_NAME = "Demo campaign"
FIRST_DAY = datetime.date(2015, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
BATCH = 5_000
T = TypeVar("T")


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


_UNINHABITED = _codes("AQ BV HM GS TF UM")

# How NSWP's membership spreads over its regions (weights, not exact shares).
_MEMBER_REGION_WEIGHTS = {
    Region.AFRICA: 30,
    Region.ASIA_PACIFIC: 27,
    Region.EUROPE: 23,
    Region.LATIN_AMERICA: 12,
    Region.NORTH_AMERICA_CARIBBEAN: 8,
}

_CHANNELS = [
    (Contact.Channel.EMAIL, 30),
    (Contact.Channel.MEETING, 20),
    (Contact.Channel.CALL, 12),
    (Contact.Channel.WORKSHOP, 8),
    (Contact.Channel.CONFERENCE, 7),
    (Contact.Channel.PRESENTATION, 6),
    (Contact.Channel.CONSULTATION, 6),
    (Contact.Channel.MEDIA, 4),
    (Contact.Channel.DEMONSTRATION, 3),
    (Contact.Channel.OTHER, 4),
]
_FORMALITIES = [
    (Contact.Formality.FORMAL, 45),
    (Contact.Formality.INFORMAL, 40),
    ("", 15),
]
_INITIATORS = [
    (Contact.InitiatedBy.SECTION, 40),
    (Contact.InitiatedBy.MEMBER, 45),
    (Contact.InitiatedBy.UNKNOWN, 15),
]
# The vote year and the consultation before it were the busiest; activity tails off after.
_YEAR_WEIGHTS = {
    2015: 22,
    2016: 14,
    2017: 10,
    2018: 9,
    2019: 9,
    2020: 6,
    2021: 7,
    2022: 7,
    2023: 6,
    2024: 5,
    2025: 5,
}
_IN_PERSON = {
    Contact.Channel.MEETING,
    Contact.Channel.WORKSHOP,
    Contact.Channel.PRESENTATION,
    Contact.Channel.CONFERENCE,
    Contact.Channel.DEMONSTRATION,
}

# A small vocabulary so that the `q` filter finds some words often and others rarely.
_ACTIONS = [
    "Discussed",
    "Shared evidence on",
    "Asked about",
    "Presented research on",
    "Briefed the section on",
    "Followed up on",
    "Invited the member to speak on",
    "Exchanged views on",
]
_TOPICS = [
    "the draft policy on sex work",
    "the 2015 resolution",
    "decriminalisation",
    "police violence against sex workers",
    "health and HIV services",
    "migrant sex workers",
    "the Nordic model",
    "backlash after the vote",
    "the consultation submission",
    "media coverage of the campaign",
    "law reform",
    "the petition",
]
_OUTCOMES = [
    "",
    "",
    "Agreed to meet again.",
    "The section shared its draft policy.",
    "The member was invited to the section's AGM.",
    "No response yet.",
    "Joint statement published.",
    "The section will raise it with its board.",
    "Research shared with the section's staff.",
    "Sex workers spoke at the section's training.",
]
_FOLLOW_UPS = [
    "Send the research summary",
    "Schedule a meeting with the board",
    "Share the consultation template",
    "Ask the section for its position",
    "Invite the section to the workshop",
]
_STRATEGIES = [
    "Encourage members to contact their national sections",
    "Provide members with evidence and key messages",
    "Support sex workers to speak at section meetings",
    "Respond to the consultation",
    "Check in with members about section contact",
    "Counter opposition campaigns in the media",
]
_STANCES = [
    (Section.Stance.VOTED_FOR, 60),
    (Section.Stance.VOTED_AGAINST, 10),
    (Section.Stance.ABSTAINED, 5),
    (Section.Stance.UNKNOWN, 25),
]

# The columns written for each contact, in COPY order.
CONTACT_COLUMNS = (
    "date",
    "section_id",
    "member_id",
    "initiated_by",
    "formality",
    "channel",
    "strategy_id",
    "summary",
    "outcome",
    "follow_up",
    "follow_up_date",
    "follow_up_done_on",
    "participants",
    "participants_max",
    "hours",
    "hours_paid",
    "notes",
    "logged_by_id",
    "version",
    "deleted_at",
    "source_note",
    "created_at",
    "updated_at",
)


class RealDataPresent(Exception):
    """The database holds rows the generator did not write."""


class TooManySections(Exception):
    """More sections were asked for than there are free countries (one section per country)."""


def marker(seed: int) -> str:
    return f"{MARKER_PREFIX}{seed})"


def region_of(code: str) -> str:
    """NSWP's region for a country; a code the shared table does not place is Asia-Pacific."""
    return region_of_country(code) or Region.ASIA_PACIFIC


def country_codes() -> list[str]:
    """Inhabited ISO 3166 countries, in a fixed order (sorted by code)."""
    return sorted(code for code, _name in countries if code not in _UNINHABITED)


def real_data_counts() -> dict[str, int]:
    """Rows of members, sections and contacts that do not carry the generator's marker."""
    return {
        "members": MemberOrganisation.objects.exclude(
            source_note__startswith=MARKER_PREFIX
        ).count(),
        "sections": Section.objects.exclude(source_note__startswith=MARKER_PREFIX).count(),
        "contacts": Contact.objects.exclude(source_note__startswith=MARKER_PREFIX).count(),
    }


@dataclass(frozen=True)
class Result:
    members: int
    sections: int
    contacts: int
    check_ins: int
    method: str


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> Callable[[], T]:
    """A fast picker for a fixed weighted choice (cumulative weights computed once)."""
    values = [value for value, _weight in pairs]
    cum: list[float] = []
    total = 0.0
    for _value, weight in pairs:
        total += weight
        cum.append(total)
    choices = rng.choices
    return lambda: choices(values, cum_weights=cum)[0]


def generate(
    *,
    members: int,
    sections: int,
    contacts: int,
    seed: int,
    force: bool = False,
    progress: Progress = SILENT,
) -> Result:
    """Replace earlier demo data with a fresh set; refuse if real data exists unless forced."""
    if not force:
        real = real_data_counts()
        if any(real.values()):
            raise RealDataPresent(real)
    rng = random.Random(seed)
    note = marker(seed)
    _delete_demo_data()
    with transaction.atomic():
        strategies = _demo_strategies(note)
        taken = set(
            Section.objects.exclude(country="")
            .exclude(country__isnull=True)
            .values_list("country", flat=True)
        )
        free = [code for code in country_codes() if code not in taken]
        if sections > len(free):
            raise TooManySections(len(free))
        member_rows = _create_members(rng, members, note)
        section_rows = _create_sections(rng, free, sections, note)
        check_ins = _create_check_ins(rng, member_rows, note)
    progress.start("Contacts", total=contacts, unit="contacts")
    rows = progress.iterate(
        _contact_rows(rng, contacts, member_rows, section_rows, strategies, note)
    )
    if connection.vendor == "postgresql":
        _copy_contacts(rows)
        method = "COPY"
    else:
        _bulk_create_contacts(rows)
        method = "bulk_create"
    progress.finish()
    return Result(len(member_rows), len(section_rows), contacts, check_ins, method)


def _delete_demo_data() -> None:
    """Remove the generator's earlier rows in plain SQL.

    Deleting through the ORM would write a history row per deleted member and section and
    load every contact into memory first; the demo rows have no history worth keeping.
    """
    demo = "source_note LIKE %s"
    pattern = [f"{MARKER_PREFIX}%"]
    # TRUNCATE is far faster than DELETE, but only possible when the contacts are all demo
    # rows and no outer transaction has pending deferred foreign-key checks on the table.
    # PostgreSQL truncates a table only with every table whose foreign keys point at it, so
    # those (sections' requests) must be empty and are named too.
    can_truncate = (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and not Contact.objects.exclude(source_note__startswith=MARKER_PREFIX).exists()
        and not SectionRequest.objects.exists()
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if can_truncate:
            cursor.execute(
                "TRUNCATE campaigns_contact_people, campaigns_sectionrequest, campaigns_contact "
                "RESTART IDENTITY"
            )
        else:
            cursor.execute(
                "DELETE FROM campaigns_contact_people WHERE contact_id IN "
                f"(SELECT id FROM campaigns_contact WHERE {demo})",
                pattern,
            )
            cursor.execute(f"DELETE FROM campaigns_contact WHERE {demo}", pattern)
        for table in ("campaigns_checkin", "members_memberorganisation", "sections_section"):
            cursor.execute(f"DELETE FROM {table} WHERE {demo}", pattern)


def _demo_strategies(note: str) -> list[int]:
    """The strategies contacts may serve: an existing campaign's, else a demo campaign's."""
    campaign = Campaign.objects.filter(strategies__isnull=False).order_by("pk").first()
    if campaign is None:
        campaign, _created = Campaign.objects.get_or_create(
            name=DEMO_CAMPAIGN_NAME,
            defaults={
                "description": "Synthetic campaign for demonstrations and benchmarks.",
                "starts_on": FIRST_DAY,
                "source_note": note,
            },
        )
        goal, _created = Goal.objects.get_or_create(
            campaign=campaign,
            number=1,
            defaults={"title": "Sections engage sex worker-led organisations", "source_note": note},
        )
        for number, title in enumerate(_STRATEGIES, start=1):
            strategy, _created = Strategy.objects.get_or_create(
                campaign=campaign,
                number=number,
                defaults={
                    "title": title,
                    "status": Strategy.Status.IN_PROGRESS,
                    "source_note": note,
                },
            )
            strategy.goals.add(goal)
    return list(campaign.strategies.order_by("number").values_list("pk", flat=True))


def _create_members(rng: random.Random, count: int, note: str) -> list[tuple[int, str, str]]:
    """Members as (id, country, region), spread over NSWP's regions by weight."""
    by_region: dict[str, list[str]] = {}
    for code in country_codes():
        by_region.setdefault(region_of(code), []).append(code)
    pick_region = _weighted(rng, list(_MEMBER_REGION_WEIGHTS.items()))
    objs = []
    for number in range(1, count + 1):
        region = pick_region()
        # Members cluster in a few countries of each region, as NSWP's do.
        pool = by_region[region][: max(8, len(by_region[region]) // 3)]
        country = rng.choice(pool)
        objs.append(
            MemberOrganisation(
                name=f"Demo member {number}",
                country=country,
                region=region,
                kind=rng.choice(MemberOrganisation.Kind.values),
                size=rng.choice(MemberOrganisation.Size.values),
                joined=FIRST_DAY - datetime.timedelta(days=rng.randrange(0, 4000)),
                name_public=rng.random() < 0.8,
                source_note=note,
            )
        )
    created = MemberOrganisation.objects.bulk_create(objs, batch_size=BATCH)
    return [(m.pk, str(m.country), m.region) for m in created]


def _create_sections(
    rng: random.Random, free: list[str], count: int, note: str
) -> list[tuple[int, str, str]]:
    pick_stance = _weighted(rng, _STANCES)
    objs = []
    for code in sorted(rng.sample(free, count)):
        objs.append(
            Section(
                name=f"Demo section {code}",
                country=code,
                region=region_of(code),
                kind=Section.Kind.SECTION,
                stance=pick_stance(),
                backlash_preparedness=rng.choice(Section.Preparedness.values),
                source_note=note,
            )
        )
    created = Section.objects.bulk_create(objs, batch_size=BATCH)
    return [(s.pk, str(s.country), s.region) for s in created]


def _create_check_ins(rng: random.Random, member_rows, note: str) -> int:
    answers = [
        (CheckIn.Answer.CONTACTED, 40),
        (CheckIn.Answer.NOT_CONTACTED, 35),
        (CheckIn.Answer.NO_ANSWER, 25),
    ]
    pick_answer = _weighted(rng, answers)
    objs = []
    for member_id, _country, _region in member_rows:
        for _ in range(rng.randrange(0, 3)):
            asked = _random_day(rng)
            answer = pick_answer()
            answered = (
                None
                if answer == CheckIn.Answer.NO_ANSWER
                else asked + datetime.timedelta(days=rng.randrange(0, 30))
            )
            objs.append(
                CheckIn(
                    member_id=member_id,
                    asked_on=asked,
                    answered_on=answered,
                    answer=answer,
                    source_note=note,
                )
            )
    CheckIn.objects.bulk_create(objs, batch_size=BATCH)
    return len(objs)


_DAYS = (LAST_DAY - FIRST_DAY).days + 1


def _random_day(rng: random.Random) -> datetime.date:
    return FIRST_DAY + datetime.timedelta(days=rng.randrange(_DAYS))


def _contact_rows(
    rng: random.Random,
    count: int,
    member_rows,
    section_rows,
    strategies: list[int],
    note: str,
) -> Iterator[tuple]:
    """Contacts as tuples in CONTACT_COLUMNS order.

    A section mostly talks to members of its own region and, above all, its own country;
    a few sections and members are far more active than the rest (weights fall off like 1/rank).
    """
    if count and (not member_rows or not section_rows):
        raise ValueError("Contacts need at least one member and one section.")
    member_ids_by_region: dict[str, list[int]] = {}
    member_ids_by_country: dict[str, list[int]] = {}
    for member_id, country, region in member_rows:
        member_ids_by_region.setdefault(region, []).append(member_id)
        member_ids_by_country.setdefault(country, []).append(member_id)
    # Which members and sections are the busiest is itself drawn from the seed.
    all_member_ids = [row[0] for row in member_rows]
    rng.shuffle(all_member_ids)
    member_cum = _zipf_cum(len(all_member_ids))
    section_rows = list(section_rows)
    rng.shuffle(section_rows)
    section_cum = _zipf_cum(len(section_rows))

    pick_channel = _weighted(rng, _CHANNELS)
    pick_formality = _weighted(rng, _FORMALITIES)
    pick_initiator = _weighted(rng, _INITIATORS)
    pick_year = _weighted(rng, list(_YEAR_WEIGHTS.items()))
    pick_outcome = _weighted(rng, [(o, 1) for o in _OUTCOMES])
    rand = rng.random
    randrange = rng.randrange
    choice = rng.choice
    choices = rng.choices
    timedelta = datetime.timedelta
    year_starts = {year: datetime.date(year, 1, 1) for year in _YEAR_WEIGHTS}
    year_days = {
        year: (datetime.date(year, 12, 31) - year_starts[year]).days + 1 for year in year_starts
    }
    open_until = datetime.date(2027, 1, 1)
    hour_values = [Decimal(n) / 2 for n in range(1, 33)]
    noon = datetime.time(12, tzinfo=datetime.UTC)

    # Contacts are written in date order, as a tracker fills up over the years: the table's
    # physical order then correlates with its date, which the planner relies on for ranges.
    ordinals = sorted(
        year_starts[year].toordinal() + randrange(year_days[year])
        for year in (pick_year() for _ in range(count))
    )
    fromordinal = datetime.date.fromordinal

    for ordinal in ordinals:
        day = fromordinal(ordinal)
        year = day.year
        section_id, section_country, section_region = choices(
            section_rows, cum_weights=section_cum
        )[0]
        roll = rand()
        if roll < 0.35 and section_country in member_ids_by_country:
            member_id = choice(member_ids_by_country[section_country])
        elif roll < 0.75 and section_region in member_ids_by_region:
            member_id = choice(member_ids_by_region[section_region])
        else:
            member_id = choices(all_member_ids, cum_weights=member_cum)[0]
        channel = pick_channel()
        summary = f"{choice(_ACTIONS)} {choice(_TOPICS)}."

        follow_up = ""
        follow_up_date = None
        done_on = None
        if rand() < 0.3:
            follow_up = choice(_FOLLOW_UPS)
            if rand() < 0.9:
                follow_up_date = day + timedelta(days=randrange(7, 120))
            if rand() < 0.55:
                done_on = day + timedelta(days=randrange(1, 150))
            elif year >= 2024 and follow_up_date is not None and rand() < 0.7:
                # Still to do: due after the data's last day, so some follow-ups are open.
                follow_up_date = open_until + timedelta(days=randrange(365))

        participants = participants_max = hours = hours_paid = None
        if channel in _IN_PERSON:
            if rand() < 0.5:
                participants = randrange(3, 60)
                if rand() < 0.3:
                    participants_max = participants + randrange(1, 6)
            if rand() < 0.5:
                hours = choice(hour_values)
                paid = rand()
                hours_paid = True if paid < 0.25 else (False if paid < 0.85 else None)

        created = datetime.datetime.combine(day + timedelta(days=randrange(0, 8)), noon)
        yield (
            day,
            section_id,
            member_id,
            pick_initiator(),
            pick_formality(),
            channel,
            choice(strategies) if strategies and rand() < 0.6 else None,
            summary,
            pick_outcome(),
            follow_up,
            follow_up_date,
            done_on,
            participants,
            participants_max,
            hours,
            hours_paid,
            "",
            None,
            1,
            created if rand() < 0.01 else None,
            note,
            created,
            created,
        )


def _zipf_cum(n: int) -> list[float]:
    """Cumulative weights 1/rank, 1/(rank+1)... offset so that the top few don't take all."""
    cum = []
    total = 0.0
    for rank in range(n):
        total += 1.0 / (rank + 5)
        cum.append(total)
    return cum


def _copy_contacts(rows: Iterator[tuple]) -> None:
    columns = ", ".join(CONTACT_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY campaigns_contact ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _bulk_create_contacts(rows: Iterator[tuple]) -> None:
    batch: list[Contact] = []
    with transaction.atomic():
        for row in rows:
            batch.append(Contact(**dict(zip(CONTACT_COLUMNS, row, strict=True))))
            if len(batch) >= BATCH:
                Contact.objects.bulk_create(batch)
                batch = []
        if batch:
            Contact.objects.bulk_create(batch)
