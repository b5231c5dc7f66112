"""``make serve`` answers as production would: gunicorn, whitenoise, DEBUG off.

The module runs the Makefile's own target (collectstatic, migrate, gunicorn) against a fresh
database: a temporary SQLite file, or with ``DATABASE_URL`` set a throwaway PostgreSQL database
beside the test one. Requests come through urllib as a proxy would pass them on (with
``X-Forwarded-Proto: https``), so the production cookie and CSRF rules apply.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import time

import pytest

from tests.live_servers import (
    DEBUG_MARKERS,
    ROOT,
    VENV,
    Client,
    create_staff_script,
    free_port,
    server_environment,
    stop,
    throwaway_postgres,
    wait_until_healthy,
)

STAFF_USERNAME = "serve-staff"
STAFF_PASSWORD = secrets.token_urlsafe(16)


@pytest.fixture(scope="module")
def server_database(tmp_path_factory):
    """Environment variables pointing the server at a database nobody else uses."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        yield {"SQLITE_PATH": str(tmp_path_factory.mktemp("serve") / "tracker.sqlite3")}
        return
    with throwaway_postgres(url, "serve") as database_url:
        yield {"DATABASE_URL": database_url}


@pytest.fixture(scope="module")
def serve_run(server_database, tmp_path_factory):
    """``make serve`` on a free port, with a staff user: its address and its log file."""
    if not (VENV / "bin" / "gunicorn").exists():
        pytest.fail(f"no gunicorn in {VENV}: run the tests with the project's virtualenv")
    folder = tmp_path_factory.mktemp("serve-run")
    port = free_port()
    env = server_environment(
        server_database,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        WEB_CONCURRENCY="2",
    )
    log_path = folder / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        # -o: the shared virtualenv is already installed; make must not reinstall into it.
        process = subprocess.Popen(
            [
                "make",
                "-o",
                f"{VENV}/.runtime",
                "serve",
                f"VENV={VENV}",
                "HOST=127.0.0.1",
                f"PORT={port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_healthy(process, base, log_path)
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                create_staff_script(STAFF_USERNAME, STAFF_PASSWORD),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        yield base, log_path
    finally:
        stop(process)


@pytest.fixture(scope="module")
def server(serve_run):
    return serve_run[0]


def _signed_in(base: str) -> Client:
    client = Client(base)
    answer = client.sign_in(STAFF_USERNAME, STAFF_PASSWORD)
    assert (answer.status, answer.headers.get("Location")) == (302, "/")
    return client


def test_health_check_answers(server):
    answer = Client(server).request("/health/")
    assert (answer.status, json.loads(answer.body)) == (200, {"status": "ok"})


def test_health_check_answers_a_probe_by_address_over_plain_http(server):
    """Load balancers ask by the server's address: not in DJANGO_ALLOWED_HOSTS, no HTTPS."""
    answer = Client(server).request("/health/", headers={"Host": "10.1.2.3"})
    assert (answer.status, json.loads(answer.body)) == (200, {"status": "ok"})


def test_dashboard_redirects_anonymous_to_sign_in_without_debug_page(server):
    answer = Client(server).request("/")
    assert (answer.status, answer.headers["Location"]) == (302, "/accounts/login/?next=/")
    assert not any(marker in answer.body for marker in DEBUG_MARKERS)


def test_login_page_and_its_hashed_stylesheet_are_served_with_long_caching(server):
    client = Client(server)
    login = client.request("/accounts/login/")
    assert login.status == 200
    assert "max-age=31536000" in login.headers["Strict-Transport-Security"]
    stylesheet = re.search(r'href="(/static/css/tracker\.[0-9a-f]{12}\.css)"', login.body)
    assert stylesheet, "the login page links no hashed tracker.css"

    css = client.request(stylesheet.group(1))
    assert css.status == 200
    assert css.headers["Content-Type"].startswith("text/css")
    max_age = int(re.search(r"max-age=(\d+)", css.headers["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 60 * 60
    assert ".site-header" in css.body


def test_unknown_url_gets_the_plain_404_page(server):
    anonymous = Client(server).request("/no-such-page/")
    signed_in = _signed_in(server).request("/no-such-page/")
    for answer in (anonymous, signed_in):
        assert answer.status == 404
        assert not any(marker in answer.body for marker in DEBUG_MARKERS)


def test_signed_in_staff_gets_the_dashboard(server):
    answer = _signed_in(server).request("/")
    assert answer.status == 200
    assert answer.headers["Cache-Control"] == "no-store"
    assert "Secretariat staff" in answer.body
    assert "Sign out" in answer.body
    assert not any(marker in answer.body for marker in DEBUG_MARKERS)


def test_access_log_names_the_path_but_never_the_query_string(serve_run):
    base, log_path = serve_run
    anonymous = Client(base).request("/health/?q=Jane")
    search = _signed_in(base).request("/contacts/?q=Jane&people=Jane.Doe%40example.org")
    assert (anonymous.status, search.status) == (200, 200)

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and '"GET /contacts/ ' not in log_path.read_text():
        time.sleep(0.2)
    log = log_path.read_text()
    assert '"GET /health/ HTTP/1.1" 200' in log
    assert '"GET /contacts/ HTTP/1.1" 200' in log
    assert "Jane" not in log
    assert "example.org" not in log
