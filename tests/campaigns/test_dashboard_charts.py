"""The dashboard's charts read at any span: the monthly chart's window (``period``), whole
contacts on its axis, numbered milestones that never overlap, and matrix headers that say
which country a withheld or unnamed member is in."""

import datetime
import itertools
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import charts
from tests.factories import CampaignFactory, ContactFactory, MemberFactory, MilestoneFactory

URL = reverse("campaigns:dashboard")
API = reverse("campaigns:api-engagement")


@pytest.fixture
def spread(db):
    """A campaign of 2014-2016 with its contacts, and one contact logged in 2026."""
    campaign = CampaignFactory(
        starts_on=datetime.date(2014, 1, 24), ends_on=datetime.date(2016, 12, 31)
    )
    member = MemberFactory(country="KE", region="africa")
    for day in (datetime.date(2014, 3, 5), datetime.date(2015, 8, 20), datetime.date(2015, 9, 2)):
        ContactFactory(member=member, date=day)
    ContactFactory(member=member, date=datetime.date(2026, 1, 15))
    MilestoneFactory(campaign=campaign, date=datetime.date(2015, 8, 11), title="The vote")
    return campaign


def year_labels(html: str) -> list[str]:
    return re.findall(r'<text class="tick tick-year[^"]*"[^>]*>(\d{4})</text>', html)


def test_the_monthly_chart_opens_on_the_campaigns_period(client_for, staff_user, spread):
    response = client_for(staff_user).get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert year_labels(html) == ["2014", "2015", "2016"]
    assert "1 contact is dated outside these months" in html
    assert 'aria-current="true">Campaign period</a>' in html
    # The headline still counts every contact.
    assert response.context["headline"]["contacts"] == 4


def test_an_open_campaign_runs_to_its_last_milestone(client_for, staff_user, spread):
    """The case study's campaign has no end date: its timeline of milestones frames it."""
    spread.ends_on = None
    spread.save()
    MilestoneFactory(campaign=spread, date=datetime.date(2016, 5, 26), title="Policy adopted")

    response = client_for(staff_user).get(URL)

    chart = response.context["months_chart"]
    assert (chart["first"], chart["last"]) == (datetime.date(2014, 1, 1), datetime.date(2016, 5, 1))
    assert "1 contact is dated outside these months" in response.content.decode()


def test_all_time_spans_every_contact(client_for, staff_user, spread):
    html = client_for(staff_user).get(URL, {"period": "all"}).content.decode()

    assert year_labels(html)[0] == "2014"
    assert year_labels(html)[-1] == "2026"
    assert "dated outside these months" not in html
    assert 'aria-current="true">All time</a>' in html


def test_last_twelve_months_shows_this_year_alone(client_for, staff_user, spread):
    today = timezone.localdate()
    response = client_for(staff_user).get(URL, {"period": "last-12-months"})
    html = response.content.decode()

    chart = response.context["months_chart"]
    assert (chart["first"], chart["last"]) == (
        charts._add_months(today.replace(day=1), -11),
        today.replace(day=1),
    )
    assert "2014" not in year_labels(html)
    assert "3 contacts are dated outside these months" in html


def test_a_date_filter_without_a_period_frames_the_chart_itself(client_for, staff_user, spread):
    html = client_for(staff_user).get(URL, {"since": "2020-01-01"}).content.decode()

    assert year_labels(html) == ["2026"]
    assert 'aria-current="true">All time</a>' in html


@pytest.mark.parametrize("url", [URL, API])
def test_an_unknown_period_is_a_400_naming_it(client_for, staff_user, spread, url):
    response = client_for(staff_user).get(url, {"period": "forever"})

    assert response.status_code == 400
    if url == API:
        assert "period" in response.json()["errors"]
    else:
        assert "<code>period</code>" in response.content.decode()


def test_the_json_keeps_every_month_whatever_the_period(client_for, staff_user, spread):
    data = client_for(staff_user).get(API, {"period": "campaign"}).json()

    assert data["by_month"][-1]["month"] == "2026-01-01"
    assert data["headline"]["contacts"] == 4


def test_one_contact_gives_whole_number_ticks(client_for, focal_point, member_a):
    ContactFactory(member=member_a, date=datetime.date(2015, 9, 1))

    response = client_for(focal_point).get(URL, {"period": "all"})

    labels = [t["label"] for t in response.context["months_chart"]["y_ticks"]]
    assert labels == ["0", "1"]
    assert "0.25" not in response.content.decode()


@pytest.mark.parametrize("maximum", [1, 3, 7, 12, 37, 130, 2600])
def test_every_tick_is_a_whole_number(maximum):
    _ceiling, ticks = charts._y_ticks(maximum, 0, 100)

    assert all(t["label"].replace(",", "").isdigit() for t in ticks)
    assert len(ticks) <= 6


def milestone(day: datetime.date, title: str, kind: str = "meeting") -> dict:
    return {
        "date": day,
        "precision": "day",
        "end_date": None,
        "date_label": "",
        "title": title,
        "kind": kind,
    }


