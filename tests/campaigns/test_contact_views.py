"""The contact pages through the test client: who may see and do what, the list's filters,
optimistic locking, soft delete and query counts that do not grow with rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.contact_history import contact_history
from campaigns.models import Contact
from campaigns.services import contact_update
from tests.factories import (
    ContactFactory,
    MemberFactory,
    PersonFactory,
    SectionFactory,
    StrategyFactory,
)

LIST_URL = reverse("campaigns:contact-list")


def detail_url(contact):
    return reverse("campaigns:contact-detail", args=[contact.pk])


def edit_url(contact):
    return reverse("campaigns:contact-update", args=[contact.pk])


def delete_url(contact):
    return reverse("campaigns:contact-delete", args=[contact.pk])


def edit_data(contact, **overrides):
    data = {
        "date": contact.date.isoformat(),
        "section": contact.section_id,
        "member": contact.member_id,
        "initiated_by": contact.initiated_by,
        "formality": contact.formality,
        "channel": contact.channel,
        "summary": contact.summary,
        "hours_paid": "unknown",
        "version": contact.version,
    }
    data.update(overrides)
    return data


def listed_ids(response) -> list[int]:
    return [contact.pk for contact in response.context["contacts"]]


# The list ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client_for, db):
    response = client_for(None).get(LIST_URL)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("page", ["list", "detail"])
def test_viewer_gets_403_with_an_explanation_instead_of_contact_rows(client_for, viewer, page):
    hidden = MemberFactory(name="Secret Collective", name_public=False, country="NG")
    contact = ContactFactory(member=hidden, summary="Talked about the resolution")

    response = client_for(viewer).get(LIST_URL if page == "list" else detail_url(contact))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Viewers see the dashboards" in html
    assert "Talked about the resolution" not in html
    assert "Secret Collective" not in html


def test_staff_sees_withheld_names(client_for, staff_user):
    hidden = MemberFactory(name="Secret Collective", name_public=False)
    ContactFactory(member=hidden)

    response = client_for(staff_user).get(LIST_URL)

    assert "Secret Collective" in response.content.decode()


def test_focal_point_lists_only_its_own_organisations_contacts(
    client_for, focal_point, member_a, member_b
):
    own = ContactFactory(member=member_a)
    ContactFactory(member=member_b)

    response = client_for(focal_point).get(LIST_URL)

    assert listed_ids(response) == [own.pk]


def test_list_is_newest_first_and_sorts_oldest_first_on_request(client_for, staff_user):
    old = ContactFactory(date=datetime.date(2014, 1, 1))
    new = ContactFactory(date=datetime.date(2016, 1, 1))
    client = client_for(staff_user)

    assert listed_ids(client.get(LIST_URL)) == [new.pk, old.pk]
    assert listed_ids(client.get(LIST_URL, {"sort": "date"})) == [old.pk, new.pk]
    assert listed_ids(client.get(LIST_URL, {"sort": "-date"})) == [new.pk, old.pk]


def test_list_is_paginated_by_25(client_for, staff_user):
    ContactFactory.create_batch(30)
    client = client_for(staff_user)

    assert len(listed_ids(client.get(LIST_URL))) == 25
    assert len(listed_ids(client.get(LIST_URL, {"page": 2}))) == 5


def test_list_rows_stack_on_phones_with_labels(client_for, staff_user):
    ContactFactory()

    html = client_for(staff_user).get(LIST_URL).content.decode()

    assert '<table class="stack' in html
    assert 'data-label="Section"' in html


def test_empty_parameters_redirect_to_a_short_url(client_for, staff_user):
    response = client_for(staff_user).get(LIST_URL + "?q=&section=&formality=formal&since=")

    assert response.status_code == 302
    assert response["Location"] == LIST_URL + "?formality=formal"


def test_filter_by_text(client_for, staff_user):
    match = ContactFactory(summary="Discussed the Amnesty resolution")
    by_outcome = ContactFactory(summary="Email", outcome="They agreed on the resolution")
    ContactFactory(summary="Something else")

    response = client_for(staff_user).get(LIST_URL, {"q": "resolution"})

    assert set(listed_ids(response)) == {match.pk, by_outcome.pk}


def test_filter_by_sections_and_members_repeated(client_for, staff_user):
    first, second = ContactFactory(), ContactFactory()
    ContactFactory()
    client = client_for(staff_user)

    by_section = client.get(LIST_URL, {"section": [first.section_id, second.section_id]})
    by_member = client.get(LIST_URL, {"member": [first.member_id]})

    assert set(listed_ids(by_section)) == {first.pk, second.pk}
    assert listed_ids(by_member) == [first.pk]
    # The chosen section shows as a removable chip.
    assert first.section.name in by_section.content.decode()


def test_filter_by_region_and_country(client_for, staff_user):
    nigeria = ContactFactory(member=MemberFactory(country="NG", region="africa"))
    ContactFactory(member=MemberFactory(country="NO", region="europe"))
    client = client_for(staff_user)

    assert listed_ids(client.get(LIST_URL, {"region": "africa"})) == [nigeria.pk]
    assert listed_ids(client.get(LIST_URL, {"country": "NG"})) == [nigeria.pk]


def test_filter_by_date_range_inclusive(client_for, staff_user):
    ContactFactory(date=datetime.date(2015, 8, 10))
    inside = ContactFactory(date=datetime.date(2015, 8, 11))
    ContactFactory(date=datetime.date(2015, 8, 12))

    response = client_for(staff_user).get(LIST_URL, {"since": "2015-08-11", "until": "2015-08-11"})

    assert listed_ids(response) == [inside.pk]


def test_filter_by_initiator_formality_and_channel(client_for, staff_user):
    target = ContactFactory(initiated_by="member", formality="informal", channel="email")
    ContactFactory(initiated_by="section", formality="formal", channel="meeting")
    client = client_for(staff_user)

    assert listed_ids(client.get(LIST_URL, {"initiated_by": "member"})) == [target.pk]
    assert listed_ids(client.get(LIST_URL, {"formality": "informal"})) == [target.pk]
    assert listed_ids(client.get(LIST_URL, {"channel": "email"})) == [target.pk]


def test_filter_by_strategy(client_for, staff_user):
    strategy = StrategyFactory()
    served = ContactFactory(strategy=strategy)
    ContactFactory()

    response = client_for(staff_user).get(LIST_URL, {"strategy": strategy.pk})

    assert listed_ids(response) == [served.pk]


def test_filter_by_follow_up_state(client_for, staff_user):
    today = timezone.localdate()
    overdue = ContactFactory(
        date=today - datetime.timedelta(days=30),
        follow_up="Call back",
        follow_up_date=today - datetime.timedelta(days=1),
    )
    upcoming = ContactFactory(
        date=today, follow_up="Send brief", follow_up_date=today + datetime.timedelta(days=5)
    )
    done = ContactFactory(follow_up="Done thing", follow_up_done_on=today)
    none = ContactFactory()
    client = client_for(staff_user)

    assert set(listed_ids(client.get(LIST_URL, {"follow_up": "open"}))) == {overdue.pk, upcoming.pk}
    assert listed_ids(client.get(LIST_URL, {"follow_up": "overdue"})) == [overdue.pk]
    assert listed_ids(client.get(LIST_URL, {"follow_up": "done"})) == [done.pk]
    assert listed_ids(client.get(LIST_URL, {"follow_up": "none"})) == [none.pk]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"since": "11 August"}, "since"),
        ({"until": "2015-13-01"}, "until"),
        ({"section": "abc"}, "section"),
        ({"member": "999999"}, "member"),
        ({"region": "antarctica"}, "region"),
        ({"country": "XX"}, "country"),
        ({"initiated_by": "nobody"}, "initiated_by"),
        ({"formality": "semi"}, "formality"),
        ({"channel": "fax"}, "channel"),
        ({"strategy": "999999"}, "strategy"),
        ({"follow_up": "someday"}, "follow_up"),
        ({"sort": "summary"}, "sort"),
        ({"since": "2016-01-01", "until": "2015-01-01"}, "until"),
    ],
)
def test_bad_filter_value_is_a_400_naming_the_parameter_with_no_rows(
    client_for, staff_user, params, parameter
):
    ContactFactory(summary="Should not be listed")

    response = client_for(staff_user).get(LIST_URL, params)

    html = response.content.decode()
    assert response.status_code == 400
    assert "These filters could not be applied" in html
    assert f"<code>{parameter}</code>" in html
    assert "Should not be listed" not in html


# Session, user, the user's groups (role), the page count, the rows, the member options, the
# section options and the strategy options. Filters and chips add their own, but never per
# row. Saved views and bulk actions add two: the saved views, the bulk form's strategies.
LIST_QUERIES = 8 + 2


@pytest.mark.parametrize("rows", [2, 30])
def test_list_query_count_does_not_grow_with_rows(
    client_for, staff_user, django_assert_num_queries, rows
):
    strategy = StrategyFactory()
    ContactFactory.create_batch(rows, strategy=strategy, follow_up="Call")
    client = client_for(staff_user)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)

    assert len(listed_ids(response)) == min(rows, 25)


@pytest.mark.parametrize("rows", [2, 30])
def test_filtered_list_query_count_does_not_grow_with_rows(
    client_for, focal_point, member_a, django_assert_num_queries, rows
):
    section = SectionFactory()
    ContactFactory.create_batch(rows, section=section, member=member_a)
    client = client_for(focal_point)

    # LIST_QUERIES plus the section filter's validation (once: the rows and the form share
    # the request's one FilterSet) and the chip's section.
    with django_assert_num_queries(LIST_QUERIES + 2):
        response = client.get(LIST_URL, {"section": section.pk, "since": "2015-01-01"})

    assert len(listed_ids(response)) == min(rows, 25)


# The detail page ---------------------------------------------------------------------------


def test_detail_shows_people_and_notes_to_staff(client_for, staff_user, member_a):
    person = PersonFactory(name="Ana Focal", member=member_a)
    contact = ContactFactory(member=member_a, notes="Keep this quiet")
    contact.people.add(person)

    html = client_for(staff_user).get(detail_url(contact)).content.decode()

    assert "Ana Focal" in html
    assert "Keep this quiet" in html


def test_detail_hides_people_from_focal_points(client_for, focal_point, member_a):
    person = PersonFactory(name="Ana Focal", member=member_a)
    contact = ContactFactory(member=member_a, notes="Our own note", summary="Public summary")
    contact.people.add(person)

    response = client_for(focal_point).get(detail_url(contact))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Public summary" in html
    assert "Our own note" in html
    assert "Ana Focal" not in html


def test_detail_shows_notes_but_not_people_to_the_own_focal_point(
    client_for, focal_point, member_a
):
    person = PersonFactory(name="Ana Focal", member=member_a)
    contact = ContactFactory(member=member_a, notes="Our note")
    contact.people.add(person)

    html = client_for(focal_point).get(detail_url(contact)).content.decode()

    assert "Our note" in html
    assert "Ana Focal" not in html


def test_detail_history_says_who_changed_what(client_for, staff_user, admin_user):
    contact = ContactFactory(summary="First words", channel="email")
    contact_update(
        contact=contact,
        user=admin_user,
        expected_version=1,
        summary="Second words",
        channel="call",
    )

    response = client_for(staff_user).get(detail_url(contact))

    entries = response.context["history"]
    assert entries[0].action == "Edited"
    assert entries[0].who == "admin"
    assert ("Summary", "First words", "Second words") in entries[0].changes
    assert ("Channel", "Email", "Call") in entries[0].changes
    assert entries[-1].action == "Logged"


def test_history_read_for_a_viewer_leaves_out_private_notes_and_who(viewer, staff_user):
    contact = ContactFactory(notes="")
    contact_update(contact=contact, user=staff_user, expected_version=1, notes="Secret note")

    history = contact_history(contact, user=viewer)

    assert "Secret note" not in str([entry.changes for entry in history])
    assert history[0].who == ""


# Session, user, groups (role), the contact with its section, member, strategy and logger,
# its history with users, one lookup each of the members, sections and strategies named by
# changes, its people, and the audit record of the people shown (savepoint and insert).
DETAIL_QUERIES = 11


@pytest.mark.parametrize("edits", [1, 12])
def test_detail_query_count_does_not_grow_with_history(
    client_for, staff_user, django_assert_num_queries, edits
):
    contact = ContactFactory(strategy=StrategyFactory())
    contact.people.add(PersonFactory(member=contact.member))
    for version in range(1, edits + 1):
        contact = contact_update(
            contact=contact,
            user=staff_user,
            expected_version=version,
            section=SectionFactory(),
            member=MemberFactory(),
            strategy=StrategyFactory(),
            summary=f"Edit {version}",
        )
    client = client_for(staff_user)

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(detail_url(contact))

    assert len(response.context["history"]) == edits + 1


# Outsiders ---------------------------------------------------------------------------------


def test_focal_point_cannot_open_edit_or_delete_another_members_contact(
    client_for, focal_point, member_b
):
    theirs = ContactFactory(member=member_b, summary="B's business", follow_up="Call")
    client = client_for(focal_point)

    assert client.get(detail_url(theirs)).status_code == 404
    assert client.get(edit_url(theirs)).status_code == 404
    assert client.post(edit_url(theirs), edit_data(theirs, summary="Hijacked")).status_code == 404
    assert client.get(delete_url(theirs)).status_code == 404
    assert client.post(delete_url(theirs)).status_code == 404
    done_url = reverse("campaigns:follow-up-done", args=[theirs.pk])
    assert client.post(done_url).status_code == 404

    theirs.refresh_from_db()
    assert theirs.summary == "B's business"
    assert theirs.deleted_at is None
    assert theirs.follow_up_done_on is None
    assert theirs.version == 1


def test_viewer_cannot_edit_or_delete(client_for, viewer):
    contact = ContactFactory(summary="Unchanged")
    client = client_for(viewer)

    assert client.get(edit_url(contact)).status_code == 403
    assert client.post(edit_url(contact), edit_data(contact, summary="No")).status_code == 403
    assert client.post(delete_url(contact)).status_code == 403
    contact.refresh_from_db()
    assert contact.summary == "Unchanged"
    assert contact.deleted_at is None


# Editing and optimistic locking --------------------------------------------------------------


def test_edit_saves_and_redirects_with_a_message(client_for, staff_user):
    contact = ContactFactory(summary="Before")

    response = client_for(staff_user).post(
        edit_url(contact), edit_data(contact, summary="After"), follow=True
    )

    contact.refresh_from_db()
    assert response.redirect_chain[-1][0] == detail_url(contact)
    assert "Contact saved." in response.content.decode()
    assert contact.summary == "After"
    assert contact.version == 2


def test_second_edit_from_the_same_version_is_refused_and_shows_both_versions(
    client_for, staff_user, admin_user
):
    contact = ContactFactory(summary="Original")
    first = edit_data(contact, summary="First editor's words")
    second = edit_data(contact, summary="Second editor's words")

    client_for(admin_user).post(edit_url(contact), first)
    response = client_for(staff_user).post(edit_url(contact), second)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this contact" in html
    assert ("Summary", "First editor's words", "Second editor's words") in response.context[
        "conflict"
    ]
    contact.refresh_from_db()
    assert contact.summary == "First editor's words"
    assert contact.version == 2
    # The form now carries the newer version: saving again is a deliberate overwrite.
    assert response.context["form"]["version"].value() == 2


def test_focal_point_edit_keeps_the_people_it_cannot_see(client_for, focal_point, member_a):
    person = PersonFactory(member=member_a)
    contact = ContactFactory(member=member_a)
    contact.people.add(person)

    client_for(focal_point).post(edit_url(contact), edit_data(contact, summary="Updated"))

    contact.refresh_from_db()
    assert contact.summary == "Updated"
    assert list(contact.people.all()) == [person]


# Deleting ------------------------------------------------------------------------------------


def test_delete_asks_first(client_for, staff_user):
    contact = ContactFactory()

    response = client_for(staff_user).get(delete_url(contact))

    assert response.status_code == 200
    assert "an admin can restore it" in response.content.decode()
    contact.refresh_from_db()
    assert contact.deleted_at is None


def test_delete_hides_the_contact_and_keeps_it_in_the_database(client_for, staff_user):
    contact = ContactFactory(summary="To be deleted")
    client = client_for(staff_user)

    response = client.post(delete_url(contact), follow=True)

    assert response.redirect_chain[-1][0] == LIST_URL
    assert "an admin can restore it" in response.content.decode()
    assert contact.pk not in listed_ids(response)
    assert client.get(detail_url(contact)).status_code == 404
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.deleted_at is not None
    assert stored.history.first().history_change_reason == "Deleted"


# Picker searches -----------------------------------------------------------------------------


def test_section_search_finds_by_name_and_country(client_for, focal_point):
    norway = SectionFactory(name="AI Norway", country="NO")
    SectionFactory(name="AI Sweden", country="SE")
    client = client_for(focal_point)

    by_name = client.get(reverse("campaigns:section-search"), {"q": "norw"}).json()
    by_code = client.get(reverse("campaigns:section-search"), {"q": "no"}).json()

    assert by_name["results"] == [{"id": norway.pk, "label": "AI Norway"}]
    assert {"id": norway.pk, "label": "AI Norway"} in by_code["results"]


def test_search_returns_at_most_twenty(client_for, staff_user):
    MemberFactory.create_batch(25, name_public=True)

    response = client_for(staff_user).get(reverse("campaigns:member-search"), {"q": "member"})

    assert len(response.json()["results"]) == 20


def test_member_search_never_matches_a_withheld_name_for_viewers(client_for, viewer, staff_user):
    hidden = MemberFactory(name="Secret Collective", name_public=False, country="NG")
    url = reverse("campaigns:member-search")

    by_name = client_for(viewer).get(url, {"q": "secret"}).json()["results"]
    by_country = client_for(viewer).get(url, {"q": "nigeria"}).json()["results"]
    for_staff = client_for(staff_user).get(url, {"q": "secret"}).json()["results"]

    assert by_name == []
    assert by_country == [{"id": hidden.pk, "label": hidden.withheld_name}]
    assert for_staff == [{"id": hidden.pk, "label": "Secret Collective"}]


def test_focal_point_finds_only_its_own_organisation(client_for, focal_point, member_a, member_b):
    response = client_for(focal_point).get(reverse("campaigns:member-search"), {"q": "member"})

    assert [result["id"] for result in response.json()["results"]] == [member_a.pk]


def test_since_after_until_says_so_at_the_until_field(client_for, staff_user):
    ContactFactory(summary="Should not be listed")

    response = client_for(staff_user).get(LIST_URL, {"since": "2016-01-01", "until": "2015-01-01"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "“Until” (2015-01-01) is before “since” (2016-01-01)" in html
    assert '<p class="error" id="id_until_error">' in html
