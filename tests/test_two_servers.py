"""Two app servers behind one nginx share everything that must be shared: the database.

The module starts Debian's nginx (not as a daemon) on a free loopback port in front of two
gunicorn processes, each on its own port, both with DEBUG off and pointed at one throwaway
PostgreSQL database, as docs/deploy.md sets up production. A request header, ``X-Upstream:
a`` or ``b``, makes nginx send a request to one server; nginx answers with the address it
used in ``X-Upstream-Addr``, so every test knows which server answered. Without the header
nginx balances over both and skips a server that is down.

The client connects from 127.0.0.2 while nginx reaches gunicorn from 127.0.0.1, so the audit
log shows whether the app took the client's address from the proxy (right), from the
client's own forged X-Forwarded-For (wrong) or from the socket (nginx's, wrong).

PostgreSQL only: with SQLite there is no database two servers could share.
"""

import gzip
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.live_servers import (
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

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="two app servers need one shared PostgreSQL database: set DATABASE_URL",
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CLIENT_ADDRESS = "127.0.0.2"
FORGED_ADDRESS = "203.0.113.66"
USERNAME = "two-servers-staff"
PASSWORD = secrets.token_urlsafe(16)
LOCKED_USERNAME = "two-servers-locked"
LOCKED_PASSWORD = secrets.token_urlsafe(16)
FAILURE_LIMIT = 3
EXPORTS_PER_HOUR = 2

NGINX_CONF = """
daemon off;
worker_processes 1;
{user}
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/client-body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;

    upstream both {{
        server 127.0.0.1:{port_a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{port_b} max_fails=1 fail_timeout=30s;
    }}
    upstream a {{ server 127.0.0.1:{port_a}; }}
    upstream b {{ server 127.0.0.1:{port_b}; }}
    map $http_x_upstream $pool {{ default both; a a; b b; }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://$pool;
            # As deploy/nginx/tracker.conf, except that TLS ends here without TLS.
            gzip off;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            add_header X-Upstream-Addr $upstream_addr always;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def database():
    with throwaway_postgres(os.environ["DATABASE_URL"], "two") as url:
        yield url


@pytest.fixture(scope="module")
def site(database, tmp_path_factory):
    """nginx on a free port in front of gunicorn a and b; yields the ports and processes."""
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("no nginx: .ci/run installs it (apt-get install nginx-light)")
        pytest.skip("no nginx binary (apt-get install nginx-light)")
    folder = tmp_path_factory.mktemp("two-servers")
    env = server_environment(
        {"DATABASE_URL": database},
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        PROXY_COUNT="1",
        FORWARDED_ALLOW_IPS="127.0.0.1",
        AXES_FAILURE_LIMIT=str(FAILURE_LIMIT),
        EXPORTS_PER_HOUR=str(EXPORTS_PER_HOUR),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="4",
    )
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["shell", "-c", create_staff_script(USERNAME, PASSWORD)],
        ["shell", "-c", create_staff_script(LOCKED_USERNAME, LOCKED_PASSWORD)],
    ):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)

    ports = {"a": free_port(), "b": free_port()}
    processes = {}
    try:
        for name, port in ports.items():
            log = folder / f"gunicorn-{name}.log"
            with log.open("w") as output:
                processes[name] = subprocess.Popen(
                    [
                        str(VENV / "bin" / "gunicorn"),
                        "-c",
                        "config/gunicorn.py",
                        "config.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        port = free_port()
        config = folder / "nginx.conf"
        config.write_text(
            NGINX_CONF.format(
                folder=folder,
                port=port,
                port_a=ports["a"],
                port_b=ports["b"],
                # nginx run by root hands requests to unprivileged workers, which could not
                # reach pytest's private temporary folder.
                user="user root;" if os.geteuid() == 0 else "",
            )
        )
        with (folder / "nginx.log").open("w") as output:
            processes["nginx"] = subprocess.Popen(
                [NGINX, "-p", str(folder), "-c", str(config), "-e", str(folder / "nginx.err")],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for name, port_ in ports.items():
            wait_until_healthy(
                processes[name], f"http://127.0.0.1:{port_}", folder / f"gunicorn-{name}.log"
            )
        wait_until_healthy(processes["nginx"], f"http://127.0.0.1:{port}", folder / "nginx.err")
        yield {"base": f"http://127.0.0.1:{port}", "ports": ports, "processes": processes}
    finally:
        for process in processes.values():
            stop(process)


def client(site) -> Client:
    """A client of the proxy, connecting from CLIENT_ADDRESS and forging X-Forwarded-For."""
    return Client(site["base"], source=CLIENT_ADDRESS, headers={"X-Forwarded-For": FORGED_ADDRESS})


def on(server: str) -> dict[str, str]:
    return {"X-Upstream": server}


def served_by(site, answer, server: str) -> bool:
    return answer.headers.get("X-Upstream-Addr") == f"127.0.0.1:{site['ports'][server]}"


def audit(database: str, kind: str) -> list[tuple[str, str | None]]:
    with psycopg.connect(database) as connection:
        rows = connection.execute(
            "SELECT username, host(ip_address) FROM accounts_auditevent WHERE kind = %s",
            [kind],
        ).fetchall()
    return rows


def test_a_session_made_on_one_server_works_on_the_other(site):
    browser = client(site)
    signed_in = browser.sign_in(USERNAME, PASSWORD, headers=on("a"))
    assert (signed_in.status, signed_in.headers.get("Location")) == (302, "/")
    assert served_by(site, signed_in, "a")

    for server in ("b", "a", "b"):
        dashboard = browser.request("/", headers=on(server))
        assert dashboard.status == 200, dashboard.body[:300]
        assert served_by(site, dashboard, server)
        assert "Sign out" in dashboard.body

    assert Client(site["base"]).request("/", headers=on("b")).status == 302  # no cookie


def test_pages_arrive_through_nginx_compressed_by_the_app(site):
    browser = client(site)
    browser.sign_in(USERNAME, PASSWORD)
    request = urllib.request.Request(
        site["base"] + "/", headers={**browser.headers, "Accept-Encoding": "gzip"}
    )
    with browser.opener.open(request, timeout=30) as response:
        headers, body = response.headers, response.read()

    assert headers["Content-Encoding"] == "gzip"
    assert body[3] & gzip.FNAME  # the app's padding: nginx passed the app's gzip through
    page = gzip.decompress(body).decode()
    assert "Sign out" in page
    assert len(body) * 4 < len(page)


def test_failed_sign_ins_on_both_servers_add_up_to_a_lockout(site):
    attacker = client(site)
    servers = ["a", "b", "a"]
    assert len(servers) == FAILURE_LIMIT
    statuses = []
    for server in servers:
        answer = attacker.sign_in(LOCKED_USERNAME, "wrong password", headers=on(server))
        assert served_by(site, answer, server)
        statuses.append(answer.status)
    # The form again with its error, until the last allowed failure locks the pair.
    assert statuses == [200] * (FAILURE_LIMIT - 1) + [429]
    # The right password is refused now, on the server that saw one failure only.
    locked = client(site).sign_in(LOCKED_USERNAME, LOCKED_PASSWORD, headers=on("b"))
    assert locked.status == 429
    assert served_by(site, locked, "b")


def test_the_export_limit_counts_exports_on_both_servers(site):
    browser = client(site)
    browser.sign_in(USERNAME, PASSWORD, headers=on("b"))
    statuses = []
    for server in ("a", "b", "a", "b"):
        answer = browser.request("/contacts/export.csv", headers=on(server))
        assert served_by(site, answer, server)
        statuses.append(answer.status)
    assert statuses == [200] * EXPORTS_PER_HOUR + [429] * (4 - EXPORTS_PER_HOUR)


def test_the_audit_log_records_the_address_nginx_saw_not_the_forged_one(site, database):
    client(site).sign_in(USERNAME, PASSWORD)
    client(site).sign_in(USERNAME, "wrong password")
    recorded = audit(database, "sign-in") + audit(database, "sign-in-failed")
    addresses = {address for _, address in recorded}
    assert recorded
    assert addresses == {CLIENT_ADDRESS}, addresses


def test_nginx_keeps_answering_from_one_server_when_the_other_is_killed(site):
    browser = client(site)
    browser.sign_in(USERNAME, PASSWORD)
    answers = []
    stop_requests = threading.Event()

    def keep_asking():
        while not stop_requests.is_set():
            for path in ("/health/", "/"):
                answers.append(browser.request(path))

    asking = threading.Thread(target=keep_asking)
    asking.start()
    try:
        time.sleep(0.5)
        before_kill = len(answers)
        stop(site["processes"]["b"], signal.SIGKILL)
        time.sleep(1.5)
    finally:
        stop_requests.set()
        asking.join(timeout=30)
    assert before_kill > 0
    assert len(answers) > before_kill + 4
    assert [answer.status for answer in answers] == [200] * len(answers)
    last = answers[-1]
    assert served_by(site, last, "a"), last.headers.get("X-Upstream-Addr")
