"""One filter form for the contact list and the dashboard: the same fields, pickers, chips and
words on both pages (the dashboard leaves out the list's order only), empty parameters dropped
by a redirect, bad values refused at their field, members offered as the reader's role sees
them."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns.test_dashboard import _kpis
from tests.factories import ContactFactory, MemberFactory, SectionFactory

LIST_URL = reverse("campaigns:contact-list")
DASHBOARD_URL = reverse("campaigns:dashboard")
PAGES = [pytest.param(LIST_URL, id="list"), pytest.param(DASHBOARD_URL, id="dashboard")]


class _FilterForm(HTMLParser):
    """The filter form's controls and the words a person reads in it (option labels apart)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controls: list[tuple[str, str]] = []  # (tag or input type, name)
        self.hidden: list[tuple[str, str]] = []  # (name, value) of the hidden inputs
        self.options: dict[str, list[str]] = {}  # a select's name: its options' labels
        self.words: list[str] = []
        self.links: dict[str, str] = {}  # a link's text: its address
        self._depth = 0
        self._select: str | None = None
        self._link: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("aria-label") == "Filter contacts":
            self._depth = 1
            return
        if not self._depth:
            return
        if tag == "form":
            self._depth += 1
        elif tag == "input" and attributes.get("type") == "hidden":
            self.hidden.append((attributes["name"], attributes["value"]))
        elif tag in ("input", "select"):
            self.controls.append((attributes.get("type", tag), attributes["name"]))
        if tag == "select":
            self._select = attributes["name"]
            self.options[self._select] = []
        if tag == "a":
            self._link = attributes["href"]

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag == "form":
            self._depth -= 1
        elif tag == "select":
            self._select = None
        elif tag == "a":
            self._link = None

    def handle_data(self, data):
        text = " ".join(data.split())
        if not self._depth or not text:
            return
        if self._select:
            self.options[self._select].append(text)
        else:
            self.words.append(text)
            if self._link:
                self.links[text] = self._link


def filter_form(html: str) -> _FilterForm:
    parser = _FilterForm()
    parser.feed(html)
    assert parser.controls, "no filter form on the page"
    return parser


def _without_order(form: _FilterForm) -> tuple[list, list]:
    """The list's controls and words without its order, which the dashboard leaves out."""
    controls = [control for control in form.controls if control[1] != "sort"]
    return controls, [word for word in form.words if word != "Order:"]


def test_both_pages_draw_the_same_form_with_the_same_words(client_for, staff_user):
    sweden = SectionFactory(name="AI Sweden", country="SE")
    client = client_for(staff_user)
    params = {"section": sweden.pk, "region": "europe"}

    on_list = filter_form(client.get(LIST_URL, params).content.decode())
    on_dashboard = filter_form(client.get(DASHBOARD_URL, params).content.decode())

    assert ("select", "sort") in on_list.controls
    assert "Order:" in on_list.words
    assert (on_dashboard.controls, on_dashboard.words) == _without_order(on_list)
    assert on_dashboard.options == {k: v for k, v in on_list.options.items() if k != "sort"}
    assert [name for _kind, name in on_dashboard.controls] == [
        "q",
        "section",
        "member",
        "region",
        "country",
        "since",
        "until",
        "initiated_by",
        "formality",
        "channel",
        "strategy",
        "follow_up",
    ]
    for word in ("Filter", "More filters", "AI Sweden", "Clear all filters"):
        assert word in on_dashboard.words
    assert on_dashboard.options["section"][0] == "Add another section"
    assert "Apply" not in on_dashboard.words
    assert "---------" not in str(on_dashboard.options)
    assert on_dashboard.options["region"][0] == "Any"
    assert on_dashboard.hidden == [("section", str(sweden.pk))]


def test_the_dashboard_form_keeps_how_the_numbers_are_drawn(client_for, staff_user):
    sweden = SectionFactory(name="AI Sweden", country="SE")
    params = {"section": sweden.pk, "stack": "initiated_by", "matrix": "all"}

    html = client_for(staff_user).get(DASHBOARD_URL, params).content.decode()
    form = filter_form(html)

    assert ("stack", "initiated_by") in form.hidden
    assert ("matrix", "all") in form.hidden
    assert form.links["Clear all filters"] == "/?stack=initiated_by&matrix=all"
    chip_removal = parse_qs(urlsplit(form.links["×"]).query)
    assert chip_removal == {"stack": ["initiated_by"], "matrix": ["all"]}


def test_display_parameters_alone_are_no_filters(client_for, staff_user):
    html = client_for(staff_user).get(DASHBOARD_URL, {"stack": "formality"}).content.decode()
    form = filter_form(html)

    assert "Clear all filters" not in form.words
    assert form.options["section"][0] == "Any section"
    assert form.hidden == [("stack", "formality")]
    assert "<details open>" not in html


