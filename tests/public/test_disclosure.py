"""What the public page must never let out, over data built to tempt it: a withheld member, a
country with exactly one member engaged, a region with two, a region whose small count would
follow from the total, people and free text on every contact.

Each number is checked against the truth computed here in plain Python, and a reader's attack
(every row and column sum, the grand totals, the bounds the labels give) is run on the
published JSON: it must recover no hidden count, while the same attack on the numbers with the
complementary cells revealed does recover some, so the attack is able to succeed.
"""

import csv
import datetime
import io
import re
from collections import Counter, defaultdict
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Contact
from core.regions import Region
from members.models import MemberOrganisation, Person
from sections.models import Section
from tests.campaigns.test_dashboard_fixtures import (
    ENDORSEMENT_NOTE,
    PRIVATE_NOTE,
    WITHHELD_NAME,
    build_case_study,
)
from tests.factories import ContactFactory, MemberFactory, PersonFactory

T = 3
INF = 10**9
PERSON_NAME = "Zeynep Kaya-Secretname"
OUTCOME = "Outcome: agreed to meet the focal point at her home"


@pytest.fixture
def study(member_a, member_b, public_on):
    study = build_case_study(member_a=member_a, member_b=member_b)
    person = PersonFactory(member=study.withheld, name=PERSON_NAME)
    study.contacts[9].people.add(person)  # the withheld member's contact in Turkey
    extra = []
    # Latin America and Asia-Pacific reach 3 contacts each, so that Africa's 2 would follow
    # from the total if nothing else were hidden.
    for day in (3, 4, 5):
        extra.append(
            ContactFactory(
                section=study.unengaged_section,
                member=study.unengaged_member,
                date=datetime.date(2016, 4, day),
                outcome=OUTCOME,
            )
        )
    for day in (6, 7):
        extra.append(
            ContactFactory(
                section=study.sections["IN"],
                member=study.members["IN"],
                date=datetime.date(2016, 5, day),
                notes=PRIVATE_NOTE,
            )
        )
    # Poland gets three members engaged: the one country shaded on the map.
    for n in (1, 2):
        member = MemberFactory(name=f"Polish collective {n}", country="PL", region="europe")
        extra.append(
            ContactFactory(
                section=study.sections["PL"],
                member=member,
                date=datetime.date(2016, 6, n),
                follow_up="Call her back on the private number",
            )
        )
    study.contacts.extend(extra)
    return study


def published(client: Client) -> tuple[str, dict, str]:
    page = client.get(reverse("public:page")).content.decode()
    numbers = client.get(reverse("public:numbers-json")).json()
    data = client.get(reverse("public:numbers-csv")).content.decode()
    return page, numbers, data


def truth(study) -> dict:
    """Every published cell's true value, from the objects the test made."""
    live = [c for c in study.contacts if c.deleted_at is None]
    cells: dict[tuple, int] = {
        ("totals", "contacts"): len(live),
        ("totals", "members_engaged"): len({c.member_id for c in live}),
        ("totals", "members"): MemberOrganisation.objects.count(),
        ("totals", "sections"): Section.objects.count(),
    }
    for region, _label in Region.choices:
        here = [c for c in live if c.member.region == region]
        cells["by_region", region, "contacts"] = len(here)
        cells["by_region", region, "sections_engaged"] = len({c.section_id for c in here})
        cells["by_region", region, "members_engaged"] = len({c.member_id for c in here})
    channels = Counter(c.channel for c in live)
    for channel, _label in Contact.Channel.choices:
        cells["by_channel", channel, "contacts"] = channels[channel]
    months = Counter(c.date.strftime("%Y-%m") for c in live)
    cells["months"] = months
    per_section = Counter(c.section.name for c in live)
    for section in Section.objects.all():
        cells["sections", section.name, "contacts"] = per_section[section.name]
    per_country = defaultdict(set)
    for c in live:
        per_country[c.member.country.code].add(c.member_id)
    cells["countries"] = {code: len(ids) for code, ids in per_country.items()}
    return cells


