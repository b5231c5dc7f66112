"""/api/engagement/: the dashboard's numbers as JSON, checked against numbers computed in
plain Python from the fixtures, for several filters and for every role."""

import datetime
import json

import pytest
from django.urls import reverse

from members.models import MemberOrganisation
from sections.models import Section
from tests.campaigns.test_dashboard_fixtures import (
    ENDORSEMENT_NOTE,
    PRIVATE_NOTE,
    WITHHELD_NAME,
    build_case_study,
    expected_numbers,
)
from tests.factories import ContactFactory

URL = reverse("campaigns:api-engagement")

FILTERS = [
    pytest.param({}, id="no-filter"),
    pytest.param({"since": "2015-09-01", "until": "2015-12-31"}, id="date-range"),
    pytest.param({"region": "europe"}, id="region"),
    pytest.param({"formality": "informal"}, id="informal-only"),
]


@pytest.fixture
def study(member_a, member_b):
    return build_case_study(member_a=member_a, member_b=member_b)


def _expected(study, filters, **extra):
    return expected_numbers(
        [*study.contacts, study.deleted],
        filters={**filters, **extra},
        check_ins=study.check_ins,
        sections_total=Section.objects.count(),
        members=list(MemberOrganisation.objects.all()),
    )


def _compare(data, expected):
    assert data["headline"] == expected["headline"]
    assert [
        {k: row[k] for k in ("region", "contacts", "sections_engaged", "members_engaged")}
        for row in data["by_region"]
    ] == expected["by_region"]
    assert {row["channel"]: row["contacts"] for row in data["by_channel"]} == expected["by_channel"]
    months = {row["month"]: row["contacts"] for row in data["by_month"] if row["contacts"]}
    assert months == expected["months"]
    assert sorted(data["matrix"]["cells"]) == expected["cells"]
    assert {s["number"]: s["contacts"] for s in data["strategies"] if s["contacts"]} == expected[
        "strategies"
    ]
    assert {row["country"]: row["members_engaged"] for row in data["map"]} == expected[
        "members_per_country"
    ]
    assert len(data["milestones"]) == expected["milestones"]


@pytest.mark.parametrize("filters", FILTERS)
def test_numbers_match_the_fixtures_for_staff(client_for, staff_user, study, filters):
    response = client_for(staff_user).get(URL, filters)

    assert response.status_code == 200
    data = response.json()
    _compare(data, _expected(study, filters))


@pytest.mark.parametrize("filters", FILTERS)
def test_viewer_gets_the_same_numbers_as_staff(client_for, viewer, staff_user, study, filters):
    as_viewer = client_for(viewer).get(URL, filters).json()
    as_staff = client_for(staff_user).get(URL, filters).json()

    _compare(as_viewer, _expected(study, filters))
    assert as_viewer["headline"] == as_staff["headline"]
    assert as_viewer["matrix"]["cells"] == as_staff["matrix"]["cells"]


def test_viewer_sees_withheld_member_as_withheld_and_no_notes(client_for, viewer, study):
    response = client_for(viewer).get(URL)
    body = response.content.decode()

    assert WITHHELD_NAME not in body
    assert PRIVATE_NOTE not in body
    assert ENDORSEMENT_NOTE not in body
    names = {m["id"]: m["name"] for m in response.json()["matrix"]["members"]}
    assert names[study.withheld.pk] == study.withheld.withheld_name
    assert "(name withheld)" in names[study.withheld.pk]


def test_staff_sees_withheld_member_name(client_for, staff_user, study):
    members = client_for(staff_user).get(URL).json()["matrix"]["members"]
    names = {m["id"]: m["name"] for m in members}

    assert names[study.withheld.pk] == WITHHELD_NAME


def test_focal_point_gets_only_its_own_organisations_numbers(
    client_for, focal_point, member_a, member_b, study
):
    data = client_for(focal_point).get(URL).json()

    _compare(data, _expected(study, {}, member=[member_a.pk]))
    assert data["headline"]["contacts"] == 2
    assert {m["id"] for m in data["matrix"]["members"]} == {member_a.pk}
    assert all(cell[1] == member_a.pk for cell in data["matrix"]["cells"])
    # The denominators are the network's: all sections, all members.
    assert data["headline"]["sections_total"] == Section.objects.count()
    assert data["headline"]["members_total"] == MemberOrganisation.objects.count()


