"""A database outage answers 503 with an explanation (HTML, or JSON under /api/), the health
check says so for any Host header, and the first request after recovery works, POST included.

The outage is made by pointing the test's own connection at a database nobody can open (a
closed port for PostgreSQL, a missing directory for SQLite); the shared server is never
stopped.
"""

import json
import socket
from contextlib import contextmanager

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD

POSTGRES = connection.vendor == "postgresql"


def _closed_port() -> int:
    """A local port that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_down():
    """Every new connection of this thread fails until the block ends."""
    saved = dict(connection.settings_dict)
    if POSTGRES:
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=_closed_port())
        kept = None
    else:  # the in-memory test database lives while its one connection stays open: keep it
        kept, connection.connection = connection.connection, None
        connection.settings_dict["NAME"] = "/nonexistent-directory/tracker.sqlite3"
    try:
        yield
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        if POSTGRES:
            connection.close()
        else:
            connection.connection = kept
        connection.errors_occurred = False


@pytest.fixture
def lenient_client():
    """Answers with the server's error page instead of raising, as gunicorn would."""
    return Client(raise_request_exception=False)


def assert_unavailable_page(response, *, posted: bool):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "The tracker is briefly unavailable." in text
    assert ("Nothing you sent was saved" in text) is posted
    assert "Traceback" not in text


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_is_down_and_work_again_after(
    role_groups, lenient_client, staff_user
):
    lenient_client.force_login(staff_user)
    anonymous = Client(raise_request_exception=False)
    with database_down():
        # Signed in: the session and the user are read before any view runs.
        assert_unavailable_page(lenient_client.get("/"), posted=False)
        assert_unavailable_page(lenient_client.get("/contacts/"), posted=False)
        assert_unavailable_page(
            lenient_client.post(reverse("campaigns:contact-create"), {"summary": "x"}),
            posted=True,
        )
        # Anonymous: the sign-in page reads nothing, the sign-in itself does.
        assert_unavailable_page(
            anonymous.post(reverse("login"), {"username": "staff", "password": PASSWORD}),
            posted=True,
        )
        api = lenient_client.get(reverse("campaigns:api-engagement"))
        assert api.status_code == 503
        assert api["Content-Type"] == "application/json"
        assert api.json()["status"] == "unavailable"
        assert int(api["Retry-After"]) > 0
        health = lenient_client.get("/health/")
        assert health.status_code == 503
        assert health.json() == {"status": "unavailable"}

    assert lenient_client.get("/health/").json() == {"status": "ok"}
    assert lenient_client.get("/").status_code == 200
    signed_in = anonymous.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert anonymous.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_gone_database_answers_503_to_a_signed_in_request_with_a_session(
    role_groups, lenient_client, viewer
):
    """The session is loaded by middleware long before the view: that error is a 503 too."""
    lenient_client.force_login(viewer)
    with database_down():
        response = lenient_client.get(reverse("campaigns:dashboard"))
    assert_unavailable_page(response, posted=False)


def test_other_errors_still_answer_the_generic_500(lenient_client, no_role_user, monkeypatch):
    def broken(user):
        raise RuntimeError("not a database problem")

    monkeypatch.setattr("accounts.views.role_of", broken)
    lenient_client.force_login(no_role_user)
    response = lenient_client.get(reverse("no-access"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()


@override_settings(ALLOWED_HOSTS=["tracker.example.org"], SECURE_SSL_REDIRECT=True, DEBUG=False)
@pytest.mark.parametrize("host", ["10.1.2.3", "10.1.2.3:8000", "tracker.example.org", "[::1]"])
def test_health_answers_for_any_host_and_says_nothing_more(lenient_client, db, host):
    response = lenient_client.get("/health/", HTTP_HOST=host)
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@override_settings(ALLOWED_HOSTS=["tracker.example.org"], DEBUG=False)
def test_other_pages_still_refuse_an_unknown_host(lenient_client, db):
    assert lenient_client.get(reverse("login"), HTTP_HOST="10.1.2.3").status_code == 400
    assert lenient_client.get("/health/x", HTTP_HOST="10.1.2.3").status_code == 400


@pytest.mark.skipif(not POSTGRES, reason="persistent connections: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_the_first_post_after_a_database_restart_succeeds(role_groups, lenient_client, staff_user):
    """A server restart leaves the persistent connection open on our side but dead: the next
    request must notice before using it (CONN_HEALTH_CHECKS), not fail once."""
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    lenient_client.get("/health/")
    assert connection.connection is not None
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])

    close_old_connections()  # what the WSGI handler does at the start of every request
    response = lenient_client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302
