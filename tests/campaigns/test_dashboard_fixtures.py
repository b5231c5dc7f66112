"""Data for the dashboard tests: a small copy of the case study, and the expected numbers
computed in plain Python over the created objects (independently of the SQL under test).

Builders, not fixtures, so that each test module states what it uses.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from campaigns.models import CheckIn, Contact, Milestone, Petition, Strategy
from core.regions import Region
from members.models import MemberOrganisation
from tests.factories import (
    CampaignFactory,
    CheckInFactory,
    ContactFactory,
    EndorsementFactory,
    GoalFactory,
    MemberFactory,
    MilestoneFactory,
    PetitionFactory,
    SectionFactory,
    StrategyFactory,
    SupporterCountFactory,
)

VOTE = datetime.date(2015, 8, 11)
FAR_FUTURE = datetime.date(2099, 1, 1)
WITHHELD_NAME = "Kırmızı Şemsiye Secret Collective"
PRIVATE_NOTE = "private note: met at the usual café"
ENDORSEMENT_NOTE = "endorsement note for the secretariat"

# The twelve sections of the case study's "Country-specific impacts", with their region.
SECTIONS = [
    ("NO", "AI Norway", Region.EUROPE),
    ("PL", "AI Poland", Region.EUROPE),
    ("DE", "AI Germany", Region.EUROPE),
    ("US", "AI USA", Region.NORTH_AMERICA_CARIBBEAN),
    ("BE", "AI Belgium", Region.EUROPE),
    ("IN", "AI India", Region.ASIA_PACIFIC),
    ("TR", "AI Turkey", Region.EUROPE),
    ("CA", "AI Canada", Region.NORTH_AMERICA_CARIBBEAN),
    ("SE", "AI Sweden", Region.EUROPE),
    ("NG", "AI Nigeria", Region.AFRICA),
    ("HU", "AI Hungary", Region.EUROPE),
    ("IT", "AI Italy", Region.EUROPE),
]

MILESTONES = [
    (1, datetime.date(2014, 6, 6), "day", "", "Chairs Assembly and Directors Forum", "meeting"),
    (2, datetime.date(2014, 6, 6), "day", "", "Presentation on the Swedish model", "meeting"),
    (3, datetime.date(2014, 6, 6), "day", "", "Presentation at the Chairs' Forum", "meeting"),
    (4, datetime.date(2014, 6, 6), "day", "", "Research in four countries decided", "decision"),
    (5, datetime.date(2015, 7, 1), "month", "", "Tasmanian Times critique", "media"),
    (6, datetime.date(2015, 7, 23), "day", "", "Anti-sex work petition posted", "opposition"),
    (7, datetime.date(2015, 7, 23), "day", "", "Petition reaches 8,000 by the ICM", "petition"),
    (8, datetime.date(2015, 7, 29), "day", "", "NSWP petition posted", "petition"),
    (9, datetime.date(2015, 7, 29), "day", "", "Allies promote the petition", "petition"),
    (10, datetime.date(2015, 8, 5), "day", "", "UNAIDS letter of support", "letter"),
    (11, datetime.date(2015, 8, 8), "day", "", "The Lancet letter of support", "letter"),
    (12, datetime.date(2015, 8, 6), "day", "", "International Council Meeting", "meeting"),
    (13, VOTE, "day", "", "ICM votes for the resolution", "decision"),
    (14, VOTE, "day", "", "Sections start to reach out", "other"),
    (15, datetime.date(2016, 1, 1), "tbd", "Early 2016", "Board adopts the policy", "other"),
]


@dataclass
class CaseStudy:
    campaign: object
    strategies: dict
    sections: dict
    members: dict
    contacts: list = field(default_factory=list)
    deleted: object = None
    check_ins: list = field(default_factory=list)
    withheld: object = None
    unengaged_section: object = None
    unengaged_member: object = None


def build_case_study(*, member_a: MemberOrganisation, member_b: MemberOrganisation) -> CaseStudy:
    """Twelve engaged sections, a Poland workshop of 4 unpaid hours, two petitions, fifteen
    milestones; member A (Poland) and member B (Nigeria) are the focal points' members."""
    campaign = CampaignFactory(starts_on=datetime.date(2014, 6, 6))
    goals = {n: GoalFactory(campaign=campaign, number=n, title=f"Goal {n}") for n in (1, 2, 3)}
    strategies = {}
    for n, goal_numbers, status, due in [
        (1, [1], Strategy.Status.DONE, None),
        (2, [1], Strategy.Status.DONE, None),
        (3, [1, 3], Strategy.Status.DONE, None),
        (4, [1], Strategy.Status.DONE, datetime.date(2015, 8, 10)),
        (5, [2, 3], Strategy.Status.IN_PROGRESS, None),
        (6, [3], Strategy.Status.PLANNED, datetime.date(2015, 12, 31)),
    ]:
        strategy = StrategyFactory(
            campaign=campaign, number=n, title=f"Strategy {n}", status=status, due_on=due
        )
        strategy.goals.set([goals[g] for g in goal_numbers])
        strategies[n] = strategy
    for number, date, precision, label, title, kind in MILESTONES:
        MilestoneFactory(
            campaign=campaign,
            number=number,
            date=date,
            precision=precision,
            date_label=label,
            title=title,
            kind=kind,
        )
    against = PetitionFactory(
        campaign=campaign,
        title="Vote no to decriminalising pimps",
        position=Petition.Position.AGAINST,
        opened_on=datetime.date(2015, 7, 23),
    )
    SupporterCountFactory(petition=against, date=datetime.date(2015, 8, 11), count=8000)
    SupporterCountFactory(petition=against, date=datetime.date(2015, 10, 31), count=10935)
    nswp = PetitionFactory(
        campaign=campaign,
        title="Stand firm and support decriminalisation",
        position=Petition.Position.FOR,
        opened_on=datetime.date(2015, 7, 29),
        closed_on=datetime.date(2015, 8, 10),
    )
    SupporterCountFactory(petition=nswp, date=datetime.date(2015, 8, 10), count=10072)
    EndorsementFactory(
        campaign=campaign,
        organisation="UNAIDS",
        date=datetime.date(2015, 8, 5),
        note=ENDORSEMENT_NOTE,
    )
    EndorsementFactory(campaign=campaign, organisation="The Lancet", date=datetime.date(2015, 8, 8))

    sections = {
        code: SectionFactory(country=code, name=name, region=region)
        for code, name, region in SECTIONS
    }
    unengaged_section = SectionFactory(
        country="AR", name="AI Argentina", region=Region.LATIN_AMERICA
    )
    members = {"PL": member_a, "NG": member_b}
    for code, _name, region in SECTIONS:
        if code not in members:
            members[code] = MemberFactory(
                name=WITHHELD_NAME if code == "TR" else f"Sex workers of {code}",
                country=code,
                region=region,
                name_public=code != "TR",
            )
    unengaged_member = MemberFactory(name="Quiet collective", country="AR", region="latin-america")

    C = Contact
    rows = [
        # code, date, initiated_by, formality, channel, strategy, hours, paid, follow-up date
        (
            "PL",
            datetime.date(2015, 10, 14),
            C.InitiatedBy.MEMBER,
            C.Formality.FORMAL,
            C.Channel.WORKSHOP,
            5,
            Decimal("4.0"),
            False,
            None,
        ),
        (
            "PL",
            datetime.date(2015, 9, 2),
            C.InitiatedBy.SECTION,
            C.Formality.INFORMAL,
            C.Channel.EMAIL,
            None,
            None,
            None,
            FAR_FUTURE,
        ),
        (
            "NG",
            datetime.date(2015, 9, 20),
            C.InitiatedBy.MEMBER,
            C.Formality.INFORMAL,
            C.Channel.MEETING,
            5,
            Decimal("1.5"),
            None,
            datetime.date(2015, 10, 1),
        ),
        (
            "NO",
            datetime.date(2015, 8, 20),
            C.InitiatedBy.SECTION,
            C.Formality.FORMAL,
            C.Channel.MEETING,
            None,
            Decimal("2.0"),
            True,
            None,
        ),
        (
            "DE",
            datetime.date(2015, 11, 3),
            C.InitiatedBy.UNKNOWN,
            "",
            C.Channel.CALL,
            None,
            None,
            None,
            None,
        ),
        (
            "US",
            datetime.date(2015, 8, 25),
            C.InitiatedBy.SECTION,
            C.Formality.FORMAL,
            C.Channel.PRESENTATION,
            2,
            Decimal("3.0"),
            None,
            None,
        ),
        (
            "US",
            datetime.date(2015, 12, 1),
            C.InitiatedBy.SECTION,
            C.Formality.FORMAL,
            C.Channel.CONFERENCE,
            2,
            Decimal("6.0"),
            False,
            None,
        ),
        (
            "BE",
            datetime.date(2016, 1, 15),
            C.InitiatedBy.MEMBER,
            C.Formality.INFORMAL,
            C.Channel.EMAIL,
            None,
            None,
            None,
            None,
        ),
        (
            "IN",
            datetime.date(2015, 9, 9),
            C.InitiatedBy.SECTION,
            "",
            C.Channel.MEETING,
            None,
            None,
            None,
            None,
        ),
        (
            "TR",
            datetime.date(2015, 10, 10),
            C.InitiatedBy.MEMBER,
            C.Formality.INFORMAL,
            C.Channel.MEETING,
            None,
            Decimal("2.5"),
            False,
            None,
        ),
        (
            "CA",
            datetime.date(2015, 8, 30),
            C.InitiatedBy.SECTION,
            C.Formality.FORMAL,
            C.Channel.CONSULTATION,
            1,
            None,
            None,
            None,
        ),
        (
            "SE",
            datetime.date(2015, 8, 14),
            C.InitiatedBy.SECTION,
            C.Formality.FORMAL,
            C.Channel.MEETING,
            None,
            Decimal("1.0"),
            None,
            None,
        ),
        (
            "HU",
            datetime.date(2016, 2, 2),
            C.InitiatedBy.UNKNOWN,
            C.Formality.INFORMAL,
            C.Channel.DEMONSTRATION,
            None,
            None,
            None,
            None,
        ),
        (
            "IT",
            datetime.date(2016, 3, 8),
            C.InitiatedBy.MEMBER,
            C.Formality.FORMAL,
            C.Channel.MEDIA,
            3,
            Decimal("0.5"),
            True,
            None,
        ),
    ]
    study = CaseStudy(
        campaign=campaign,
        strategies=strategies,
        sections=sections,
        members=members,
        withheld=members["TR"],
        unengaged_section=unengaged_section,
        unengaged_member=unengaged_member,
    )
    for code, date, initiated, formality, channel, strategy, hours, paid, follow in rows:
        study.contacts.append(
            ContactFactory(
                section=sections[code],
                member=members[code],
                date=date,
                initiated_by=initiated,
                formality=formality,
                channel=channel,
                strategy=strategies[strategy] if strategy else None,
                hours=hours,
                hours_paid=paid,
                follow_up="Send the guide" if follow else "",
                follow_up_date=follow,
                participants=15 if channel == C.Channel.WORKSHOP else None,
                participants_max=18 if channel == C.Channel.WORKSHOP else None,
                notes=PRIVATE_NOTE,
            )
        )
    # AI Poland also spoke to the Nigerian member; a cross-country pair for the matrix.
    study.contacts.append(
        ContactFactory(
            section=sections["PL"],
            member=member_b,
            date=datetime.date(2015, 11, 20),
            initiated_by=C.InitiatedBy.SECTION,
            formality=C.Formality.FORMAL,
            channel=C.Channel.CALL,
            follow_up="Share the report",
            follow_up_date=datetime.date(2015, 12, 1),
            follow_up_done_on=datetime.date(2015, 11, 30),
        )
    )
    study.deleted = ContactFactory(
        section=sections["NO"],
        member=members["NO"],
        date=datetime.date(2015, 9, 1),
        hours=Decimal("99"),
        deleted_at=timezone.now(),
    )
    study.check_ins = [
        CheckInFactory(
            member=member_a,
            asked_on=datetime.date(2015, 9, 1),
            answered_on=datetime.date(2015, 9, 3),
            answer=CheckIn.Answer.CONTACTED,
        ),
        CheckInFactory(member=member_b, asked_on=datetime.date(2015, 9, 1)),
        CheckInFactory(
            member=members["SE"],
            asked_on=datetime.date(2016, 2, 1),
            answered_on=datetime.date(2016, 2, 2),
            answer=CheckIn.Answer.NOT_CONTACTED,
        ),
    ]
    return study


