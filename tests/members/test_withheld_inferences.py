"""A withheld member's name must not be inferable by readers without personal-data access:
not from where it falls in an alphabetical list, nor from its city, website or other facts
that single it out."""

import datetime
import re

import pytest
from django.urls import reverse

from members.models import MemberOrganisation
from tests.factories import ContactFactory, MemberFactory

DASHBOARD = reverse("campaigns:dashboard")
LIST = reverse("campaigns:contact-list")
SEARCH = reverse("campaigns:member-search")


@pytest.fixture
def members(db):
    """Two withheld members in one country, created in the reverse of their names' order, and
    a named one between them in the alphabet."""
    zulu = MemberFactory(name="Zulu Collective", country="DE", region="europe", name_public=False)
    beta = MemberFactory(name="Beta Network", country="NO", region="europe")
    alpha = MemberFactory(name="Alpha Collective", country="DE", region="europe", name_public=False)
    for member in (zulu, beta, alpha):
        ContactFactory(member=member)
    return {"zulu": zulu, "beta": beta, "alpha": alpha}


def option_ids(html: str, select_name: str) -> list[int]:
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    return [int(v) for v in re.findall(r'<option value="(\d+)"', select.group(1))]


def expected_order(*, personal_data: bool) -> list[int]:
    members = MemberOrganisation.objects.all()
    if personal_data:
        return [m.pk for m in sorted(members, key=lambda m: m.name)]
    # The named first by name, then the withheld by country and id: nothing of their names.
    named = sorted((m for m in members if m.name_public), key=lambda m: m.name)
    withheld = sorted((m for m in members if not m.name_public), key=lambda m: (m.country, m.pk))
    return [m.pk for m in [*named, *withheld]]


@pytest.mark.parametrize(("persona", "personal_data"), [("viewer", False), ("staff", True)])
def test_the_dashboards_member_filter_orders_by_what_the_reader_sees(
    client_for, personas, members, persona, personal_data
):
    html = client_for(personas[persona]).get(DASHBOARD).content.decode()

    assert option_ids(html, "member") == expected_order(personal_data=personal_data)


@pytest.mark.parametrize(("persona", "personal_data"), [("viewer", False), ("staff", True)])
def test_the_contact_lists_member_filter_orders_by_what_the_reader_sees(
    client_for, personas, members, persona, personal_data
):
    html = client_for(personas[persona]).get(LIST).content.decode()

    assert option_ids(html, "member") == expected_order(personal_data=personal_data)


def test_chosen_withheld_members_are_listed_by_what_the_reader_sees(client_for, viewer, members):
    chosen = [members["alpha"].pk, members["zulu"].pk]

    response = client_for(viewer).get(LIST, {"member": chosen})

    assert [pk for pk, _name, _query in response.context["chosen_members"]] == [
        members["zulu"].pk,
        members["alpha"].pk,
    ]


@pytest.mark.parametrize(("persona", "personal_data"), [("viewer", False), ("staff", True)])
def test_the_member_picker_orders_by_what_the_reader_sees(
    client_for, personas, members, persona, personal_data
):
    results = client_for(personas[persona]).get(SEARCH).json()["results"]

    assert [r["id"] for r in results] == expected_order(personal_data=personal_data)


@pytest.fixture
def withheld(db):
    member = MemberFactory(
        name="Hidden Collective",
        acronym="HICO",
        country="DE",
        region="europe",
        city="Leipzig",
        website="https://hidden-collective.example.org",
        joined=datetime.date(2011, 3, 14),
        name_public=False,
    )
    ContactFactory(member=member)
    return member


IDENTIFYING = ["Hidden Collective", "HICO", "Leipzig", "hidden-collective.example.org", "2011"]


@pytest.mark.parametrize("page", ["members:detail", "members:report"])
def test_a_withheld_members_pages_show_nothing_that_identifies_it_to_a_viewer(
    client_for, viewer, withheld, page
):
    html = client_for(viewer).get(reverse(page, args=[withheld.pk])).content.decode()

    assert "Member organisation in Germany (name withheld)" in html
    assert [fact for fact in IDENTIFYING if fact in html] == []


@pytest.mark.parametrize("page", ["members:detail", "members:report"])
def test_the_secretariat_sees_a_withheld_members_facts(client_for, staff_user, withheld, page):
    html = client_for(staff_user).get(reverse(page, args=[withheld.pk])).content.decode()
    # The printable report has no acronym for anyone.
    expected = IDENTIFYING if page == "members:detail" else IDENTIFYING[:1] + IDENTIFYING[2:]

    assert [fact for fact in expected if fact not in html] == []
