"""A focal point of member A reaches nothing of member B's, by any road.

One place that tries every road with B's ids: the contact pages, the list and the dashboard
filtered to B, the JSON, both exports (web and command line with ``--as``), the printable
reports and the member pages. Each answers 404/403 or an empty result, and B's numbers appear
nowhere in A's figures.
"""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Contact
from tests.factories import ContactFactory, SectionFactory, StrategyFactory

SECRET = "B-only summary about the police raid"


@pytest.fixture
def world(member_a, member_b):
    section = SectionFactory(name="AI Nigeria", country="NG")
    member_b.name_public = False
    member_b.save()
    ContactFactory(
        member=member_a, section=section, summary="A's own contact", date=datetime.date(2015, 9, 1)
    )
    contact_b = ContactFactory(
        member=member_b,
        section=section,
        summary=SECRET,
        notes="B's private note",
        hours=7,
        date=datetime.date(2015, 9, 2),
        follow_up="Call back",
        follow_up_date=datetime.date(2015, 9, 3),
    )
    return {"section": section, "contact_b": contact_b}


def test_b_contact_pages_are_404_and_nothing_changes(client_for, focal_point, member_b, world):
    client = client_for(focal_point)
    contact_b = world["contact_b"]
    before = Contact.objects.filter(pk=contact_b.pk).values().get()
    for name in ("contact-detail", "contact-update", "contact-delete"):
        assert client.get(reverse(f"campaigns:{name}", args=[contact_b.pk])).status_code == 404
    posts = {
        "contact-update": {"summary": "overwritten", "version": contact_b.version},
        "contact-delete": {},
        "follow-up-done": {},
    }
    for name, data in posts.items():
        response = client.post(reverse(f"campaigns:{name}", args=[contact_b.pk]), data)
        assert response.status_code == 404, name
    assert Contact.objects.filter(pk=contact_b.pk).values().get() == before


@pytest.mark.parametrize("action", ["follow-up-done", "strategy", "export"])
def test_bulk_actions_on_b_are_refused_and_show_nothing_of_b(
    client_for, focal_point, member_b, world, action
):
    contact_b = world["contact_b"]
    before = Contact.objects.filter(pk=contact_b.pk).values().get()
    strategy = StrategyFactory()
    for confirm in ({}, {"confirm": "1"}):
        response = client_for(focal_point).post(
            reverse("campaigns:contact-bulk"),
            {"action": action, "contact": [contact_b.pk], "strategy": strategy.pk, **confirm},
        )
        assert response.status_code == 400
        assert SECRET not in response.content.decode()
        assert member_b.name not in response.content.decode()
    assert Contact.objects.filter(pk=contact_b.pk).values().get() == before


def test_b_member_pages_and_report_are_404(client_for, focal_point, member_b, world):
    client = client_for(focal_point)
    for name in ("members:detail", "members:report"):
        assert client.get(reverse(name, args=[member_b.pk])).status_code == 404


@pytest.mark.parametrize(
    "url_name",
    [
        "campaigns:contact-list",
        "campaigns:dashboard",
        "sections:list",
        "members:list",
        "campaigns:follow-ups",
    ],
)
def test_pages_filtered_to_b_show_nothing_of_b(client_for, focal_point, member_b, world, url_name):
    response = client_for(focal_point).get(reverse(url_name), {"member": member_b.pk})
    body = response.content.decode()
    assert response.status_code in (200, 400)
    assert SECRET not in body
    assert member_b.name not in body


def test_section_report_counts_only_a(client_for, focal_point, member_b, world):
    body = client_for(focal_point).get(reverse("sections:report", args=[world["section"].pk]))
    text = body.content.decode()
    assert SECRET not in text
    assert member_b.name not in text
    assert "Call back" not in text


def test_json_numbers_hold_only_a(client_for, focal_point, member_b, world):
    client = client_for(focal_point)
    mine = client.get(reverse("campaigns:api-engagement")).json()
    filtered_to_b = client.get(reverse("campaigns:api-engagement"), {"member": member_b.pk}).json()

    assert mine["headline"]["contacts"] == 1
    assert mine["headline"]["hours"]["total"] == 0  # B's seven hours are not A's
    assert mine["headline"]["follow_ups"]["open"] == 0
    assert filtered_to_b["headline"]["contacts"] == 0
    assert member_b.name not in str(mine) + str(filtered_to_b)


@pytest.mark.parametrize(
    "url_name", ["campaigns:contact-export-csv", "campaigns:contact-export-xlsx"]
)
def test_web_exports_hold_only_a_even_when_asked_for_b(
    client_for, focal_point, member_b, world, url_name
):
    response = client_for(focal_point).get(
        reverse(url_name), {"member": member_b.pk, "personal_data": "1"}
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert SECRET.encode() not in content
    assert b"private note" not in content
    if url_name.endswith("csv"):
        rows = list(csv.DictReader(io.StringIO(content.decode())))
        assert rows == []


def test_cli_export_as_focal_point_holds_only_a(tmp_path, focal_point, member_b, world):
    out = tmp_path / "contacts.csv"
    call_command(
        "export_contacts",
        "--format",
        "csv",
        "--output",
        str(out),
        "--as",
        focal_point.username,
        "--personal-data",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["summary"] for row in rows] == ["A's own contact"]
    assert "people" not in rows[0]
    assert "notes" not in rows[0]
