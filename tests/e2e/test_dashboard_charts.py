"""The dashboard's charts read on a phone: with contacts from 2014 to 2026 and fifteen
milestones, no two year labels and no two milestone markers overlap at 390 px, the page does
not scroll sideways, and the matrix of nine unnamed members passes axe."""

import datetime
import itertools

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e import ARTIFACTS, has_horizontal_scroll, shot
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    MemberFactory,
    MilestoneFactory,
    SectionFactory,
)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
COUNTRIES = ["KE", "UG", "TZ", "NG", "ZA", "GH", "ZW", "MW", "ZM"]


@pytest.fixture
def years_of_contacts():
    """An open campaign from January 2014: contacts in 2014-2016 and one in 2026, fifteen
    milestones (three in one month), fourteen sections and nine unnamed members."""
    campaign = CampaignFactory(starts_on=datetime.date(2014, 1, 24))
    members = [
        MemberFactory(name=f"Unnamed {code}", country=code, region="africa", placeholder=True)
        for code in COUNTRIES
    ]
    sections = [SectionFactory(name=f"AI Section {n:02}") for n in range(14)]
    start = datetime.date(2014, 2, 1)
    for n, (member, section) in enumerate(itertools.product(members, sections)):
        if n % 3 == 0:
            day = start + datetime.timedelta(days=(n * 7) % 1000)
            ContactFactory(member=member, section=section, date=day)
    ContactFactory(member=members[0], section=sections[0], date=datetime.date(2026, 1, 15))
    days = [datetime.date(2014, 1, 24), datetime.date(2014, 6, 6), datetime.date(2014, 6, 7)]
    days += [datetime.date(2014, 6, 8), datetime.date(2014, 8, 1), datetime.date(2015, 1, 20)]
    days += [datetime.date(2015, 3, 1) + datetime.timedelta(days=30 * n) for n in range(8)]
    days += [datetime.date(2016, 5, 26)]
    for n, day in enumerate(days):
        kind = "decision" if n == 12 else "meeting"
        MilestoneFactory(campaign=campaign, date=day, title=f"Milestone {n + 1}", kind=kind)


def visible_boxes(page, selector: str) -> list[dict]:
    boxes = []
    for element in page.locator(selector).all():
        if element.is_visible():
            box = element.bounding_box()
            if box and box["width"] > 0:
                boxes.append(box)
    return boxes


def overlapping(boxes: list[dict]) -> list[tuple[dict, dict]]:
    return [
        (a, b)
        for a, b in itertools.combinations(boxes, 2)
        if a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    ]


@pytest.mark.parametrize("period", ["campaign", "all", "last-12-months"])
def test_year_and_milestone_labels_never_overlap_on_a_phone(
    page, sign_in, staff_user, years_of_contacts, period
):
    page.set_viewport_size(PHONE)
    sign_in(staff_user)
    page.goto(f"/?period={period}")
    shot(page, f"dashboard-charts-390-{period}")

    years = visible_boxes(page, ".chart-svg .tick-year")
    markers = visible_boxes(page, ".lane-marker")
    assert years
    assert overlapping(years) == []
    assert overlapping(markers) == []
    assert not has_horizontal_scroll(page)


def test_the_dashboard_passes_axe_with_its_charts_and_matrix(
    page, sign_in, staff_user, years_of_contacts
):
    sign_in(staff_user)
    for name, size in (("390", PHONE), ("1280", LAPTOP)):
        page.set_viewport_size(size)
        page.goto("/")
        shot(page, f"dashboard-charts-{name}")
        # The two cards alone, at a size a reviewer can read.
        for card in ("months", "matrix"):
            page.locator(f'section[aria-labelledby="{card}-title"]').screenshot(
                path=str(ARTIFACTS / f"dashboard-charts-{card}-{name}.png")
            )
        headers = page.locator(".matrix-member span").all_inner_texts()
        assert "Kenya (unnamed member)" in headers
        results = Axe().run(page)
        assert [v["id"] for v in results.response["violations"]] == [], name