def json_cells(numbers: dict) -> dict[tuple, object]:
    cells = {("totals", k): v for k, v in numbers["totals"].items()}
    for row in numbers["by_region"]:
        for column in ("contacts", "sections_engaged", "members_engaged"):
            cells["by_region", row["region"], column] = row[column]
    for row in numbers["by_channel"]:
        cells["by_channel", row["channel"], "contacts"] = row["contacts"]
    for row in numbers["by_month"]:
        cells["by_month", row["month"], "contacts"] = row["contacts"]
    for row in numbers["sections"]:
        cells["sections", row["name"], "contacts"] = row["contacts"]
    return cells


def test_no_name_person_or_free_text_anywhere(study):
    page, numbers, data = published(Client())
    secrets = [
        WITHHELD_NAME,
        PERSON_NAME,
        OUTCOME,
        PRIVATE_NOTE,
        ENDORSEMENT_NOTE,
        "Send the guide",
        "Share the report",
        "Call her back",
        "name withheld",
        *MemberOrganisation.objects.values_list("name", flat=True),
        *Person.objects.values_list("name", flat=True),
        *(c.summary for c in study.contacts),
    ]
    as_json = str(numbers)
    for secret in secrets:
        for where, text in (("page", unescape(page)), ("JSON", as_json), ("CSV", data)):
            assert secret not in text, f"{secret!r} in the {where}"
    # Names of sections are public; they are there.
    assert "AI Turkey" in page
    assert "AI Turkey" in data


def test_every_count_below_the_threshold_is_suppressed_and_the_rest_true(study):
    _page, numbers, _data = published(Client())
    expected = truth(study)
    cells = json_cells(numbers)
    for key, value in cells.items():
        real = expected["months"].get(key[1], 0) if key[0] == "by_month" else expected[key]
        if real < T:
            assert value == "<3", (key, real, value)
        else:
            assert value in (real, "hidden"), (key, real, value)
    assert set(expected["months"]) <= {k[1] for k in cells if k[0] == "by_month"}
    # The map names only countries with 3 or more members engaged, with their true count.
    assert numbers["countries"] == [{"country": "PL", "region": "europe", "members_engaged": 3}]
    assert expected["countries"]["TR"] == 1
    assert expected["countries"]["NG"] == 1


def test_the_map_shades_only_the_published_country(study):
    page, _numbers, _data = published(Client())
    shaded = re.findall(r'<path class="country (map-[1-4])"[^>]*><title>([^<]*)</title>', page)
    assert shaded == [("map-2", "Poland: 3 member organisations engaged")]
    assert "Türkiye</title>" in unescape(page)  # drawn, unshaded, with no count


def test_the_page_shows_exactly_the_json_numbers(study):
    page, numbers, _data = published(Client())
    shown = {
        key: unescape(re.sub(r"<[^>]+>", "", text)).strip()
        for key, text in re.findall(r'data-cell="([^"]+)">(.*?)</(?:td|dd|span)>', page)
    }
    expected_text = {"<3": "fewer than 3", "hidden": "hidden"}
    for key, value in json_cells(numbers).items():
        cell = f"{key[0]}:{key[1] if len(key) == 3 else ''}:{key[-1]}"
        assert shown[cell] == expected_text.get(value, str(value)), cell
    assert shown["countries:PL:members_engaged"] == "3"


# The reader's attack: only what the JSON publishes, and the sums everyone knows hold.


