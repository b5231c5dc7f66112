"""The base layout: navigation by role, the current page marked."""

import re

import pytest
from django.urls import reverse

from tests.factories import SectionFactory


def nav_links(html: str) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return [
        (label, bool(current))
        for current, label in re.findall(r'<a href="[^"]*"( aria-current="page")?>([^<]+)</a>', nav)
    ]


@pytest.mark.parametrize(
    ("persona", "labels"),
    [
        (
            "admin",
            [
                "Dashboard",
                "Contacts",
                "Sections",
                "Members",
                "Campaign",
                "Events",
                "Follow-ups",
                "Check-ins",
                "Resources",
                "Public page",
                "People",
            ],
        ),
        (
            "staff",
            [
                "Dashboard",
                "Contacts",
                "Sections",
                "Members",
                "Campaign",
                "Events",
                "Follow-ups",
                "Check-ins",
                "Resources",
            ],
        ),
        (
            "focal_point",
            [
                "Dashboard",
                "Contacts",
                "Sections",
                "Members",
                "Campaign",
                "Events",
                "Follow-ups",
                "Resources",
            ],
        ),
        ("viewer", ["Dashboard", "Sections", "Members", "Campaign", "Resources"]),
    ],
)
def test_navigation_offers_what_the_role_may_open(personas, client_for, persona, labels):
    html = client_for(personas[persona]).get(reverse("campaigns:dashboard")).content.decode()
    assert [label for label, _current in nav_links(html)] == labels


def test_a_detail_page_marks_its_section_of_the_navigation(client_for, staff_user):
    section = SectionFactory()
    html = (
        client_for(staff_user).get(reverse("sections:detail", args=[section.pk])).content.decode()
    )
    assert [label for label, current in nav_links(html) if current] == ["Sections"]


def test_role_and_version_are_shown(client_for, viewer, settings):
    html = client_for(viewer).get(reverse("campaigns:dashboard")).content.decode()
    assert '<span class="role-badge">Viewer</span>' in html
    assert settings.VERSION in html
