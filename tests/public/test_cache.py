"""The public numbers' cache: computed at most once per period for every app server, kept in
the database, dropped when the page is switched, stale copies served while another server
refreshes them."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from public import numbers as public_numbers
from public.selectors import _key, published_numbers
from public.services import public_page_switch
from public.suppression import Unprotectable
from tests.factories import ContactFactory

JSON_URL = reverse("public:numbers-json")
CONTACTS = re.compile(r'"campaigns_contact"')


def contact_reads(queries) -> int:
    return sum(1 for q in queries if CONTACTS.search(q["sql"]))


def fetch(client=None) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(JSON_URL)
    assert response.status_code == 200
    return response.json(), contact_reads(queries.captured_queries)


def test_the_contacts_are_read_once_and_the_copy_is_shared_through_the_database(public_on):
    ContactFactory.create_batch(4)
    first, reads = fetch()
    assert reads == 1
    # Another app server: its own memory is empty, the database cache is not.
    caches["default"].clear()
    second, reads = fetch()
    assert reads == 0
    assert second["computed_at"] == first["computed_at"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM public_numbers_cache")
        assert cursor.fetchone()[0] >= 1


def _age_the_cached_copy(seconds: int) -> dict:
    cache = caches["public"]
    entry = cache.get(_key())
    entry["computed_at"] -= datetime.timedelta(seconds=seconds)
    cache.set(_key(), entry, timeout=None)
    return entry


def test_numbers_older_than_the_period_are_computed_again(public_on, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    ContactFactory.create_batch(3)
    first, _reads = fetch()
    ContactFactory.create_batch(2)
    cached, reads = fetch()
    assert (reads, cached) == (0, first)
    _age_the_cached_copy(61)
    fresh, reads = fetch()
    assert reads == 1
    assert fresh["computed_at"] > first["computed_at"]
    assert fresh["sections"] != first["sections"]  # the two new sections are listed


def test_while_another_server_refreshes_the_previous_copy_is_served(public_on, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    ContactFactory.create_batch(3)
    fetch()
    stale = _age_the_cached_copy(600)
    caches["public"].add(f"{_key()}:refreshing", True)
    served, reads = fetch()
    assert reads == 0
    assert served["computed_at"].startswith(stale["computed_at"].isoformat()[:19])


def test_a_page_turned_on_again_starts_from_fresh_numbers(public_on):
    ContactFactory.create_batch(3)
    first, _reads = fetch()
    ContactFactory.create_batch(3)
    public_page_switch(on=False, operator="test")
    public_page_switch(on=True, operator="test")
    numbers, reads = fetch()
    assert reads == 1
    assert len(numbers["sections"]) == len(first["sections"]) + 3


def test_a_new_threshold_never_serves_numbers_suppressed_under_the_old_one(public_on, settings):
    ContactFactory.create_batch(4)
    assert fetch()[0]["threshold"] == 3
    settings.PUBLIC_MIN_COUNT = 5
    numbers, reads = fetch()
    assert (reads, numbers["threshold"], numbers["totals"]["contacts"]) == (1, 5, "<5")


def test_numbers_that_cannot_be_protected_are_withheld(public_on, monkeypatch):
    def unprotectable(*args, **kwargs):
        raise Unprotectable("test")

    monkeypatch.setattr(public_numbers, "suppress", unprotectable)
    ContactFactory.create_batch(3)
    numbers = published_numbers()
    assert numbers["withheld"] is True
    assert numbers["totals"] == {}
    assert numbers["by_month"] == []
    assert numbers["sections"] == []
    page = Client().get(reverse("public:page")).content.decode()
    assert "Not enough contacts yet" in page
    assert "data-cell=" not in page
    body = Client().get(reverse("public:numbers-csv")).content.decode()
    assert body.splitlines() == ["table,row,column,value"]


@pytest.mark.parametrize("threshold", [2, 0])
def test_a_threshold_below_three_is_refused_at_start(threshold, monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings

    monkeypatch.setenv("PUBLIC_MIN_COUNT", str(threshold))
    with pytest.raises(ImproperlyConfigured, match="PUBLIC_MIN_COUNT"):
        importlib.reload(config.settings)
    monkeypatch.delenv("PUBLIC_MIN_COUNT")
    importlib.reload(config.settings)
