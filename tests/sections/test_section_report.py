"""The printable section report: one page of stance, numbers, members engaged, timeline and
open follow-ups, under the same visibility rules as the section page."""

import datetime

import pytest
from django.urls import reverse

from sections.models import Section
from tests.factories import ContactFactory, MemberFactory, SectionFactory


def report_url(section):
    return reverse("sections:report", args=[section.pk])


@pytest.fixture
def sweden(db, member_a, member_b):
    member_b.name_public = False
    member_b.save()
    section = SectionFactory(
        name="AI Sweden",
        country="SE",
        stance=Section.Stance.VOTED_AGAINST,
        stance_note="Agreed to work on other laws.",
        notes="Secretariat-only note",
    )
    ContactFactory(
        section=section,
        member=member_a,
        date=datetime.date(2015, 8, 14),
        channel="meeting",
        summary="Meeting within days of the decision.",
        follow_up="Send the advocacy guide",
        follow_up_date=datetime.date(2099, 12, 1),
    )
    ContactFactory(
        section=section,
        member=member_b,
        date=datetime.date(2015, 9, 2),
        channel="email",
        summary="Asked for media contacts.",
        follow_up="Reply with speakers",
        follow_up_date=datetime.date(2015, 9, 30),
    )
    ContactFactory(
        section=section,
        member=member_a,
        date=datetime.date(2015, 10, 1),
        summary="Closed follow-up",
        follow_up="Done already",
        follow_up_done_on=datetime.date(2015, 10, 2),
    )
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
def test_report_opens_for_every_role(personas, client_for, sweden, persona, status):
    assert client_for(personas[persona]).get(report_url(sweden)).status_code == status


def test_report_shows_stance_numbers_timeline_and_open_follow_ups(client_for, staff_user, sweden):
    response = client_for(staff_user).get(report_url(sweden))
    html = response.content.decode()

    assert "Voted against" in html
    assert "Agreed to work on other laws." in html
    assert response.context["numbers"]["contacts"] == 3
    # Timeline oldest first, with date, channel, counterpart and summary.
    assert [c.date for c in response.context["timeline"]] == [
        datetime.date(2015, 8, 14),
        datetime.date(2015, 9, 2),
        datetime.date(2015, 10, 1),
    ]
    assert "14 Aug 2015" in html  # the timeline shows dates as written
    assert "Meeting within days of the decision." in html
    assert "Email" in html
    # Open follow-ups only (the done one is not), soonest first, the overdue one marked.
    assert [c.follow_up for c in response.context["follow_ups"]] == [
        "Reply with speakers",
        "Send the advocacy guide",
    ]
    assert "overdue" in html
    assert "Done already" not in html
    assert "Member B" in html
    assert 'href="/static/css/print.css" media="print"' in html
    assert '<script src="/static/js/print.js" defer></script>' in html


def test_report_has_no_inline_script_or_style(client_for, staff_user, sweden):
    html = client_for(staff_user).get(report_url(sweden)).content.decode()

    assert "<script>" not in html
    assert "style=" not in html
    assert "onclick" not in html


def test_viewer_report_withholds_names_and_notes(client_for, viewer, sweden):
    html = client_for(viewer).get(report_url(sweden)).content.decode()

    assert "Member B" not in html
    assert "Member organisation in Nigeria (name withheld)" in html
    assert "Secretariat-only note" not in html


def test_focal_point_report_counts_only_its_own_contacts(client_for, focal_point, sweden):
    response = client_for(focal_point).get(report_url(sweden))
    html = response.content.decode()

    assert response.context["numbers"]["contacts"] == 2
    assert "Asked for media contacts." not in html
    assert "Reply with speakers" not in html
    assert "Member B" not in html


def test_long_history_is_cut_to_the_most_recent_and_says_so(client_for, staff_user, member_a):
    section = SectionFactory()
    first = datetime.date(2015, 1, 1)
    for day in range(35):
        ContactFactory(section=section, member=member_a, date=first + datetime.timedelta(day))
    response = client_for(staff_user).get(report_url(section))

    assert len(response.context["timeline"]) == 30
    assert response.context["timeline"][-1].date == datetime.date(2015, 2, 4)
    assert "The 30 most recent of 35 contacts." in response.content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_report_runs_a_fixed_number_of_queries(
    client_for, staff_user, size, django_assert_num_queries
):
    section = SectionFactory()
    for _ in range(size):
        ContactFactory(
            section=section,
            member=MemberFactory(),
            follow_up="Call back",
            follow_up_date=datetime.date(2099, 1, 1),
        )
    client = client_for(staff_user)
    # session, user, groups, the section, its numbers, members engaged, then twice (timeline,
    # open follow-ups) the contact filter's section check and the contacts
    with django_assert_num_queries(10):
        response = client.get(report_url(section))
    assert len(response.context["follow_ups"]) == size