MILESTONES = [
    milestone(datetime.date(2014, 3, 1), "Consultation opens"),
    milestone(datetime.date(2015, 1, 10), "First draft"),
    milestone(datetime.date(2015, 1, 20), "Second draft"),
    milestone(datetime.date(2015, 1, 25), "Third draft"),
    milestone(datetime.date(2015, 8, 11), "The vote", "decision"),
]


def lanes(window, items=MILESTONES) -> dict:
    chart = charts.months_chart(
        [],
        items,
        stack="formality",
        labels={"formal": "", "informal": "", "unknown": ""},
        window=window,
    )
    return chart["lanes"]


def test_milestones_of_one_month_share_one_numbered_marker():
    wide = lanes((datetime.date(2014, 1, 1), datetime.date(2016, 12, 1)))["wide"]

    assert [m["label"] for m in wide] == ["1", "2–4", "5"]
    assert wide[1]["title"].splitlines() == [
        "2. 10 Jan 2015: First draft",
        "3. 20 Jan 2015: Second draft",
        "4. 25 Jan 2015: Third draft",
    ]
    assert [m["decision"] for m in wide] == [False, False, True]


@pytest.mark.parametrize("years", [1, 3, 13, 36])
def test_milestone_markers_never_overlap(years):
    many = [
        milestone(datetime.date(2014, 1, 1) + datetime.timedelta(days=17 * n), f"M{n}")
        for n in range(60)
    ]
    window = (datetime.date(2014, 1, 1), datetime.date(2014 + years - 1, 12, 1))
    for layout, markers in lanes(window, many).items():
        numbers = []
        for before, after in itertools.pairwise(markers):
            assert before["left"] + before["w"] < after["left"], layout
        for marker in markers:
            numbers += [m["n"] for m in marker["milestones"]]
            assert marker["left"] >= 0
            assert marker["left"] + marker["w"] <= 760
        shown = [m for m in many if m["date"] <= datetime.date(2014 + years - 1, 12, 31)]
        assert numbers == list(range(1, len(shown) + 1))


def test_the_chart_lists_its_milestones_in_order_under_it(client_for, staff_user, spread):
    MilestoneFactory(campaign=spread, date=datetime.date(2014, 6, 6), title="Assembly")

    html = client_for(staff_user).get(URL).content.decode()

    key = html[html.index('<ol class="milestone-key"') :]
    items = re.findall(r'<li value="(\d+)"[^>]*>(.*?)</li>', key[: key.index("</ol>")])
    assert [(n, re.sub(r"<[^>]+>", "", text)) for n, text in items] == [
        ("1", "6 Jun 2014 Assembly"),
        ("2", "11 Aug 2015 The vote"),
    ]


@pytest.mark.parametrize("span", [(2014, 2014), (2014, 2016), (2014, 2026), (1990, 2027)])
def test_year_labels_leave_room_between_them(span):
    first = datetime.date(span[0], 11, 1)
    ticks = charts._year_labels(first, (span[1] - span[0]) * 12 + 2, 44, 704 / 14, 760)
    for layout, font in charts.YEAR_FONTS.items():
        xs = [t["x"] for t in ticks if f"tick-{layout}" in t["layouts"]]
        assert xs
        assert all(b - a >= 4 * font * 0.62 for a, b in itertools.pairwise(xs))


def member_headers(html: str) -> list[tuple[str, str]]:
    return [
        (unescape(title), unescape(text))
        for title, text in re.findall(
            r'<th scope="col" class="matrix-member"><span title="([^"]*)">([^<]*)</span>', html
        )
    ]


@pytest.fixture
def kenya(db):
    """A placeholder member and one whose name is withheld, both in Kenya, with a contact."""
    unnamed = MemberFactory(
        name="Kenya placeholder", country="KE", region="africa", placeholder=True
    )
    withheld = MemberFactory(name="Secret Collective", country="KE", region="africa")
    withheld.name_public = False
    withheld.save()
    for member in (unnamed, withheld):
        ContactFactory(member=member, date=datetime.date(2015, 9, 1))


def test_matrix_headers_name_the_country_of_withheld_and_unnamed_members(client_for, viewer, kenya):
    html = client_for(viewer).get(URL).content.decode()

    assert sorted(member_headers(html)) == [
        ("Member organisation in Kenya (name withheld)", "Kenya (name withheld)"),
        ("Member organisation in Kenya (not named in the source)", "Kenya (unnamed member)"),
    ]
    assert "Secret Collective" not in html


def test_the_secretariat_reads_the_withheld_name_in_the_header(client_for, staff_user, kenya):
    html = client_for(staff_user).get(URL).content.decode()

    assert sorted(member_headers(html)) == [
        ("Member organisation in Kenya (not named in the source)", "Kenya (unnamed member)"),
        ("Secret Collective", "Secret Collective"),
    ]


def test_the_matrix_is_a_named_focusable_region_with_its_scroll_hint(client_for, staff_user, kenya):
    html = client_for(staff_user).get(URL).content.decode()

    assert re.search(
        r'<div class="matrix-wrap" role="region" aria-labelledby="matrix-caption" '
        r'aria-describedby="matrix-hint" tabindex="0">',
        html,
    )
    assert 'data-both="Scroll inside the grid for more rows and columns."' in html
