"""The contact list's ``sort`` values and its ``q`` search: rows in the order each value
promises (by what the reader sees, ties newest first then by id) and words found wherever a
reader sees them, without revealing a withheld member name to a reader who may not see it.

Run on SQLite and PostgreSQL (``DATABASE_URL=postgres://...``): the orders are SQL.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.contact_query import ContactQuery
from campaigns.models import Contact
from tests.campaigns.test_contact_views import LIST_QUERIES
from tests.factories import ContactFactory, MemberFactory, SectionFactory

LIST_URL = reverse("campaigns:contact-list")


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [contact.pk for contact in response.context["contacts"]]


@pytest.fixture
def rows(db):
    """Four contacts whose columns each sort differently; c3 and c4 share a date."""
    austria = SectionFactory(name="Amnesty Austria", country="AT")
    brazil = SectionFactory(name="Amnesty Brazil", country="BR")
    chile = SectionFactory(name="Amnesty Chile", country="CL")
    alpha = MemberFactory(name="Alpha Network", country="SE")
    beta = MemberFactory(name="Beta Collective", country="AR")
    gamma = MemberFactory(name="Gamma Project", country="NG")
    c1 = ContactFactory(
        date=datetime.date(2015, 3, 1),
        section=chile,
        member=beta,
        channel=Contact.Channel.EMAIL,
        formality=Contact.Formality.INFORMAL,
        initiated_by=Contact.InitiatedBy.MEMBER,
        follow_up_date=datetime.date(2015, 6, 1),
        hours=Decimal("2"),
    )
    c2 = ContactFactory(
        date=datetime.date(2015, 1, 15),
        section=austria,
        member=gamma,
        channel=Contact.Channel.CALL,
        formality="",
        initiated_by=Contact.InitiatedBy.UNKNOWN,
    )
    c3 = ContactFactory(
        date=datetime.date(2015, 2, 10),
        section=brazil,
        member=alpha,
        channel=Contact.Channel.MEETING,
        follow_up_date=datetime.date(2015, 4, 1),
        hours=Decimal("10"),
    )
    c4 = ContactFactory(
        date=datetime.date(2015, 2, 10),
        section=austria,
        member=alpha,
        channel=Contact.Channel.MEETING,
        follow_up_date=datetime.date(2015, 5, 1),
        hours=Decimal("2.5"),
    )
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4}


# Empty values (no formality, follow-up date or hours) come last in both directions; ties are
# broken newest first, then by id.
EXPECTED = {
    "date": ["c2", "c3", "c4", "c1"],
    "-date": ["c1", "c4", "c3", "c2"],
    "section": ["c4", "c2", "c3", "c1"],
    "-section": ["c1", "c3", "c4", "c2"],
    "member": ["c4", "c3", "c1", "c2"],
    "-member": ["c2", "c1", "c4", "c3"],
    "country": ["c1", "c2", "c4", "c3"],
    "-country": ["c4", "c3", "c2", "c1"],
    "channel": ["c2", "c1", "c4", "c3"],
    "-channel": ["c4", "c3", "c1", "c2"],
    "formality": ["c4", "c3", "c1", "c2"],
    "-formality": ["c1", "c4", "c3", "c2"],
    "initiated_by": ["c1", "c4", "c3", "c2"],
    "-initiated_by": ["c2", "c4", "c3", "c1"],
    "follow_up_date": ["c3", "c4", "c1", "c2"],
    "-follow_up_date": ["c1", "c4", "c3", "c2"],
    "hours": ["c1", "c4", "c3", "c2"],
    "-hours": ["c3", "c4", "c1", "c2"],
}


@pytest.mark.parametrize("sort", list(EXPECTED))
def test_each_sort_value_orders_the_rows(client_for, staff_user, rows, sort):
    response = client_for(staff_user).get(LIST_URL, {"sort": sort})

    assert listed(response) == [rows[name].pk for name in EXPECTED[sort]]


def test_default_order_is_newest_first(client_for, staff_user, rows):
    assert listed(client_for(staff_user).get(LIST_URL)) == [rows[n].pk for n in EXPECTED["-date"]]


def test_choices_sort_by_their_label_in_the_readers_language(client_for, staff_user, db):
    # "Meeting" comes before "Workshop or training"; in French "Atelier ou formation" comes
    # before "Réunion".
    meeting = ContactFactory(channel=Contact.Channel.MEETING)
    workshop = ContactFactory(channel=Contact.Channel.WORKSHOP)
    client = client_for(staff_user)

    english = listed(client.get(LIST_URL, {"sort": "channel"}))
    french = listed(client.get(LIST_URL, {"sort": "channel"}, HTTP_ACCEPT_LANGUAGE="fr"))

    assert english == [meeting.pk, workshop.pk]
    assert french == [workshop.pk, meeting.pk]


def test_member_sort_keeps_withheld_names_out_of_the_alphabet(db):
    """A reader who may not see withheld names gets the named members first by name, then the
    withheld ones by country: the real names' order must not show through."""
    named_late = MemberFactory(name="Zulu Network", country="NO")
    withheld_first = MemberFactory(name="Aaa Secret", country="SE", name_public=False)
    withheld_second = MemberFactory(name="Bbb Secret", country="AR", name_public=False)
    late = ContactFactory(member=named_late)
    sweden = ContactFactory(member=withheld_first)
    argentina = ContactFactory(member=withheld_second)

    def order(*, personal_data: bool) -> list[int]:
        query = ContactQuery(user=None, filters={"sort": "member"})
        query.filterset.queryset = Contact.objects.all()
        query.filterset.personal_data = personal_data
        return [c.pk for c in query.contacts]

    assert order(personal_data=True) == [sweden.pk, argentina.pk, late.pk]
    assert order(personal_data=False) == [late.pk, argentina.pk, sweden.pk]


