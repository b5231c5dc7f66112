"""The engagement dashboard at / and the campaign page: rendered numbers against numbers
computed in plain Python from the fixtures, privacy per role, errors, and query counts."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from campaigns import charts
from campaigns.models import Contact
from members.models import MemberOrganisation
from sections.models import Section
from tests.campaigns.test_dashboard_fixtures import (
    ENDORSEMENT_NOTE,
    PRIVATE_NOTE,
    WITHHELD_NAME,
    build_case_study,
    expected_numbers,
)
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    PetitionFactory,
    SectionFactory,
    SupporterCountFactory,
)

URL = reverse("campaigns:dashboard")
CAMPAIGN_URL = reverse("campaigns:campaign")


@pytest.fixture
def study(member_a, member_b):
    return build_case_study(member_a=member_a, member_b=member_b)


def _kpis(html: str) -> dict[str, str]:
    """Each headline figure's visible text, by its data-kpi name."""
    found = re.findall(r'data-kpi="([a-z-]+)">(.*?)</dd>', html, flags=re.S)
    return {name: " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()) for name, text in found}


def _number(value: float) -> str:
    return f"{value:g}"


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param({}, id="no-filter"),
        pytest.param({"since": "2015-09-01", "until": "2015-12-31"}, id="date-range"),
        pytest.param({"region": "europe"}, id="region"),
        pytest.param({"formality": "informal"}, id="informal-only"),
    ],
)
def test_headline_numbers_match_the_fixtures(client_for, staff_user, study, filters):
    expected = expected_numbers(
        [*study.contacts, study.deleted],
        filters=filters,
        check_ins=study.check_ins,
        sections_total=Section.objects.count(),
        members=list(MemberOrganisation.objects.all()),
    )["headline"]

    response = client_for(staff_user).get(URL, filters)

    assert response.status_code == 200
    kpis = _kpis(response.content.decode())
    assert kpis["sections"] == f"{expected['sections_engaged']} of {expected['sections_total']}"
    assert kpis["members"] == f"{expected['members_engaged']} of {expected['members_total']}"
    assert kpis["contacts"] == str(expected["contacts"])
    f = expected["formality"]
    assert kpis["formality"] == (
        f"{f['formal']} formal · {f['informal']} informal · {f['unknown']} not known"
    )
    i = expected["initiated_by"]
    assert kpis["initiated"] == f"{i['section']} by sections · {i['member']} by members"
    h = expected["hours"]
    assert kpis["hours"] == _number(h["total"])
    assert kpis["hours-detail"] == (
        f"{_number(h['unpaid'])} unpaid · {_number(h['paid'])} paid · "
        f"{_number(h['payment_unknown'])} payment not known"
    )
    assert kpis["follow-ups"] == f"{expected['follow_ups']['open']} open"
    c = expected["check_ins"]
    assert kpis["check-ins"] == f"{c['answered']} of {c['asked']} asked"


def test_case_study_shows_twelve_sections_the_poland_workshop_petitions_and_milestones(
    client_for, staff_user, study
):
    response = client_for(staff_user).get(URL, {"since": "2015-08-11"})
    html = response.content.decode()

    # Twelve sections engaged, of the thirteen recorded (AI Argentina has no contact).
    assert _kpis(html)["sections"] == "12 of 13"
    for name in ("AI Norway", "AI Poland", "AI Nigeria", "AI Italy"):
        assert f'<th scope="row" class="matrix-section">{name}</th>' in html
    # The Poland workshop's 4 unpaid hours are in the hours given by sex workers.
    poland = client_for(staff_user).get(URL, {"channel": "workshop"}).content.decode()
    assert _kpis(poland)["hours"] == "4"
    assert _kpis(poland)["hours-detail"].startswith("4 unpaid")
    # Both petitions, with their supporter counts, and all fifteen milestones.
    assert "Vote no to decriminalising pimps" in html
    assert "Stand firm and support decriminalisation" in html
    assert "10,935" in html
    assert "10,072" in html
    # The chart's key lists the three milestones from 11 August 2015 on (the campaign page
    # lists all fifteen).
    key = html[html.index('<ol class="milestone-key"') :]
    assert key[: key.index("</ol>")].count("<li ") == 3


def test_vote_is_marked_on_the_months_chart(client_for, staff_user, study):
    html = client_for(staff_user).get(URL).content.decode()

    # Drawn twice (wide screens and phones), the vote's marker each time.
    decisions = re.findall(r'<g class="lane-marker lane-decision"><title>([^<]*)</title>', html)
    vote = [d for d in decisions if "13. 11 Aug 2015: ICM votes for the resolution" in d]
    assert len(vote) == 2
    assert html.count('<line class="milestone-line') == 15


