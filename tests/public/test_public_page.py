"""The public numbers page, its JSON and CSV: off and on, who reaches them, no cookie, the
reader's language, the audit of each switch, and the queries behind a request."""

import csv
import getpass
import io
import json

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from public.models import PublicPage
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    GoalFactory,
    MemberFactory,
    MilestoneFactory,
    PetitionFactory,
    SectionFactory,
    StrategyFactory,
    SupporterCountFactory,
)

PAGE = reverse("public:page")
JSON_URL = reverse("public:numbers-json")
CSV_URL = reverse("public:numbers-csv")
SWITCH = reverse("public:switch")
PUBLIC_URLS = [PAGE, JSON_URL, CSV_URL]


def switch_events():
    return list(
        AuditEvent.objects.filter(
            kind__in=[AuditEvent.Kind.PUBLIC_PAGE_ON, AuditEvent.Kind.PUBLIC_PAGE_OFF]
        ).order_by("pk")
    )


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_off_by_default_the_page_and_its_files_are_not_found_for_everyone(
    client_for, personas, url
):
    assert not PublicPage.objects.exists()
    for name, user in personas.items():
        response = client_for(user).get(url)
        assert response.status_code == 404, name


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_on_anyone_opens_them_and_no_cookie_is_set(public_on, url):
    client = Client()
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert not client.cookies
    assert not Session.objects.exists()
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_turning_it_off_again_closes_it_to_everyone(client_for, admin_user, public_on):
    assert Client().get(PAGE).status_code == 200
    client_for(admin_user).post(SWITCH, {"state": "off"})
    for url in PUBLIC_URLS:
        assert Client().get(url).status_code == 404
        assert client_for(admin_user).get(url).status_code == 404


def test_the_page_says_when_its_numbers_were_computed(public_on):
    page = Client().get(PAGE).content.decode()
    numbers = Client().get(JSON_URL).json()
    assert f'data-computed-at="{numbers["computed_at"][:19]}' in page
    assert "Numbers computed on" in page
    assert "refreshed at most every 10 minutes" in page


