"""The member list and a member's page: visibility per role, withheld names, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from members.models import MemberOrganisation
from tests.factories import (
    ContactFactory,
    EventFactory,
    MemberFactory,
    PersonFactory,
    SectionFactory,
    SectionRequestFactory,
)

LIST_URL = reverse("members:list")
WITHHELD_B = "Member organisation in Nigeria (name withheld)"


def detail_url(member):
    return reverse("members:detail", args=[member.pk])


@pytest.fixture
def engaged(db, member_a, member_b):
    """Member A: two contacts with AI Poland, one with AI Germany (last 1 Oct 2015), a focal
    person on file. Member B: name withheld, one contact with AI Nigeria, a website."""
    member_a.city = "Warsaw"
    member_a.size = MemberOrganisation.Size.VOLUNTEER_LED
    member_a.joined = datetime.date(2012, 5, 1)
    member_a.notes = "Secretariat-only note"
    member_a.save()
    member_b.name_public = False
    member_b.website = "https://member-b.example.org"
    member_b.save()
    poland = SectionFactory(name="AI Poland", country="PL")
    germany = SectionFactory(name="AI Germany", country="DE")
    nigeria = SectionFactory(name="AI Nigeria", country="NG", region="africa")
    ContactFactory(section=poland, member=member_a, date=datetime.date(2015, 8, 20))
    ContactFactory(section=poland, member=member_a, date=datetime.date(2015, 10, 1))
    ContactFactory(section=germany, member=member_a, date=datetime.date(2015, 9, 1))
    ContactFactory(section=nigeria, member=member_b, date=datetime.date(2015, 9, 15))
    PersonFactory(member=member_a, name="Agata Focal")
    PersonFactory(member=member_b, name="Amaka Focal")
    return {"poland": poland, "germany": germany, "nigeria": nigeria}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("staff", 200),
        ("focal_point", 200),
        ("viewer", 200),
        ("no_role", 302),
        ("anonymous", 302),
    ],
)
def test_member_pages_open_for_every_role(personas, client_for, member_a, persona, status):
    client = client_for(personas[persona])
    assert client.get(LIST_URL).status_code == status
    assert client.get(detail_url(member_a)).status_code == status


def test_focal_point_cannot_open_another_members_page(client_for, focal_point, member_b):
    assert client_for(focal_point).get(detail_url(member_b)).status_code == 404


def test_list_shows_counts_and_last_contact_date(client_for, staff_user, engaged):
    response = client_for(staff_user).get(LIST_URL)

    rows = {m.name: m for m in response.context["members"]}
    assert (rows["Member A"].contact_count, rows["Member A"].sections_engaged) == (3, 2)
    assert rows["Member A"].last_contact == datetime.date(2015, 10, 1)
    assert (rows["Member B"].contact_count, rows["Member B"].sections_engaged) == (1, 1)
    html = response.content.decode()
    assert date_format(datetime.date(2015, 10, 1)) in html
    assert "Member B" in html


def test_focal_point_lists_only_its_own_organisation(client_for, focal_point, engaged):
    response = client_for(focal_point).get(LIST_URL)

    assert [m.name for m in response.context["members"]] == ["Member A"]
    assert "Member B" not in response.content.decode()
    assert WITHHELD_B not in response.content.decode()


def test_viewer_sees_withheld_names_in_the_list(client_for, viewer, engaged):
    html = client_for(viewer).get(LIST_URL).content.decode()

    assert "Member B" not in html
    assert WITHHELD_B in html
    assert "Member A" in html


def test_name_sort_does_not_reveal_where_a_withheld_name_falls(client_for, viewer, db):
    MemberFactory(name="Aardvark collective", country="NO", name_public=False)
    MemberFactory(name="Zebra network", country="PL")
    response = client_for(viewer).get(LIST_URL, {"sort": "name"})

    # Named members first, alphabetically; withheld ones after them, whatever their name.
    assert [m.name for m in response.context["members"]] == [
        "Zebra network",
        "Aardvark collective",
    ]


def test_region_and_status_filters(client_for, staff_user, engaged, member_a):
    MemberFactory(name="Former member", country="NG", region="africa", status="former")
    client = client_for(staff_user)

    africa = client.get(LIST_URL, {"region": "africa"}).context["members"]
    assert {m.name for m in africa} == {"Member B", "Former member"}
    current_africa = client.get(LIST_URL, {"region": "africa", "status": "member"})
    assert [m.name for m in current_africa.context["members"]] == ["Member B"]


def test_sort_by_contacts(client_for, staff_user, engaged):
    response = client_for(staff_user).get(LIST_URL, {"sort": "-contacts"})

    assert [m.name for m in response.context["members"]] == ["Member A", "Member B"]


def test_unknown_status_is_a_visible_error(client_for, staff_user, engaged):
    response = client_for(staff_user).get(LIST_URL, {"status": "ex-member"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_list_runs_a_fixed_number_of_queries(client_for, viewer, size, django_assert_num_queries):
    for _ in range(size):
        member = MemberFactory(name_public=False)
        ContactFactory(member=member)
        ContactFactory(member=member)
    client = client_for(viewer)
    # session, user, groups, members with their counted contacts
    with django_assert_num_queries(4):
        response = client.get(LIST_URL)
    assert len(response.context["members"]) == size


def test_detail_shows_profile_numbers_and_sections_engaged(
    client_for, staff_user, engaged, member_a
):
    response = client_for(staff_user).get(detail_url(member_a))
    html = response.content.decode()

    assert response.context["numbers"] == {
        "contacts": 3,
        "sections_engaged": 2,
        "first_contact": datetime.date(2015, 8, 20),
        "last_contact": datetime.date(2015, 10, 1),
    }
    sections = {
        s.name: (s.contact_count, s.last_contact) for s in response.context["sections_engaged"]
    }
    assert sections == {
        "AI Poland": (2, datetime.date(2015, 10, 1)),
        "AI Germany": (1, datetime.date(2015, 9, 1)),
    }
    for text in ["Warsaw", "Volunteer-led, small", "Poland", "Europe", "Sex worker-led"]:
        assert text in html
    assert date_format(datetime.date(2012, 5, 1)) in html
    assert f'href="/contacts/?member={member_a.pk}"' in html
    assert len(response.context["contacts"]) == 3


def test_secretariat_sees_people_and_notes(client_for, staff_user, engaged, member_a):
    html = client_for(staff_user).get(detail_url(member_a)).content.decode()

    person = member_a.people.get()
    assert "Agata Focal" in html
    assert reverse("members:person-detail", args=[person.pk]) in html
    assert "Secretariat-only note" in html


def test_focal_point_sees_its_own_page_without_people_or_notes(
    client_for, focal_point, engaged, member_a
):
    response = client_for(focal_point).get(detail_url(member_a))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["numbers"]["contacts"] == 3
    assert "Agata Focal" not in html
    assert "Secretariat-only note" not in html


def test_viewer_sees_withheld_name_everywhere_including_the_title(
    client_for, viewer, engaged, member_b
):
    html = client_for(viewer).get(detail_url(member_b)).content.decode()

    assert "Member B" not in html
    assert f"<title>{WITHHELD_B} · NSWP</title>" in html
    assert f"<h1>{WITHHELD_B}" in html
    # The website would give the name away.
    assert "member-b.example.org" not in html
    assert "Amaka Focal" not in html
    assert "AI Nigeria" in html


def test_secretariat_sees_the_withheld_members_name_and_website(
    client_for, staff_user, engaged, member_b
):
    html = client_for(staff_user).get(detail_url(member_b)).content.decode()

    assert "<h1>Member B" in html
    assert "member-b.example.org" in html


@pytest.mark.parametrize("size", [2, 20])
def test_detail_runs_a_fixed_number_of_queries(
    client_for, staff_user, member_a, size, django_assert_num_queries
):
    for _ in range(size):
        ContactFactory(member=member_a)
        PersonFactory(member=member_a)
        EventFactory(members=[member_a])
        SectionRequestFactory(member=member_a)
    client = client_for(staff_user)
    # session, user, groups, the member, its numbers, sections engaged, the contact filter's
    # member check, the contact history, the events with their sections and members (3), the
    # requests, the member's people, the audit record of the people shown (savepoint and
    # insert)
    with django_assert_num_queries(15):
        response = client.get(detail_url(member_a))
    assert len(response.context["sections_engaged"]) == size