def test_active_sort_column_carries_aria_sort_and_a_link_that_reverses_it(
    client_for, staff_user, rows
):
    html = client_for(staff_user).get(LIST_URL, {"sort": "section"}).content.decode()

    assert 'aria-sort="ascending"><a href="?sort=-section"' in html
    assert html.count("aria-sort=") == 1
    assert 'href="?sort=member"' in html
    assert 'href="?sort=-date"' in html
    assert '<option value="-hours">Hours, descending</option>' in html


def test_unknown_sort_value_is_a_400_naming_it(client_for, staff_user, rows):
    response = client_for(staff_user).get(LIST_URL, {"sort": "summary"})

    assert response.status_code == 400
    assert "<code>sort</code>" in response.content.decode()


# q -----------------------------------------------------------------------------------------


def test_q_sweden_finds_every_contact_with_ai_sweden(client_for, staff_user, db):
    sweden = SectionFactory(name="AI Sweden", country="SE")
    with_sweden = ContactFactory.create_batch(3, section=sweden, summary="Met about the policy")
    ContactFactory(summary="Met about the policy")

    found = listed(client_for(staff_user).get(LIST_URL, {"q": "Sweden"}))

    assert sorted(found) == sorted(c.pk for c in with_sweden)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Chile", ["c1"]),  # section name
        ("Gamma", ["c2"]),  # member name
        ("argentina", ["c1"]),  # member's country by name
        ("BR", ["c3"]),  # section's country by ISO code
        ("Austria Gamma", ["c2"]),  # every word must match somewhere
        ("ministry", ["c3"]),  # the follow-up action
        ("reform", ["c4"]),  # the outcome
    ],
)
def test_q_matches_names_countries_follow_up_and_outcome(client_for, staff_user, rows, q, expected):
    Contact.objects.filter(pk=rows["c3"].pk).update(follow_up="Write to the ministry")
    Contact.objects.filter(pk=rows["c4"].pk).update(outcome="They back the reform")

    found = listed(client_for(staff_user).get(LIST_URL, {"q": q}))

    assert sorted(found) == sorted(rows[name].pk for name in expected)


def test_q_finds_a_country_by_its_name_in_the_active_language(client_for, staff_user, db):
    germany = ContactFactory(member=MemberFactory(country="DE"), summary="x")
    ContactFactory(member=MemberFactory(country="NO"), summary="x")

    found = listed(
        client_for(staff_user).get(LIST_URL, {"q": "Allemagne"}, HTTP_ACCEPT_LANGUAGE="fr")
    )

    assert found == [germany.pk]


def test_focal_point_cannot_find_its_withheld_member_by_the_real_name(
    client_for, focal_point, member_a
):
    member_a.name, member_a.name_public = "Hidden Collective", False
    member_a.save()
    contact = ContactFactory(member=member_a, summary="Met the section")
    client = client_for(focal_point)

    assert listed(client.get(LIST_URL, {"q": "Hidden"})) == []
    assert listed(client.get(LIST_URL, {"q": "Poland"})) == [contact.pk]


def test_staff_finds_a_withheld_member_by_the_real_name(client_for, staff_user, db):
    hidden = MemberFactory(name="Hidden Collective", name_public=False)
    contact = ContactFactory(member=hidden)

    assert listed(client_for(staff_user).get(LIST_URL, {"q": "hidden"})) == [contact.pk]


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize("params", [{"sort": "-member"}, {"sort": "country", "q": "sweden met"}])
def test_sorted_and_searched_list_query_count_does_not_grow_with_rows(
    client_for, staff_user, django_assert_num_queries, size, params
):
    sweden = SectionFactory(name="AI Sweden", country="SE")
    ContactFactory.create_batch(size, section=sweden, summary="Met", follow_up="Call")
    client = client_for(staff_user)

    # The same queries as the unfiltered list: sorting and searching add joins, not queries.
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL, params)

    assert len(listed(response)) == min(size, 25)