def test_months_can_be_stacked_by_initiator(client_for, staff_user, study):
    html = client_for(staff_user).get(URL, {"stack": "initiated_by"}).content.decode()

    assert "October 2015: Member organisation 2" in html
    assert 'aria-current="true">Initiated by</a>' in html


def test_matrix_cell_links_to_the_filtered_contact_list(client_for, staff_user, study):
    html = client_for(staff_user).get(URL, {"region": "europe", "stack": "formality"}).content
    html = html.decode()
    poland, member = study.sections["PL"], study.members["PL"]

    links = re.findall(r'<td class="heat-\d"><a href="([^"]+)">(\d+)</a></td>', html)
    targets = {unescape(href): int(n) for href, n in links}
    href = next(h for h in targets if f"section={poland.pk}&member={member.pk}&" in h)
    parts = urlsplit(href)
    assert parts.path == reverse("campaigns:contact-list")
    assert parse_qs(parts.query) == {
        "section": [str(poland.pk)],
        "member": [str(member.pk)],
        "region": ["europe"],
    }
    assert targets[href] == 2
    assert 'class="heat-2"><a' in html


def test_matrix_hides_empty_rows_and_columns_unless_asked(client_for, staff_user, study):
    def matrix(params):
        html = client_for(staff_user).get(URL, params).content.decode()
        return html.split('id="matrix-title"')[1].split("</section>")[0]

    engaged, everyone = matrix({}), matrix({"matrix": "all"})

    assert "AI Argentina" not in engaged
    assert "Quiet collective" not in engaged
    assert '<th scope="row" class="matrix-section">AI Argentina</th>' in everyone
    assert '<span title="Quiet collective">Quiet collective</span>' in everyone
    assert "Show only sections and members with contacts" in everyone


def test_matrix_says_how_many_sections_and_members_it_leaves_out(client_for, staff_user, study):
    html = client_for(staff_user).get(URL).content.decode()
    card = html.split('id="matrix-title"')[1].split("</section>")[0]

    # AI Argentina and the quiet collective have no contact; every other one has.
    assert "1 section has no contact under these filters and is not shown." in card
    assert "1 member organisation has no contact under these filters and is not shown." in card
    assert "matrix=all" in card
    everyone = client_for(staff_user).get(URL, {"matrix": "all"}).content.decode()
    assert "has no contact under these filters" not in everyone


def test_large_matrix_is_summarised_by_region_with_the_whole_one_on_demand(
    client_for, staff_user, study, monkeypatch
):
    monkeypatch.setattr(charts, "MATRIX_INLINE_CELLS", 4)
    html = client_for(staff_user).get(URL, {"region": "europe"}).content.decode()
    card = html.split('id="matrix-title"')[1].split("</section>")[0]
    poland = study.sections["PL"]

    assert 'class="matrix matrix-by-region"' in card
    assert 'class="matrix-member"' not in card
    # AI Poland's contacts with European members: a link to exactly those contacts.
    links = re.findall(r'<a href="([^"]+)">(\d+)</a><span class="matrix-sub">([^<]+)<', card)
    href, count, members = next(link for link in links if f"={poland.pk}&" in unescape(link[0]))
    assert parse_qs(urlsplit(unescape(href)).query) == {
        "section": [str(poland.pk)],
        "region": ["europe"],
    }
    expected = Contact.objects.filter(section=poland, member__region="europe").count()
    assert (int(count), members) == (expected, "1 member")
    # Every section × member number stays one link away, without JavaScript.
    assert "?region=europe&amp;matrix=engaged" in card
    whole = client_for(staff_user).get(URL, {"region": "europe", "matrix": "engaged"})
    whole_card = whole.content.decode().split('id="matrix-title"')[1].split("</section>")[0]
    assert 'class="matrix-member"' in whole_card
    assert "Summarise by member region" in whole_card


def test_region_summary_gives_a_viewer_numbers_without_links(
    client_for, viewer, study, monkeypatch
):
    monkeypatch.setattr(charts, "MATRIX_INLINE_CELLS", 4)
    html = client_for(viewer).get(URL).content.decode()
    card = html.split('id="matrix-title"')[1].split("</section>")[0]

    assert 'class="matrix matrix-by-region"' in card
    assert reverse("campaigns:contact-list") not in card
    assert re.search(r"<strong>\d+</strong><span class=\"matrix-sub\">", card)