def test_member_b_contacts_are_absent_from_member_a_numbers(
    client_for, focal_point, other_focal_point, member_b, study
):
    ContactFactory(section=study.sections["NG"], member=member_b, hours=50)

    as_a = client_for(focal_point).get(URL).json()
    as_b = client_for(other_focal_point).get(URL).json()

    assert as_a["headline"]["hours"]["total"] == 4.0
    assert as_b["headline"]["hours"]["total"] == 51.5
    assert member_b.pk not in {cell[1] for cell in as_a["matrix"]["cells"]}
    assert "Nigeria" not in {row["name"] for row in as_a["map"]}
    # Check-ins follow the same scope.
    assert as_a["headline"]["check_ins"] == {"asked": 1, "answered": 1, "contacted": 1}


def test_keys_are_the_documented_ones_and_dates_are_iso(client_for, staff_user, study):
    data = client_for(staff_user).get(URL, {"since": "2015-08-11"}).json()

    assert set(data) == {
        "filters",
        "headline",
        "by_region",
        "by_channel",
        "by_month",
        "by_month_outside",
        "matrix",
        "map",
        "campaign",
        "goals",
        "strategies",
        "petitions",
        "milestones",
        "endorsements",
    }
    assert data["filters"] == {"since": "2015-08-11"}
    assert data["by_month"][0]["month"] == "2015-08-01"
    vote = next(m for m in data["milestones"] if m["number"] == 13)
    assert vote == {
        "number": 13,
        "date": "2015-08-11",
        "precision": "day",
        "end_date": None,
        "date_label": "",
        "title": "ICM votes for the resolution",
        "description": "",
        "kind": "decision",
        "links": [],
    }
    counts = {p["title"]: [c["count"] for c in p["supporter_counts"]] for p in data["petitions"]}
    assert counts == {
        "Vote no to decriminalising pimps": [8000, 10935],
        "Stand firm and support decriminalisation": [10072],
    }
    json.dumps(data)  # plain JSON all the way down


def test_by_month_has_every_month_between_first_and_last_contact(client_for, staff_user, study):
    months = [row["month"] for row in client_for(staff_user).get(URL).json()["by_month"]]

    assert months[0] == "2015-08-01"
    assert months[-1] == "2016-03-01"
    assert len(months) == 8


def test_matrix_all_lists_sections_and_members_without_contacts(client_for, staff_user, study):
    engaged = client_for(staff_user).get(URL).json()["matrix"]
    everyone = client_for(staff_user).get(URL, {"matrix": "all"}).json()["matrix"]

    assert study.unengaged_section.pk not in {s["id"] for s in engaged["sections"]}
    assert study.unengaged_section.pk in {s["id"] for s in everyone["sections"]}
    assert study.unengaged_member.pk in {m["id"] for m in everyone["members"]}
    assert everyone["cells"] == engaged["cells"]


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"since": "2015-13-45"}, "since"),
        ({"region": "antarctica"}, "region"),
        ({"section": "999999"}, "section"),
        ({"stack": "colour"}, "stack"),
        ({"matrix": "some"}, "matrix"),
        ({"since": "2016-01-01", "until": "2015-01-01"}, "until"),
    ],
)
def test_invalid_parameter_is_a_400_naming_it(client_for, staff_user, study, params, bad):
    response = client_for(staff_user).get(URL, params)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [bad]
    assert all(isinstance(message, str) for message in errors[bad])


def test_unknown_parameters_are_ignored(client_for, staff_user, study):
    response = client_for(staff_user).get(URL, {"utm_source": "mail"})

    assert response.status_code == 200


def test_people_without_a_role_get_no_numbers(client_for, no_role_user):
    response = client_for(no_role_user).get(URL)

    assert response.status_code == 403
    assert "no role" in response.json()["detail"]


def test_anonymous_gets_401_json_not_the_sign_in_page(db, client_for):
    response = client_for(None).get(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_no_data_gives_zeros_not_errors(client_for, staff_user):
    data = client_for(staff_user).get(URL).json()

    assert data["headline"]["contacts"] == 0
    assert data["by_month"] == []
    assert data["campaign"] is None
    assert data["headline"]["hours"]["total"] == 0


def test_dates_outside_every_contact_give_empty_numbers(client_for, staff_user, study):
    # The last day a contact may carry (docs/data.md): after every fixture's date.
    last_day = datetime.date(datetime.date.today().year + 1, 12, 31)
    data = client_for(staff_user).get(URL, {"since": last_day.isoformat()}).json()

    assert data["headline"]["contacts"] == 0
    assert data["matrix"] == {"sections": [], "members": [], "cells": []}
    assert data["filters"]["since"] == last_day.isoformat()
