"""Helpers for the tests that run the app as real processes (``make serve``, gunicorn, nginx).

They start servers on free loopback ports against a database of their own: a throwaway
PostgreSQL database beside the test one when ``DATABASE_URL`` is set, so the processes can
share it with each other but never with the suite's transactions. Requests go through urllib
the way a proxy's client would send them.
"""

import collections
import contextlib
import functools
import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
STARTUP_SECONDS = 120
DEBUG_MARKERS = ("Traceback", "DEBUG = True", "Using the URLconf", "technical_500")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_admin(url: str):
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


@contextlib.contextmanager
def throwaway_postgres(url: str, suffix: str) -> Iterator[str]:
    """A fresh database named after the one in ``url``; yields its URL, drops it afterwards."""
    name = f"test_{dj_database_url.parse(url)['NAME']}_{suffix}"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with postgres_admin(url) as admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with postgres_admin(url) as admin:
            admin.execute(drop)


def server_environment(database: dict[str, str], **extra: str) -> dict[str, str]:
    """The suite's environment less its database settings, plus ``database`` and ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(database, **extra)
    return env


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class Client:
    """A cookie-keeping HTTP client that does not follow redirects, as a proxy's client.

    The session and CSRF cookies are ``Secure`` in production; the proxy terminates HTTPS, so
    the jar hands them back over the plain HTTP hop. ``source`` is the local address to
    connect from (any 127.x.y.z works on loopback); ``headers`` go with every request.
    """

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    class _FromSource(urllib.request.HTTPHandler):
        def __init__(self, source: str):
            super().__init__()
            self.source = source

        def http_open(self, request):
            connection = functools.partial(
                http.client.HTTPConnection, source_address=(self.source, 0)
            )
            return self.do_open(connection, request)

    def __init__(self, base: str, source: str | None = None, headers: dict | None = None):
        self.base = base
        self.headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        handlers = [
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(policy)),
            self._NoRedirect(),
        ]
        if source:
            handlers.append(self._FromSource(source))
        self.opener = urllib.request.build_opener(*handlers)

    def request(
        self, path: str, form: dict[str, str] | None = None, headers: dict | None = None
    ) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        for name, value in {**self.headers, **(headers or {})}.items():
            request.add_header(name, value)
        if data is not None:
            request.add_header("Origin", "https://" + urllib.parse.urlsplit(self.base).netloc)
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode(errors="replace"))

    def sign_in(self, username: str, password: str, headers: dict | None = None) -> Answer:
        """Fetch the sign-in page for its CSRF token, then post the credentials; when the
        tracker then asks for a second factor (staff in production), give one of the user's
        recovery codes (``create_staff_script``). Returns the last answer."""
        answer = self._post_form(
            "/accounts/login/", {"username": username, "password": password}, headers
        )
        if answer.status != 302:
            return answer
        asked = self.request(answer.headers["Location"], headers=headers)
        if asked.status != 302 or not asked.headers["Location"].startswith(TWO_FACTOR):
            return answer
        code = f"recovery{next(_RECOVERY_CODES[username])}"
        return self._post_form(TWO_FACTOR, {"code": code, "next": "/"}, headers)

    def _post_form(self, path: str, form: dict[str, str], headers: dict | None) -> Answer:
        page = self.request(path, headers=headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **form}, headers=headers)


TWO_FACTOR = "/accounts/two-factor/verify/"
RECOVERY_CODE_COUNT = 10
# The next unused recovery code of each user made by create_staff_script.
_RECOVERY_CODES: dict[str, Iterator[int]] = collections.defaultdict(
    lambda: iter(range(RECOVERY_CODE_COUNT))
)


def create_staff_script(username: str, password: str) -> str:
    """``manage.py shell -c`` code creating a secretariat staff user with recovery codes
    ``recovery0`` to ``recovery9``: production asks staff for a second factor."""
    return f"""
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from accounts.models import User
from accounts.roles import Role
user = User.objects.create_user({username!r}, password={password!r})
user.groups.add(Group.objects.get(name=Role.STAFF.value))
device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
for number in range({RECOVERY_CODE_COUNT}):
    device.token_set.create(token=f"recovery{{number}}")
"""


def wait_until_healthy(process: subprocess.Popen, base: str, log_path: Path) -> None:
    """Poll ``/health/`` until it answers 200; fail with the log if the process dies first."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"{process.args[0]} exited with {process.returncode}:\n{log_path.read_text()}"
            )
        try:
            with urllib.request.urlopen(base + "/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"{base} did not answer in {STARTUP_SECONDS}s:\n{log_path.read_text()}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a process started with ``start_new_session=True`` and everything in its group."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