@pytest.mark.parametrize("url", PAGES)
def test_empty_parameters_redirect_to_the_short_url_keeping_the_others(client_for, staff_user, url):
    section = SectionFactory()
    client = client_for(staff_user)

    response = client.get(
        f"{url}?q=&section={section.pk}&section=&member=&since=&region=europe&stack="
    )

    assert response.status_code == 302
    assert response["Location"] == f"{url}?section={section.pk}&region=europe"
    everything_empty = client.get(f"{url}?section=&member=&since=%20")
    assert everything_empty.status_code == 302
    assert everything_empty["Location"] == url
    assert client.get(f"{url}?section={section.pk}&region=europe").status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("params", "error_id", "message"),
    [
        ({"since": "2015-02-30"}, "id_since_error", "Enter a valid date."),
        (
            {"since": "2016-01-01", "until": "2015-01-01"},
            "id_until_error",
            "is before “since” (2016-01-01)",
        ),
        ({"section": "abc"}, "filter-section_error", "“abc” is not a valid value."),
        ({"channel": "pigeon"}, "id_channel_error", "Select a valid choice."),
    ],
)
def test_a_bad_value_is_a_400_with_the_message_at_its_field(
    client_for, staff_user, url, params, error_id, message
):
    response = client_for(staff_user).get(url, params)
    html = response.content.decode()

    assert response.status_code == 400
    form_html = html.split('aria-label="Filter contacts"')[1].split("</form>")[0]
    at_field = re.search(rf'<p class="error" id="{error_id}">(.*?)</p>', form_html)
    assert at_field is not None
    assert message in at_field.group(1).replace("&quot;", '"')
    assert "<details open>" in form_html


@pytest.mark.parametrize("url", PAGES)
def test_a_focal_points_member_picker_offers_its_own_organisation_only(
    client_for, focal_point, member_a, member_b, url
):
    html = client_for(focal_point).get(url).content.decode()

    members = filter_form(html).options["member"]
    assert members == ["Any member", member_a.name]
    assert member_b.name not in html


@pytest.mark.parametrize("url", PAGES)
def test_the_member_pickers_order_tells_nothing_of_a_withheld_name(
    client_for, viewer, staff_user, url
):
    """Where a withheld name would fall in the alphabet is not told to a reader who may not
    see it (docs/security.md): the named members first, then the withheld ones by country."""
    kenya = MemberFactory(name="Aardvark Collective", name_public=False, country="KE")
    benin = MemberFactory(name="Zebra Network", name_public=False, country="BJ")
    named = MemberFactory(name="Rose Alliance", country="SE")
    reader = viewer if url == DASHBOARD_URL else staff_user

    members = filter_form(client_for(reader).get(url).content.decode()).options["member"]

    if reader == viewer:
        assert members == ["Any member", named.name, benin.withheld_name, kenya.withheld_name]
        assert "Aardvark" not in str(members)
    else:  # the secretariat sees every name, in the alphabet
        assert members == ["Any member", kenya.name, named.name, benin.name]


def test_without_javascript_chosen_sections_add_up_and_narrow_the_numbers(client_for, staff_user):
    """The picker is a plain select: each submission adds one section, and the chips send the
    ones already chosen again."""
    sweden, norway, kenya = (SectionFactory(name=f"AI {c}", country=c) for c in ("SE", "NO", "KE"))
    for section in (sweden, norway, norway, kenya):
        ContactFactory(section=section)
    client = client_for(staff_user)

    html = client.get(DASHBOARD_URL, {"section": [sweden.pk, norway.pk]}).content.decode()
    form = filter_form(html)

    assert form.hidden == [("section", str(norway.pk)), ("section", str(sweden.pk))]
    assert form.options["section"] == ["Add another section", "AI KE", "AI NO", "AI SE"]
    assert _kpis(html)["contacts"] == "3"


def _dashboard_queries(client, sections, members) -> int:
    params = {"section": [s.pk for s in sections], "member": [m.pk for m in members]}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(DASHBOARD_URL, params)
    assert response.status_code == 200
    assert len(filter_form(response.content.decode()).hidden) == len(sections) + len(members)
    return len(captured)


def test_chips_cost_the_same_queries_whatever_the_number_chosen(client_for, staff_user):
    """The chosen sections' and members' names are one read each (and their ids' check one
    each), for 2 or 20 chips."""
    client = client_for(staff_user)
    sections, members = SectionFactory.create_batch(20), MemberFactory.create_batch(20)
    for section, member in zip(sections, members, strict=True):
        ContactFactory(section=section, member=member)
    _dashboard_queries(client, sections[:2], members[:2])  # the session's first save

    assert _dashboard_queries(client, sections[:2], members[:2]) == _dashboard_queries(
        client, sections, members
    )
