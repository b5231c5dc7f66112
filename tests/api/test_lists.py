"""The other lists, the NDJSON stream, and query counts that do not grow with rows."""

import datetime
import json

import pytest

from accounts.models import AuditEvent
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    MemberFactory,
    MilestoneFactory,
    PersonFactory,
    PetitionFactory,
    SectionFactory,
    StrategyFactory,
    SupporterCountFactory,
)

NDJSON = "/api/v1/contacts/export.ndjson"


def _lines(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in body.splitlines()]


@pytest.fixture
def world(member_a, member_b):
    section = SectionFactory(name="AI Norway", country="NO")
    ContactFactory(member=member_a, section=section, summary="A's", date=datetime.date(2015, 9, 1))
    ContactFactory(member=member_b, section=section, summary="B's", date=datetime.date(2015, 9, 2))
    return section


def test_ndjson_streams_every_visible_contact_and_is_logged(api_client_for, staff_user, world):
    response = api_client_for(staff_user).get(NDJSON)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert [row["summary"] for row in _lines(response)] == ["B's", "A's"]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.detail["format"] == "ndjson"
    assert event.detail["via"] == "api"
    assert event.detail["rows"] == 2


def test_ndjson_of_a_focal_point_holds_only_its_organisation(
    api_client_for, focal_point, member_b, world
):
    client = api_client_for(focal_point)
    assert [row["summary"] for row in _lines(client.get(NDJSON))] == ["A's"]
    assert _lines(client.get(NDJSON, {"member": member_b.pk})) == []


def test_ndjson_takes_the_filters_and_refuses_bad_ones(api_client_for, staff_user, world):
    client = api_client_for(staff_user)
    assert [r["summary"] for r in _lines(client.get(NDJSON, {"until": "2015-09-01"}))] == ["A's"]
    refused = client.get(NDJSON, {"until": "soon"})
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["until"]


def test_ndjson_counts_against_the_hourly_export_limit(api_client_for, staff_user, world, settings):
    settings.EXPORTS_PER_HOUR = 1
    client = api_client_for(staff_user)
    assert client.get(NDJSON).status_code == 200
    refused = client.get(NDJSON)
    assert refused.status_code == 429
    assert refused["Retry-After"]


def test_people_are_for_the_secretariat_only(api_client_for, staff_user, focal_point, member_a):
    person = PersonFactory(member=member_a, name="Ana")
    listed = api_client_for(staff_user).get("/api/v1/people/").json()["results"]
    assert [p["name"] for p in listed] == ["Ana"]
    assert api_client_for(focal_point).get("/api/v1/people/").status_code == 403
    api_client_for(staff_user).get(f"/api/v1/people/{person.pk}/")
    assert (
        AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_VIEWED).detail["person_id"] == person.pk
    )


def test_members_read_as_on_the_pages(
    api_client_for, viewer, staff_user, focal_point, member_b, world
):
    member_b.name_public = False
    member_b.acronym = "SECRET"
    member_b.notes = "Private"
    member_b.save()
    seen = {m["id"]: m for m in api_client_for(viewer).get("/api/v1/members/").json()["results"]}
    assert seen[member_b.pk]["name"] == member_b.withheld_name
    assert seen[member_b.pk]["name_withheld"] is True
    assert "acronym" not in seen[member_b.pk]
    assert "notes" not in seen[member_b.pk]
    staff = api_client_for(staff_user).get(f"/api/v1/members/{member_b.pk}/").json()
    assert staff["name"] == member_b.name
    assert staff["acronym"] == "SECRET"
    mine = api_client_for(focal_point).get("/api/v1/members/").json()["results"]
    assert [m["id"] for m in mine] == [focal_point.member_id]


def test_sections_count_only_the_readers_contacts(api_client_for, focal_point, world):
    sections = api_client_for(focal_point).get("/api/v1/sections/").json()["results"]
    assert sections[0]["contact_count"] == 1
    refused = api_client_for(focal_point).get("/api/v1/sections/", {"region": "mars"})
    assert list(refused.json()["errors"]) == ["region"]


def test_page_numbers_outside_the_pages_are_400(api_client_for, viewer, world):
    client = api_client_for(viewer)
    assert list(client.get("/api/v1/sections/", {"page": 5}).json()["errors"]) == ["page"]
    assert list(client.get("/api/v1/sections/", {"page_size": 0}).json()["errors"]) == ["page_size"]


def test_campaign_facts_for_every_role(api_client_for, viewer):
    strategy = StrategyFactory(title="Meet the sections")
    MilestoneFactory(campaign=strategy.campaign, title="The vote")
    SupporterCountFactory(petition=PetitionFactory(campaign=strategy.campaign), count=1200)
    client = api_client_for(viewer)
    assert client.get("/api/v1/strategies/").json()["results"][0]["title"] == "Meet the sections"
    assert client.get("/api/v1/milestones/").json()["results"][0]["title"] == "The vote"
    petition = client.get("/api/v1/petitions/").json()["results"][0]
    assert petition["supporter_counts"] == [{"date": "2015-08-10", "count": 1200}]


def test_check_ins_for_the_secretariat(api_client_for, staff_user, viewer, member_a):
    CheckInFactory(member=member_a)
    assert api_client_for(staff_user).get("/api/v1/check-ins/").json()["count"] == 1
    assert api_client_for(viewer).get("/api/v1/check-ins/").status_code == 403


def _grow(size: int, section) -> None:
    for _ in range(size):
        member = MemberFactory()
        contact = ContactFactory(member=member, section=section)
        contact.people.add(PersonFactory(member=member))
        StrategyFactory()
        MilestoneFactory()
        SupporterCountFactory(petition=PetitionFactory())
        CheckInFactory(member=member)


# Queries of a token request, before the list's own: the token with its user (1), counting the
# request against the rate (1), the user's groups for the role (1).
TOKEN = 3
LISTS = {
    # the contacts (1), their people (1)
    "/api/v1/contacts/": 2,
    # COUNT (1), rows with their subquery counts (1)
    "/api/v1/sections/": 2,
    "/api/v1/members/": 2,
    "/api/v1/people/": 2,
    "/api/v1/check-ins/": 2,
    "/api/v1/milestones/": 2,
    # COUNT (1), rows (1), goals or supporter counts (1)
    "/api/v1/strategies/": 3,
    "/api/v1/petitions/": 3,
}


@pytest.mark.parametrize(("url", "queries"), LISTS.items())
def test_list_queries_do_not_grow_with_rows(
    api_client_for, staff_user, django_assert_num_queries, url, queries
):
    section = SectionFactory()
    client = api_client_for(staff_user)
    for size in (2, 12):
        _grow(size, section)
        with django_assert_num_queries(TOKEN + queries):
            assert client.get(url).status_code == 200
