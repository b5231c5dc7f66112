"""The section list and a section's page: who may open them, what they show, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from sections.models import Section
from tests.factories import (
    ContactFactory,
    EventFactory,
    MemberFactory,
    PersonFactory,
    SectionFactory,
    SectionPositionFactory,
    SectionRequestFactory,
)

LIST_URL = reverse("sections:list")


def detail_url(section):
    return reverse("sections:detail", args=[section.pk])


@pytest.fixture
def norway(db, member_a, member_b):
    """AI Norway: two contacts with member A (the last on 1 Oct 2015), one with member B,
    whose name is withheld; a staff member on file; a note for the secretariat only."""
    member_b.name_public = False
    member_b.save()
    section = SectionFactory(
        name="AI Norway",
        country="NO",
        region="europe",
        stance=Section.Stance.VOTED_FOR,
        stance_note="Voted for at the ICM.",
        backlash_preparedness=Section.Preparedness.UNDERPREPARED,
        preparedness_note="Media training needed.",
        notes="Secretariat-only note",
    )
    ContactFactory(section=section, member=member_a, date=datetime.date(2015, 8, 20))
    ContactFactory(section=section, member=member_a, date=datetime.date(2015, 10, 1))
    ContactFactory(section=section, member=member_b, date=datetime.date(2015, 9, 5))
    PersonFactory(member=None, section=section, name="Kari Nordmann")
    return section


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
def test_section_pages_open_for_every_role(personas, client_for, norway, persona, status):
    client = client_for(personas[persona])
    assert client.get(LIST_URL).status_code == status
    assert client.get(detail_url(norway)).status_code == status


def test_unknown_section_is_404(client_for, staff_user):
    assert client_for(staff_user).get(reverse("sections:detail", args=[999])).status_code == 404


def test_list_shows_counts_and_last_contact_date(client_for, staff_user, norway):
    SectionFactory(name="AI Sweden", country="SE")
    response = client_for(staff_user).get(LIST_URL)

    rows = {s.name: s for s in response.context["sections"]}
    assert rows["AI Norway"].contact_count == 3
    assert rows["AI Norway"].members_engaged == 2
    assert rows["AI Norway"].last_contact == datetime.date(2015, 10, 1)
    assert rows["AI Sweden"].contact_count == 0
    assert rows["AI Sweden"].last_contact is None
    html = response.content.decode()
    assert date_format(datetime.date(2015, 10, 1)) in html
    assert "Voted for" in html
    assert "None yet" in html


def test_focal_point_counts_only_its_own_organisations_contacts(client_for, focal_point, norway):
    response = client_for(focal_point).get(LIST_URL)

    (row,) = [s for s in response.context["sections"] if s.pk == norway.pk]
    assert row.contact_count == 2
    assert row.members_engaged == 1
    assert "your organisation" in response.content.decode()


def test_deleted_contacts_are_not_counted(client_for, staff_user, norway, member_a):
    from django.utils import timezone

    ContactFactory(
        section=norway, member=member_a, date=datetime.date(2016, 1, 1), deleted_at=timezone.now()
    )
    response = client_for(staff_user).get(LIST_URL)

    (row,) = response.context["sections"]
    assert row.contact_count == 3
    assert row.last_contact == datetime.date(2015, 10, 1)


def test_region_filter_keeps_only_that_regions_sections(client_for, viewer, norway):
    SectionFactory(name="AI Nigeria", country="NG", region="africa")
    response = client_for(viewer).get(LIST_URL, {"region": "africa"})

    assert [s.name for s in response.context["sections"]] == ["AI Nigeria"]


def test_unknown_region_is_a_visible_error(client_for, viewer, norway):
    response = client_for(viewer).get(LIST_URL, {"region": "atlantis"})

    assert response.status_code == 400
    assert response.context["sections"] == []
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["AI Norway", "AI Poland", "AI Sweden"]),
        ("-contacts", ["AI Norway", "AI Poland", "AI Sweden"]),
        ("contacts", ["AI Sweden", "AI Poland", "AI Norway"]),
        # Never contacted goes last whichever way the dates sort.
        ("-last", ["AI Norway", "AI Poland", "AI Sweden"]),
        ("last", ["AI Poland", "AI Norway", "AI Sweden"]),
    ],
)
def test_list_sorts_by_name_contacts_and_last_contact(
    client_for, staff_user, norway, member_a, sort, expected
):
    poland = SectionFactory(name="AI Poland", country="PL")
    ContactFactory(section=poland, member=member_a, date=datetime.date(2015, 1, 1))
    SectionFactory(name="AI Sweden", country="SE")

    response = client_for(staff_user).get(LIST_URL, {"sort": sort})

    assert [s.name for s in response.context["sections"]] == expected


def _sections_with_contacts(count: int, member) -> None:
    for _ in range(count):
        section = SectionFactory()
        ContactFactory(section=section, member=member)
        ContactFactory(section=section)


@pytest.mark.parametrize("size", [2, 20])
def test_list_runs_a_fixed_number_of_queries(
    client_for, focal_point, member_a, size, django_assert_num_queries
):
    _sections_with_contacts(size, member_a)
    client = client_for(focal_point)
    # session, user, the user's groups (role), sections with their counted contacts
    with django_assert_num_queries(4):
        response = client.get(LIST_URL)
    assert len(response.context["sections"]) == size


def test_detail_shows_stance_numbers_and_members_engaged(client_for, staff_user, norway):
    response = client_for(staff_user).get(detail_url(norway))
    html = response.content.decode()

    assert response.context["numbers"] == {
        "contacts": 3,
        "members_engaged": 2,
        "first_contact": datetime.date(2015, 8, 20),
        "last_contact": datetime.date(2015, 10, 1),
    }
    engaged = {
        m.name: (m.contact_count, m.last_contact) for m in response.context["members_engaged"]
    }
    assert engaged == {
        "Member A": (2, datetime.date(2015, 10, 1)),
        "Member B": (1, datetime.date(2015, 9, 5)),
    }
    assert "Voted for at the ICM." in html
    assert "Underprepared" in html
    assert "Media training needed." in html
    assert f'href="/contacts/?section={norway.pk}"' in html
    assert len(response.context["contacts"]) == 3


def test_secretariat_sees_notes_people_and_withheld_names(client_for, staff_user, norway):
    html = client_for(staff_user).get(detail_url(norway)).content.decode()

    assert "Secretariat-only note" in html
    assert "Kari Nordmann" in html
    person = norway.people.get()
    assert reverse("members:person-detail", args=[person.pk]) in html
    assert "Member B" in html


@pytest.mark.parametrize("persona", ["viewer", "focal_point"])
def test_viewer_and_focal_point_see_no_people_notes_or_withheld_names(
    personas, client_for, norway, persona
):
    response = client_for(personas[persona]).get(detail_url(norway))
    html = response.content.decode()

    assert "Kari Nordmann" not in html
    assert "People" not in html
    assert "Secretariat-only note" not in html
    assert "Member B" not in html


def test_viewer_sees_the_engaged_list_with_the_name_withheld_and_no_history(
    client_for, viewer, norway
):
    response = client_for(viewer).get(detail_url(norway))
    html = response.content.decode()

    assert html.count("Member organisation in Nigeria (name withheld)") == 1
    assert "Contact history" not in html
    assert "contacts" not in response.context


def test_focal_point_sees_only_its_own_contacts_on_the_page(client_for, focal_point, norway):
    response = client_for(focal_point).get(detail_url(norway))

    assert response.context["numbers"]["contacts"] == 2
    assert [m.name for m in response.context["members_engaged"]] == ["Member A"]
    assert {c.member.name for c in response.context["contacts"]} == {"Member A"}


def test_history_shows_the_fifty_most_recent(client_for, staff_user, member_a):
    section = SectionFactory()
    first = datetime.date(2015, 1, 1)
    for day in range(55):
        ContactFactory(section=section, member=member_a, date=first + datetime.timedelta(day))
    response = client_for(staff_user).get(detail_url(section))

    assert len(response.context["contacts"]) == 50
    assert response.context["contacts"][0].date == datetime.date(2015, 2, 24)
    assert "All 55 contacts" in response.content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_detail_runs_a_fixed_number_of_queries(
    client_for, staff_user, size, django_assert_num_queries
):
    section = SectionFactory()
    for _ in range(size):
        member = MemberFactory()
        ContactFactory(section=section, member=member)
        PersonFactory(member=None, section=section)
        SectionPositionFactory(section=section)
        EventFactory(sections=[section], members=[member])
        SectionRequestFactory(section=section, member=member)
    client = client_for(staff_user)
    # session, user, groups, the section, its numbers, members engaged, its positions, the
    # contact filter's section check, the contact history, the events with their sections and
    # members (3), the requests, the section's people, the audit record of the people shown
    # (savepoint and insert)
    with django_assert_num_queries(16):
        response = client.get(detail_url(section))
    assert len(response.context["members_engaged"]) == size


def test_pages_carry_no_inline_script_or_style(client_for, staff_user, norway, member_a):
    """The Content-Security-Policy forbids inline code; a stray attribute would break a page."""
    from campaigns.models import CheckIn

    check_in = CheckIn.objects.create(member=member_a, asked_on=datetime.date(2015, 10, 1))
    person = norway.people.get()
    client = client_for(staff_user)
    urls = [
        LIST_URL,
        detail_url(norway),
        reverse("sections:report", args=[norway.pk]),
        reverse("members:list"),
        reverse("members:detail", args=[member_a.pk]),
        reverse("members:report", args=[member_a.pk]),
        reverse("members:person-detail", args=[person.pk]),
        reverse("campaigns:check-ins"),
        reverse("campaigns:check-in-answer", args=[check_in.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<style" not in html, url
        assert "<script>" not in html, url
        assert " on" + "click=" not in html, url
