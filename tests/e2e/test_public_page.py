"""The public numbers page in Chromium, as an anonymous visitor: it fits a phone, changes
language through its own link, loads nothing from elsewhere, and leaves no cookie behind."""

import datetime
import re

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from public.services import public_page_switch
from tests.e2e import has_horizontal_scroll, shot
from tests.factories import ContactFactory, MemberFactory, SectionFactory

PHONE = {"width": 390, "height": 844}


COUNTRIES = [
    ("FR", "europe"),
    ("DE", "europe"),
    ("PL", "europe"),
    ("KE", "africa"),
    ("NG", "africa"),
    ("IN", "asia-pacific"),
    ("BR", "latin-america"),
    ("US", "north-america-caribbean"),
]
CHANNELS = ["meeting", "email", "call", "workshop"]


@pytest.fixture
def public_numbers(transactional_db):
    members = [MemberFactory(country=c, region=r) for c, r in COUNTRIES for _ in range(3)]
    sections = [SectionFactory(country=c, region=r) for c, r in COUNTRIES[:5]]
    for i in range(96):
        ContactFactory(
            member=members[i % len(members)],
            section=sections[i % len(sections)],
            channel=CHANNELS[i % len(CHANNELS)],
            date=datetime.date(2015, 8 + i % 5, 1 + i % 28),
        )
    public_page_switch(on=True, operator="test")
    caches["default"].clear()
    yield
    caches["public"].clear()


def test_the_public_page_fits_a_phone_in_two_languages_and_sets_no_cookie(page, public_numbers):
    page.set_viewport_size(PHONE)
    page.goto("/public/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("public numbers")
    expect(page.locator('[data-cell="totals::contacts"]')).to_have_text("96")
    shot(page, "public-390-en")
    assert not has_horizontal_scroll(page)

    page.select_option("#language-select", "fr")
    page.get_by_role("button", name="Change").click()
    expect(page).to_have_url(re.compile(r"/public/\?language=fr$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".brand")).to_have_text("Suivi de campagne du NSWP")
    shot(page, "public-390-fr")
    assert not has_horizontal_scroll(page)
    assert page.context.cookies() == []


def test_the_public_page_at_desktop_width_draws_its_charts(page, public_numbers):
    page.goto("/public/")
    expect(page.locator(".chart-svg rect.bar").first).to_be_visible()
    expect(page.locator(".world-map path.country")).not_to_have_count(0)
    shot(page, "public-1280")
    assert page.context.cookies() == []
