"""The printable member report: profile, numbers, sections engaged, timeline, follow-ups."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ContactFactory, SectionFactory


def report_url(member):
    return reverse("members:report", args=[member.pk])


@pytest.fixture
def contacts(db, member_a, member_b):
    member_b.name_public = False
    member_b.save()
    poland = SectionFactory(name="AI Poland", country="PL")
    ContactFactory(
        section=poland,
        member=member_a,
        date=datetime.date(2015, 9, 10),
        channel="workshop",
        summary="Four-hour media workshop for volunteers.",
        follow_up="Second workshop",
        follow_up_date=datetime.date(2099, 1, 1),
    )
    ContactFactory(
        section=SectionFactory(name="AI Nigeria", country="NG"),
        member=member_b,
        summary="Informal conversations.",
    )
    return poland


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
def test_report_of_own_member_opens_for_every_role(
    personas, client_for, contacts, member_a, persona, status
):
    assert client_for(personas[persona]).get(report_url(member_a)).status_code == status


def test_focal_point_cannot_open_another_members_report(client_for, focal_point, member_b):
    assert client_for(focal_point).get(report_url(member_b)).status_code == 404


def test_report_shows_profile_sections_timeline_and_follow_ups(
    client_for, focal_point, contacts, member_a
):
    response = client_for(focal_point).get(report_url(member_a))
    html = response.content.decode()

    assert "<h1>Member A</h1>" in html
    assert "Sex worker-led organisation" in html
    assert [s.name for s in response.context["sections_engaged"]] == ["AI Poland"]
    assert "10 Sep 2015" in html  # the timeline shows dates as written
    assert "Workshop or training" in html
    assert "Four-hour media workshop for volunteers." in html
    assert "Second workshop" in html


def test_viewer_report_withholds_the_name_and_the_title(client_for, viewer, contacts, member_b):
    html = client_for(viewer).get(report_url(member_b)).content.decode()

    assert "Member B" not in html
    assert "<title>Report: Member organisation in Nigeria (name withheld) · NSWP</title>" in html
    # Numbers only: the report leaves out the timeline of summaries and the follow-ups.
    assert "Informal conversations." not in html
    assert "Timeline of contacts" not in html


@pytest.mark.parametrize("size", [2, 20])
def test_report_runs_a_fixed_number_of_queries(
    client_for, staff_user, member_a, size, django_assert_num_queries
):
    for _ in range(size):
        ContactFactory(
            member=member_a, follow_up="Call back", follow_up_date=datetime.date(2099, 1, 1)
        )
    client = client_for(staff_user)
    # session, user, groups, the member, its numbers, sections engaged, then twice (timeline,
    # open follow-ups) the contact filter's member check and the contacts
    with django_assert_num_queries(10):
        response = client.get(report_url(member_a))
    assert len(response.context["sections_engaged"]) == size