def equations(numbers: dict) -> list[tuple[tuple, list[tuple]]]:
    total = ("totals", "contacts")
    lines = [
        (total, [("by_region", r["region"], "contacts") for r in numbers["by_region"]]),
        (total, [("by_channel", r["channel"], "contacts") for r in numbers["by_channel"]]),
        (total, [("by_month", r["month"], "contacts") for r in numbers["by_month"]]),
        (total, [("sections", r["name"], "contacts") for r in numbers["sections"]]),
        (
            ("totals", "members_engaged"),
            [("by_region", r["region"], "members_engaged") for r in numbers["by_region"]],
        ),
    ]
    # Each region's members engaged: the published countries and one unknown rest.
    for row in numbers["by_region"]:
        region = row["region"]
        parts = [("country", c["country"]) for c in numbers["countries"] if c["region"] == region]
        lines.append((("by_region", region, "members_engaged"), [*parts, ("rest", region)]))
    return lines


def attack(numbers: dict) -> dict[tuple, int]:
    """Every hidden cell the reader pins to one value, and that value."""
    cells = json_cells(numbers)
    for c in numbers["countries"]:
        cells["country", c["country"]] = c["members_engaged"]
    for row in numbers["by_region"]:
        cells["rest", row["region"]] = "unknown"
    lo, hi = {}, {}
    for key, value in cells.items():
        if value == "<3":
            lo[key], hi[key] = 0, T - 1
        elif value == "hidden":
            lo[key], hi[key] = T, INF
        elif value == "unknown":
            lo[key], hi[key] = 0, INF
        else:
            lo[key] = hi[key] = value
    lines = equations(numbers)
    regions = [r["region"] for r in numbers["by_region"]]
    changed = True
    while changed:
        before = (dict(lo), dict(hi))
        for total, parts in lines:
            lo[total] = max(lo[total], sum(lo[p] for p in parts))
            hi[total] = min(hi[total], sum(hi[p] for p in parts))
            for p in parts:
                others_lo = sum(lo[q] for q in parts if q != p)
                others_hi = sum(hi[q] for q in parts if q != p)
                lo[p] = max(lo[p], lo[total] - others_hi)
                hi[p] = min(hi[p], hi[total] - others_lo)
        for region in regions:
            contacts = ("by_region", region, "contacts")
            for column in ("members_engaged", "sections_engaged"):
                cell = ("by_region", region, column)
                hi[cell] = min(hi[cell], hi[contacts])  # never more than the contacts
                if lo[contacts] > 0:  # a contact means a member and a section engaged
                    lo[cell] = max(lo[cell], 1)
                if lo[cell] > 0:
                    lo[contacts] = max(lo[contacts], 1)
        changed = (lo, hi) != before
    return {
        key: lo[key]
        for key, value in cells.items()
        if value in ("<3", "hidden") and lo[key] == hi[key]
    }


def test_no_hidden_count_can_be_worked_out_from_the_totals(study):
    _page, numbers, _data = published(Client())
    hidden = [k for k, v in json_cells(numbers).items() if v in ("<3", "hidden")]
    assert len(hidden) > 100
    assert attack(numbers) == {}


def test_the_attack_succeeds_without_the_complementary_cells(study):
    _page, numbers, _data = published(Client())
    complementary = [k for k, v in json_cells(numbers).items() if v == "hidden"]
    assert complementary, "the data should need complementary suppression"
    expected = truth(study)
    revealed = {**numbers, "by_region": [dict(r) for r in numbers["by_region"]]}
    for row in revealed["by_region"]:
        for column in ("contacts", "sections_engaged", "members_engaged"):
            if row[column] == "hidden":
                row[column] = expected["by_region", row["region"], column]
    for key in complementary:
        assert key[0] == "by_region", "this data hides only region cells"
    recovered = attack(revealed)
    assert recovered
    for key, value in recovered.items():
        assert value == expected[key]


def test_the_csv_has_one_line_per_published_number(study):
    _page, numbers, data = published(Client())
    rows = list(csv.DictReader(io.StringIO(data)))
    assert {r["value"] for r in rows if r["table"] == "by_region"} <= {
        "<3",
        "hidden",
        *(str(n) for n in range(T, 100)),
    }
    assert len([r for r in rows if r["table"] == "by_month"]) == len(numbers["by_month"])