def test_map_has_every_engaged_country_with_names_and_counts(client_for, staff_user, study):
    html = client_for(staff_user).get(URL).content.decode()

    poland = re.search(r'data-country="PL"><title>([^<]*)</title>', html).group(1)
    assert unescape(poland) == "Poland: AI Poland 3 contacts; 1 member engaged"
    table = html.split("Engagement by country as a table")[1].split("</table>")[0]
    assert "Member A" in table.split(">Poland</th>")[1].split("</tr>")[0]
    assert re.search(r'<use class="country map-1" href="/static/geo/world[^"]*\.svg#', html)
    assert html.count('<use class="country') == len(charts.world_countries())
    assert ' d="M' not in html.split('class="world-map"')[1].split("</svg>")[0]


def test_map_outlines_are_the_committed_static_sprite():
    """static/geo/world.svg is written by charts.world_sprite(); after a change of the
    geometry, write it again: manage.py shell -c "from campaigns.charts import
    world_sprite; open('static/geo/world.svg', 'w').write(world_sprite())"."""
    path = finders.find(charts.WORLD_SPRITE)
    with open(path, encoding="utf-8") as sprite:
        assert sprite.read() == charts.world_sprite()


def test_region_and_channel_tables_show_counts(client_for, staff_user, study):
    html = client_for(staff_user).get(URL).content.decode()

    europe = html.split('data-region="europe">')[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">(\d+)</td>', europe) == ["9", "8", "8"]
    meeting = html.split('data-channel="meeting">')[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">(\d+)</td>', meeting) == ["5"]


def test_strategies_show_status_due_date_and_contacts(client_for, staff_user, study):
    html = client_for(staff_user).get(URL).content.decode()

    five = html.split('data-strategy="5">')[1].split("</tr>")[0]
    assert "In progress" in five
    assert ">2</a>" in five
    six = html.split('data-strategy="6">')[1].split("</tr>")[0]
    assert "31 Dec 2015" in six
    assert "Planned" in six


def test_viewer_sees_numbers_but_no_withheld_name_and_no_notes(client_for, viewer, study):
    response = client_for(viewer).get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert WITHHELD_NAME not in html
    assert PRIVATE_NOTE not in html
    assert study.withheld.withheld_name in html
    assert _kpis(html)["contacts"] == "15"
    campaign = client_for(viewer).get(CAMPAIGN_URL).content.decode()
    assert ENDORSEMENT_NOTE not in campaign
    assert WITHHELD_NAME not in campaign


def test_filter_form_withholds_names_for_a_viewer(client_for, viewer, study):
    html = client_for(viewer).get(URL).content.decode()
    select = html.split('name="member"')[1].split("</select>")[0]

    assert study.withheld.withheld_name in select
    assert WITHHELD_NAME not in select


def test_focal_point_sees_only_its_own_organisations_numbers(
    client_for, focal_point, member_b, study
):
    html = client_for(focal_point).get(URL).content.decode()
    kpis = _kpis(html)

    assert kpis["contacts"] == "2"
    assert kpis["hours"] == "4"
    assert kpis["members"] == f"1 of {MemberOrganisation.objects.count()}"
    matrix = html.split('id="matrix-title"')[1].split("</section>")[0]
    assert member_b.name not in matrix
    assert "AI Nigeria" not in matrix


def test_invalid_filter_is_a_400_with_a_visible_error_naming_it(client_for, staff_user, study):
    response = client_for(staff_user).get(URL, {"since": "2015-02-30", "formality": "loud"})
    html = response.content.decode()

    assert response.status_code == 400
    assert 'role="alert"' in html
    assert "<code>since</code>" in html
    assert "<code>formality</code>" in html
    assert 'data-kpi="contacts"' not in html


def test_since_after_until_is_a_400_with_the_message_at_until(client_for, staff_user, study):
    response = client_for(staff_user).get(URL, {"since": "2016-01-01", "until": "2015-01-01"})
    html = response.content.decode()

    assert response.status_code == 400
    assert "<code>until</code>" in html
    assert "is before “since” (2016-01-01)" in html


def test_invalid_filter_on_the_campaign_page_is_a_400(client_for, staff_user, study):
    response = client_for(staff_user).get(CAMPAIGN_URL, {"region": "mars"})

    assert response.status_code == 400
    assert "<code>region</code>" in response.content.decode()


def test_campaign_page_lists_goals_strategies_milestones_petitions_endorsements(
    client_for, staff_user, study
):
    response = client_for(staff_user).get(CAMPAIGN_URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count('<li class="goal">') == 3
    assert html.count("data-strategy=") == 6
    assert html.count('class="timeline-item') == 15
    assert "Early 2016" in html
    assert html.count('<g class="petition') == 2
    assert "UNAIDS" in html
    assert "The Lancet" in html
    assert ENDORSEMENT_NOTE in html  # the secretariat sees the note


def test_campaign_page_counts_strategy_contacts_with_the_filters(client_for, staff_user, study):
    html = client_for(staff_user).get(CAMPAIGN_URL, {"region": "africa"}).content.decode()

    five = html.split('data-strategy="5">')[1].split("</tr>")[0]
    assert ">1</a>" in five


def test_pages_work_without_inline_scripts_or_styles(client_for, staff_user, study):
    for url in (URL, CAMPAIGN_URL):
        html = client_for(staff_user).get(url).content.decode()
        assert "style=" not in html
        assert "<style" not in html
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
        assert " onclick=" not in html


def test_no_role_and_anonymous_get_no_dashboard(db, client_for, no_role_user):
    assert client_for(no_role_user).get(URL).url == reverse("no-access")
    assert reverse("login") in client_for(None).get(URL).url


def test_empty_database_renders(client_for, admin_user):
    response = client_for(admin_user).get(URL)

    assert response.status_code == 200
    assert "No contacts match these filters." in response.content.decode()
    assert client_for(admin_user).get(CAMPAIGN_URL).status_code == 200


def test_world_geometry_maps_natural_earth_ids_to_iso_codes():
    codes = {shape["code"] for shape in charts.world_countries()}

    assert {"NO", "PL", "NG", "US", "IN", "SE", "TR", "CA"} <= codes
    assert "AQ" not in codes  # Antarctica is left out
    for shape in charts.world_countries():
        assert shape["d"].startswith("M")


# Query counts: the same at 10 and at 1,000 contacts.


def _bulk_contacts(count: int, campaign) -> None:
    sections = [SectionFactory(country=code) for code in ("FR", "ES", "PT", "BR", "KE", "ZA", "TH")]
    members = [MemberFactory() for _ in range(13)]
    strategy = campaign.strategies.first()
    Contact.objects.bulk_create(
        Contact(
            date=datetime.date(2015, 8, 1) + datetime.timedelta(days=n % 400),
            section=sections[n % len(sections)],
            member=members[n % len(members)],
            initiated_by=("section", "member", "unknown")[n % 3],
            formality=("formal", "informal", "")[n % 3],
            channel=Contact.Channel.values[n % len(Contact.Channel.values)],
            strategy=strategy if n % 2 else None,
            summary=f"Contact {n}",
            hours=n % 5,
            hours_paid=(True, False, None)[n % 3],
        )
        for n in range(count)
    )


# Queries of the JSON for a secretariat user, with no filter and a recorded campaign:
#  1 session, 2 user, 3 user's groups (role, cached for the request),
#  4 matrix cells (section × member: also the engaged counts, the regions and the map),
#  5 all sections, 6 all members (with the visibility rule as a subquery), 7 campaign,
#  8 contacts per strategy, 9 strategies, 10 strategies' goals (prefetch), 11 goals,
#  12 petitions, 13 supporter counts (prefetch), 14 milestones, 15 endorsements,
#  16 headline aggregate, 17 check-ins aggregate, 18 by channel, 19 by month.
JSON_QUERIES = 19
# The page: the same, plus the filter form's section, member and strategy choices, and the
# positions panel (the positions held on the day, the sections changed since the vote).
PAGE_QUERIES = JSON_QUERIES + 3 + 2


@pytest.mark.parametrize("size", [10, 1000])
def test_dashboard_runs_a_fixed_number_of_queries(
    client_for, staff_user, django_assert_num_queries, size
):
    campaign = build_case_study(member_a=MemberFactory(), member_b=MemberFactory()).campaign
    _bulk_contacts(size, campaign)
    client = client_for(staff_user)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)
    assert response.status_code == 200
    assert _kpis(response.content.decode())["contacts"] == f"{size + 15:,}"


@pytest.mark.parametrize("size", [10, 1000])
def test_json_runs_a_fixed_number_of_queries(
    client_for, staff_user, django_assert_num_queries, size
):
    campaign = CampaignFactory()
    campaign.strategies.create(number=1, title="Strategy 1")
    SupporterCountFactory(petition=PetitionFactory(campaign=campaign))
    _bulk_contacts(size, campaign)
    client = client_for(staff_user)

    with django_assert_num_queries(JSON_QUERIES):
        response = client.get(reverse("campaigns:api-engagement"), {"matrix": "all"})
    assert response.json()["headline"]["contacts"] == size


def test_charts_keep_svg_coordinates_in_french(client_for, staff_user, study):
    html = client_for(staff_user).get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    charts_svg = re.findall(r'<svg class="chart-svg".*?</svg>', html, re.S)
    assert len(charts_svg) == 2  # months and petitions
    for svg in charts_svg:
        # A French decimal comma would break the shapes: "12,5" is not an SVG length.
        assert not re.search(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="-?\d+,\d', svg)
        assert re.search(r'\s(?:x|y|cx|cy|height)="\d+\.\d"', svg)