def test_the_page_follows_accept_language(public_on):
    page = Client().get(PAGE, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in page
    assert "Suivi de campagne du NSWP" in page


def test_the_language_chosen_on_the_page_is_in_the_link_and_sets_no_cookie(public_on):
    client = Client()
    response = client.get(PAGE, {"language": "ru"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="ru">' in response.content.decode()
    assert not response.cookies
    assert 'method="get" action="/public/"' in response.content.decode()


def test_a_language_chosen_elsewhere_is_followed(public_on):
    client = Client()
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert '<html lang="es">' in client.get(PAGE).content.decode()


def test_an_unknown_language_is_a_clear_400(public_on):
    response = Client().get(PAGE, {"language": "xx"})
    assert response.status_code == 400
    assert "Unknown language" in response.content.decode()


def test_the_admin_turns_it_on_and_off_and_each_change_is_audited(client_for, admin_user):
    client = client_for(admin_user)
    page = client.get(SWITCH).content.decode()
    assert "The public page is off" in page
    response = client.post(SWITCH, {"state": "on"}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    assert Client().get(PAGE).status_code == 200
    client.post(SWITCH, {"state": "on"})  # already on: nothing to log
    client.post(SWITCH, {"state": "off"})
    events = switch_events()
    assert [(e.kind, e.user, e.detail) for e in events] == [
        (AuditEvent.Kind.PUBLIC_PAGE_ON, admin_user, {"via": "web"}),
        (AuditEvent.Kind.PUBLIC_PAGE_OFF, admin_user, {"via": "web"}),
    ]
    assert events[0].ip_address == "192.0.2.7"
    assert events[0].at <= events[1].at
    page = client.get(SWITCH).content.decode()
    assert "The public page is off" in page
    assert "Public numbers page turned on" in page
    assert "Last changed by admin" in page


def test_a_bad_switch_value_changes_nothing(client_for, admin_user):
    response = client_for(admin_user).post(SWITCH, {"state": "maybe"})
    assert response.status_code == 400
    assert "Choose on or off." in response.content.decode()
    assert not PublicPage.objects.exists()
    assert switch_events() == []


def test_the_command_turns_it_on_and_off_and_each_change_is_audited(db, capsys):
    call_command("public_dashboard", "on")
    assert Client().get(PAGE).status_code == 200
    call_command("public_dashboard", "on")
    call_command("public_dashboard", "off")
    assert Client().get(PAGE).status_code == 404
    out = capsys.readouterr().out
    assert "already on" in out
    events = switch_events()
    assert [(e.kind, e.user, e.username, e.detail) for e in events] == [
        (AuditEvent.Kind.PUBLIC_PAGE_ON, None, getpass.getuser(), {"via": "cli"}),
        (AuditEvent.Kind.PUBLIC_PAGE_OFF, None, getpass.getuser(), {"via": "cli"}),
    ]


def test_an_address_over_the_limit_gets_429_and_another_does_not(public_on, settings):
    settings.PUBLIC_REQUESTS_PER_MINUTE = 3
    client = Client(REMOTE_ADDR="198.51.100.1")
    statuses = [client.get(url).status_code for url in [PAGE, JSON_URL, CSV_URL, PAGE]]
    assert statuses == [200, 200, 200, 429]
    response = client.get(JSON_URL)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert not response.cookies
    assert Client(REMOTE_ADDR="198.51.100.2").get(PAGE).status_code == 200


def test_the_limit_counts_the_address_the_proxy_reports(public_on, settings):
    settings.PUBLIC_REQUESTS_PER_MINUTE = 1
    settings.PROXY_COUNT = 1
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert first.get(JSON_URL).status_code == 200
    assert first.get(JSON_URL).status_code == 429
    assert second.get(JSON_URL).status_code == 200


def test_json_and_csv_hold_the_same_numbers(public_on):
    numbers = Client().get(JSON_URL).json()
    body = Client().get(CSV_URL).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["table", "row", "column", "value"]
    from_csv = {(t, r, c): v for t, r, c, v in rows[1:]}
    from_json = {("totals", "", k): str(v) for k, v in numbers["totals"].items()}
    for row in numbers["by_region"]:
        for column in ("contacts", "sections_engaged", "members_engaged"):
            from_json["by_region", row["region"], column] = str(row[column])
    for row in numbers["by_channel"]:
        from_json["by_channel", row["channel"], "contacts"] = str(row["contacts"])
    for row in numbers["by_month"]:
        from_json["by_month", row["month"], "contacts"] = str(row["contacts"])
    for row in numbers["sections"]:
        from_json["sections", row["name"], "contacts"] = str(row["contacts"])
    for row in numbers["countries"]:
        from_json["countries", row["country"], "members_engaged"] = str(row["members_engaged"])
    assert from_csv == from_json
    assert json.loads(json.dumps(numbers)) == numbers


def _data(n_contacts: int) -> None:
    campaign = CampaignFactory()
    goal = GoalFactory(campaign=campaign, number=1)
    StrategyFactory(campaign=campaign, number=1).goals.add(goal)
    MilestoneFactory(campaign=campaign)
    SupporterCountFactory(petition=PetitionFactory(campaign=campaign), count=10)
    members = [MemberFactory(country=c, region="europe") for c in ("FR", "DE", "PL")]
    sections = [SectionFactory(country=c, region="europe") for c in ("FR", "DE")]
    for i in range(n_contacts):
        ContactFactory(member=members[i % 3], section=sections[i % 2])


@pytest.mark.parametrize("n_contacts", [3, 30])
def test_a_cached_request_makes_two_small_queries_whatever_the_data(
    public_on, django_assert_num_queries, n_contacts
):
    _data(n_contacts)
    client = Client()
    assert client.get(PAGE).status_code == 200  # computes and caches the numbers
    for url in PUBLIC_URLS:
        # Queries: the switch's row; the cached numbers' row.
        with django_assert_num_queries(2):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("n_contacts", [3, 30])
def test_computing_the_numbers_costs_the_same_queries_whatever_the_data(
    public_on, django_assert_num_queries, n_contacts
):
    from public.numbers import compute_numbers

    _data(n_contacts)
    # Queries: the contacts (one statement); members; sections; the campaign; its goals;
    # strategies and the goals they serve; milestones; petitions and their supporter counts.
    with django_assert_num_queries(10):
        compute_numbers(threshold=3)