# Expected numbers, computed without the ORM's aggregation.


def matches(contact: Contact, filters: dict) -> bool:
    """The filters the tests use, applied in Python."""
    if "since" in filters and contact.date < datetime.date.fromisoformat(filters["since"]):
        return False
    if "until" in filters and contact.date > datetime.date.fromisoformat(filters["until"]):
        return False
    if "region" in filters and contact.member.region != filters["region"]:
        return False
    if "formality" in filters and contact.formality != filters["formality"]:
        return False
    return "member" not in filters or contact.member_id in filters["member"]


def expected_numbers(
    contacts: list[Contact],
    *,
    filters: dict,
    check_ins: list[CheckIn],
    sections_total: int,
    members: list[MemberOrganisation],
) -> dict:
    chosen = [c for c in contacts if c.deleted_at is None and matches(c, filters)]
    today = timezone.localdate()

    def hours(pred) -> float:
        return float(sum((c.hours for c in chosen if c.hours is not None and pred(c)), Decimal(0)))

    pending = [
        c for c in chosen if (c.follow_up or c.follow_up_date) and c.follow_up_done_on is None
    ]
    asked = [
        ci
        for ci in check_ins
        if ("region" not in filters or ci.member.region == filters["region"])
        and ("since" not in filters or ci.asked_on >= datetime.date.fromisoformat(filters["since"]))
        and ("until" not in filters or ci.asked_on <= datetime.date.fromisoformat(filters["until"]))
        and ("member" not in filters or ci.member_id in filters["member"])
    ]
    member_pool = [m for m in members if "region" not in filters or m.region == filters["region"]]
    headline = {
        "contacts": len(chosen),
        "sections_engaged": len({c.section_id for c in chosen}),
        "sections_total": sections_total,
        "members_engaged": len({c.member_id for c in chosen}),
        "members_total": len(member_pool),
        "formality": {
            "formal": sum(c.formality == "formal" for c in chosen),
            "informal": sum(c.formality == "informal" for c in chosen),
            "unknown": sum(c.formality == "" for c in chosen),
        },
        "initiated_by": {
            key: sum(c.initiated_by == key for c in chosen)
            for key in ("section", "member", "unknown")
        },
        "hours": {
            "total": hours(lambda c: True),
            "paid": hours(lambda c: c.hours_paid is True),
            "unpaid": hours(lambda c: c.hours_paid is False),
            "payment_unknown": hours(lambda c: c.hours_paid is None),
        },
        "follow_ups": {
            "open": len(pending),
            "overdue": sum(1 for c in pending if c.follow_up_date and c.follow_up_date < today),
        },
        "check_ins": {
            "asked": len(asked),
            "answered": sum(ci.answer != "no-answer" for ci in asked),
            "contacted": sum(ci.answer == "contacted" for ci in asked),
        },
    }
    region_counts = Counter(c.member.region for c in chosen)
    by_region = [
        {
            "region": value,
            "contacts": region_counts[value],
            "sections_engaged": len({c.section_id for c in chosen if c.member.region == value}),
            "members_engaged": len({c.member_id for c in chosen if c.member.region == value}),
        }
        for value, _label in Region.choices
    ]
    channel_counts = Counter(c.channel for c in chosen)
    by_channel = {value: channel_counts[value] for value, _label in Contact.Channel.choices}
    months = Counter(c.date.strftime("%Y-%m-01") for c in chosen)
    cells = Counter((c.section_id, c.member_id) for c in chosen)
    per_strategy = Counter(c.strategy.number for c in chosen if c.strategy)
    per_country = defaultdict(set)
    for c in chosen:
        per_country[c.member.country.code].add(c.member_id)
    return {
        "headline": headline,
        "by_region": by_region,
        "by_channel": by_channel,
        "months": dict(months),
        "cells": sorted([s, m, n] for (s, m), n in cells.items()),
        "strategies": dict(per_strategy),
        "members_per_country": {code: len(ids) for code, ids in per_country.items()},
        "milestones": Milestone.objects.count(),
    }
