"""``make serve`` answers as production would: gunicorn, whitenoise, DEBUG off.

The module runs the Makefile's own target (collectstatic, migrate, gunicorn) against a fresh
database: a temporary SQLite file, or with ``DATABASE_URL`` set a throwaway PostgreSQL database
beside the test one. Requests come through urllib as a proxy would pass them on (with
``X-Forwarded-Proto: https``), so the production cookie and CSRF rules apply.
"""

import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
STAFF_USERNAME = "serve-staff"
STAFF_PASSWORD = secrets.token_urlsafe(16)
# Production asks staff for a second factor: each sign-in below spends one recovery code.
STAFF_RECOVERY_CODES = iter([f"serve{number}" for number in range(10)])
STARTUP_SECONDS = 120
DEBUG_MARKERS = ("Traceback", "DEBUG = True", "Using the URLconf", "technical_500")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_admin(url: str):
    """A connection to the server's maintenance database, to create and drop databases."""
    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="module")
def server_database(tmp_path_factory):
    """Environment variables pointing the server at a database nobody else uses."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        yield {"SQLITE_PATH": str(tmp_path_factory.mktemp("serve") / "tracker.sqlite3")}
        return
    name = f"test_{dj_database_url.parse(url)['NAME']}_serve"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with _postgres_admin(url) as admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield {"DATABASE_URL": urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl()}
    with _postgres_admin(url) as admin:
        admin.execute(drop)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class Client:
    """A cookie-keeping HTTP client that does not follow redirects, as a proxy's client.

    The session and CSRF cookies are ``Secure`` in production; the proxy terminates HTTPS, so
    the jar hands them back over the plain HTTP hop to gunicorn.
    """

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(policy)),
            self._NoRedirect(),
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        request.add_header("X-Forwarded-Proto", "https")
        if data is not None:
            request.add_header("Origin", "https://" + urllib.parse.urlsplit(self.base).netloc)
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode(errors="replace"))


@pytest.fixture(scope="module")
def server(server_database, tmp_path_factory):
    """``make serve`` on a free port, with a staff user; stopped when the module is done."""
    if not (VENV / "bin" / "gunicorn").exists():
        pytest.fail(f"no gunicorn in {VENV}: run the tests with the project's virtualenv")
    folder = tmp_path_factory.mktemp("serve-run")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
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
        _wait_until_healthy(process, base, log_path)
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", _CREATE_STAFF],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        yield base
    finally:
        _stop(process)


_CREATE_STAFF = f"""
from django.contrib.auth.models import Group
from accounts.models import User
from accounts.roles import Role
user = User.objects.create_user({STAFF_USERNAME!r}, password={STAFF_PASSWORD!r})
user.groups.add(Group.objects.get(name=Role.STAFF.value))
from django_otp.plugins.otp_static.models import StaticDevice
device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
for number in range(10):
    device.token_set.create(token=f"serve{{number}}")
"""


def _wait_until_healthy(process: subprocess.Popen, base: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make serve exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(base + "/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"make serve did not answer in {STARTUP_SECONDS}s:\n{log_path.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    """Stop make and the gunicorn it started: they share the process group make leads."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _signed_in(base: str) -> Client:
    client = Client(base)
    login = client.request("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.body).group(1)
    answer = client.request(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": STAFF_USERNAME, "password": STAFF_PASSWORD},
    )
    assert (answer.status, answer.headers.get("Location")) == (302, "/")
    asked = client.request("/")
    assert asked.status == 302
    assert asked.headers["Location"].startswith("/accounts/two-factor/verify/")
    verify = client.request(asked.headers["Location"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', verify.body).group(1)
    answer = client.request(
        "/accounts/two-factor/verify/",
        {"csrfmiddlewaretoken": token, "code": next(STAFF_RECOVERY_CODES), "next": "/"},
    )
    assert (answer.status, answer.headers.get("Location")) == (302, "/")
    return client


def test_health_check_answers(server):
    answer = Client(server).request("/health/")
    assert (answer.status, json.loads(answer.body)) == (200, {"status": "ok"})


def test_health_check_answers_a_probe_by_address_over_plain_http(server):
    """Load balancers ask by the server's address: not in DJANGO_ALLOWED_HOSTS, no HTTPS."""
    request = urllib.request.Request(server + "/health/", headers={"Host": "10.1.2.3"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert (response.status, json.loads(response.read())) == (200, {"status": "ok"})


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
