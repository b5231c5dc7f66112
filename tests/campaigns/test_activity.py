"""Sections' positions over time, the opposition and media events, and sections' requests: what
each page shows, its filters, who may answer a request, and queries that do not grow."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import SectionPosition, SectionRequest
from tests.factories import (
    ContactFactory,
    EventFactory,
    MemberFactory,
    SectionFactory,
    SectionPositionFactory,
    SectionRequestFactory,
)

D = datetime.date
EVENTS_URL = reverse("campaigns:event-list")
SECTIONS_URL = reverse("sections:list")
DASHBOARD_URL = reverse("campaigns:dashboard")


def answer_url(item) -> str:
    return reverse("campaigns:request-answer", args=[item.pk])


# Positions -----------------------------------------------------------------------------------


@pytest.fixture
def sweden(db):
    section = SectionFactory(name="AI Sweden", country="SE")
    SectionPositionFactory(section=section, date=D(2015, 8, 11), position="opposes")
    SectionPositionFactory(
        section=section,
        date=D(2015, 8, 11),
        date_precision="range",
        date_end=D(2015, 11, 30),
        position="neutral",
        committed_to="Respect the decision.",
        refused="Campaign against the criminalisation of clients.",
    )
    return section


def test_a_range_position_is_held_from_the_last_day_it_can_mean(sweden):
    neutral = SectionPosition.objects.get(section=sweden, position="neutral")

    assert neutral.known_by == D(2015, 11, 30)


def test_the_section_page_shows_the_position_timeline_in_order(client_for, viewer, sweden):
    page = client_for(viewer).get(reverse("sections:detail", args=[sweden.pk])).content.decode()

    assert page.index("Opposes decriminalisation") < page.index("Neutral")
    assert "Campaign against the criminalisation of clients." in page
    assert "11 Aug 2015 – 30 Nov 2015" in page


def test_sections_list_filters_by_the_position_held_now(client_for, viewer, sweden):
    SectionFactory(name="AI Norway", country="NO")
    client = client_for(viewer)

    neutral = client.get(SECTIONS_URL, {"position": "neutral"})
    opposes = client.get(SECTIONS_URL, {"position": "opposes"})
    none = client.get(SECTIONS_URL, {"position": "none"})

    assert [s.name for s in neutral.context["sections"]] == ["AI Sweden"]
    assert opposes.context["sections"] == []
    assert [s.name for s in none.context["sections"]] == ["AI Norway"]


def test_sections_list_refuses_an_unknown_position(client_for, viewer, sweden):
    response = client_for(viewer).get(SECTIONS_URL, {"position": "maybe"})

    assert response.status_code == 400
    assert response.context["sections"] == []


def test_panel_counts_positions_on_the_chosen_date(client_for, viewer, sweden):
    client = client_for(viewer)

    in_october = client.get(DASHBOARD_URL, {"positions_on": "2015-10-01"}).context["positions"]
    in_december = client.get(DASHBOARD_URL, {"positions_on": "2015-12-01"}).context["positions"]

    assert {v: n for v, _label, n in in_october.counts}["opposes"] == 1
    assert in_october.changes == []
    counts = {v: n for v, _label, n in in_december.counts}
    assert (counts["neutral"], counts["opposes"]) == (1, 0)
    assert [s.name for s in in_december.changes] == ["AI Sweden"]
    assert in_december.changes[0].at_vote == "opposes"


def test_panel_shows_what_changed_since_the_vote_on_the_dashboard(client_for, viewer, sweden):
    page = client_for(viewer).get(DASHBOARD_URL).content.decode()

    assert "Changed since the vote of 11 Aug 2015" in page
    assert "Opposes decriminalisation → Neutral" in page


def test_panel_refuses_a_date_outside_its_form(client_for, viewer, sweden):
    response = client_for(viewer).get(DASHBOARD_URL, {"positions_on": "2015-13-01"})

    assert response.status_code == 400
    assert "positions_on" in response.context["positions"].errors
    assert response.context["positions"].counts == []


@pytest.mark.parametrize("size", [2, 20])
def test_panel_and_sections_list_queries_do_not_grow(
    client_for, viewer, size, django_assert_num_queries
):
    for _ in range(size):
        SectionPositionFactory(section=SectionFactory(), date=D(2015, 9, 1))
    client = client_for(viewer)
    # session, user, groups, the sections with counts and the position held now
    with django_assert_num_queries(4):
        client.get(SECTIONS_URL, {"position": "supports"})
    response = client.get(DASHBOARD_URL, {"positions_on": "2015-12-01"})
    assert len(response.context["positions"].changes) == size


# Events --------------------------------------------------------------------------------------


@pytest.fixture
def events(db):
    return {
        "day": EventFactory(
            title="Day of action", kind="protest", date=D(2015, 10, 23), countries=["GB", "NO"]
        ),
        "article": EventFactory(
            title="An article", kind="article", date=D(2015, 7, 1), date_precision="month"
        ),
    }


def _titles(response) -> list[str]:
    return [event.title for event in response.context["events"]]


def test_events_list_filters_by_kind_and_country(client_for, focal_point, events):
    client = client_for(focal_point)

    assert _titles(client.get(EVENTS_URL, {"kind": "article"})) == ["An article"]
    assert _titles(client.get(EVENTS_URL, {"country": "GB"})) == ["Day of action"]
    assert _titles(client.get(EVENTS_URL, {"country": "NO"})) == ["Day of action", "An article"]
    assert _titles(client.get(EVENTS_URL, {"country": "DE"})) == []


def test_events_list_keeps_an_event_whose_period_overlaps_since_until(
    client_for, staff_user, events
):
    client = client_for(staff_user)

    # The article is dated July 2015: it overlaps a window starting on 20 July.
    assert _titles(client.get(EVENTS_URL, {"since": "2015-07-20", "until": "2015-08-01"})) == [
        "An article"
    ]
    assert _titles(client.get(EVENTS_URL, {"since": "2015-08-01"})) == ["Day of action"]
    assert _titles(client.get(EVENTS_URL, {"until": "2015-06-30"})) == []


def test_events_list_refuses_a_bad_filter_naming_it(client_for, staff_user, events):
    response = client_for(staff_user).get(EVENTS_URL, {"kind": "riot"})

    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert "Day of action" not in response.content.decode()


def test_events_list_refuses_since_after_until_at_the_field(client_for, staff_user, events):
    response = client_for(staff_user).get(
        EVENTS_URL, {"since": "2015-12-01", "until": "2015-01-01"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["until"] == [
        "“Until” (2015-01-01) is before “since” (2015-12-01): no day can match."
    ]
    assert "Day of action" not in response.content.decode()


def test_viewers_do_not_see_events(client_for, viewer, events):
    assert client_for(viewer).get(EVENTS_URL).status_code == 403


def test_events_show_on_the_pages_of_the_sections_and_members_involved(
    client_for, staff_user, viewer, member_a
):
    section = SectionFactory()
    EventFactory(title="Protest outside", sections=[section], members=[member_a])
    EventFactory(title="Elsewhere")
    client = client_for(staff_user)

    section_page = client.get(reverse("sections:detail", args=[section.pk])).content.decode()
    member_page = client.get(reverse("members:detail", args=[member_a.pk])).content.decode()
    viewer_page = client_for(viewer).get(reverse("sections:detail", args=[section.pk]))

    assert "Protest outside" in section_page
    assert "Elsewhere" not in section_page
    assert "Protest outside" in member_page
    assert "Elsewhere" not in member_page
    assert "Protest outside" not in viewer_page.content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_events_list_runs_a_fixed_number_of_queries(
    client_for, staff_user, size, django_assert_num_queries
):
    for _ in range(size):
        EventFactory(sections=[SectionFactory()], members=[MemberFactory()])
    client = client_for(staff_user)
    # session, user, groups, the count, the page, its sections and members
    with django_assert_num_queries(7):
        response = client.get(EVENTS_URL)
    assert len(response.context["events"]) == size


# Requests ------------------------------------------------------------------------------------


@pytest.fixture
def request_a(member_a):
    return SectionRequestFactory(member=member_a, kind="speaker")


@pytest.fixture
def request_b(member_b):
    return SectionRequestFactory(member=member_b, kind="training")


def test_requests_show_on_the_section_and_member_pages(client_for, staff_user, request_a):
    client = client_for(staff_user)

    section_page = client.get(reverse("sections:detail", args=[request_a.section_id]))
    member_page = client.get(reverse("members:detail", args=[request_a.member_id]))

    assert section_page.context["requests"] == [request_a]
    assert member_page.context["requests"] == [request_a]
    assert "Speaker" in member_page.content.decode()


def test_a_focal_point_sees_only_its_organisations_requests(
    client_for, focal_point, request_a, request_b
):
    request_b.section = request_a.section
    request_b.save()

    page = client_for(focal_point).get(reverse("sections:detail", args=[request_a.section_id]))

    assert page.context["requests"] == [request_a]


def test_the_focal_point_accepts_a_request_to_its_organisation(client_for, focal_point, request_a):
    response = client_for(focal_point).post(answer_url(request_a), {"answer": "accept"})

    assert response.status_code == 302
    request_a.refresh_from_db()
    assert (request_a.status, request_a.answered_by) == ("accepted", focal_point)
    latest = request_a.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (focal_point, "Accepted")


def test_the_focal_point_declines_a_request(client_for, focal_point, request_a):
    client_for(focal_point).post(answer_url(request_a), {"answer": "decline"})

    request_a.refresh_from_db()
    assert request_a.status == "declined"


def test_a_focal_point_cannot_answer_another_organisations_request(
    client_for, focal_point, request_b
):
    response = client_for(focal_point).post(answer_url(request_b), {"answer": "accept"})

    assert response.status_code == 404
    request_b.refresh_from_db()
    assert request_b.status == "requested"
    assert request_b.history.count() == 1


def test_the_secretariat_answers_on_a_members_behalf(client_for, staff_user, request_b):
    client_for(staff_user).post(answer_url(request_b), {"answer": "accept"})

    request_b.refresh_from_db()
    assert request_b.status == "accepted"


def test_viewers_cannot_answer(client_for, viewer, request_a):
    assert client_for(viewer).post(answer_url(request_a), {"answer": "accept"}).status_code == 403


def test_an_answer_that_is_no_answer_changes_nothing(client_for, focal_point, request_a):
    response = client_for(focal_point).post(answer_url(request_a), {"answer": "maybe"})

    assert response.status_code == 400
    assert "accept" in response.content.decode()
    request_a.refresh_from_db()
    assert request_a.status == "requested"


def test_a_declined_request_cannot_be_accepted_and_says_why(client_for, focal_point, request_a):
    request_a.status = SectionRequest.Status.DECLINED
    request_a.save()

    response = client_for(focal_point).post(
        answer_url(request_a), {"answer": "accept"}, follow=True
    )

    assert "already declined" in response.content.decode()
    request_a.refresh_from_db()
    assert request_a.status == "declined"


def test_only_a_done_request_links_to_the_contact_it_became(request_a):
    contact = ContactFactory(section=request_a.section, member=request_a.member)
    request_a.became = contact

    with pytest.raises(ValidationError) as error:
        request_a.full_clean()
    assert "became" in error.value.message_dict

    request_a.status = SectionRequest.Status.DONE
    request_a.full_clean()


def test_a_request_links_only_contacts_between_its_section_and_member(request_a, member_b):
    request_a.carried_by = ContactFactory(section=request_a.section, member=member_b)

    with pytest.raises(ValidationError) as error:
        request_a.full_clean()
    assert "carried_by" in error.value.message_dict
