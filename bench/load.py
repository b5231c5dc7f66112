"""A load test: the tracker under gunicorn, many signed-in users at once (see bench/README.md).

Fills a PostgreSQL database with demo data, starts gunicorn (config/gunicorn.py, DEBUG off, on
a free port of 127.0.0.1 only), signs in users of every role and lets each of them, in its own
thread, ask for the dashboard, the contact list, the dashboard's JSON, a CSV export, the empty
contact form and log a contact, for a fixed number of seconds. Reports the throughput, the
50th, 95th and 99th percentiles of each kind of request and of all together, and the errors;
with several ``--sizing`` values (workers x threads) each runs in turn on the same data, so
that gunicorn's sizing can be compared. PostgreSQL only.
"""

import argparse
import dataclasses
import datetime
import http.client
import io
import math
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402  (the path above makes the bench importable as a script)

USER_PREFIX = "load-"
# The roles, in the order users are given them: 20 users are 5 of each.
ROLES = ("secretariat admin", "secretariat staff", "member focal point", "viewer")
# What each kind of request asks for; a viewer sees no contact rows, so it only reads numbers.
KINDS = ("dashboard", "list", "json", "export", "form", "log")
VIEWER_KINDS = ("dashboard", "json")
# How often each kind comes up in a user's mix (a weight, not a share).
WEIGHTS = {"dashboard": 3, "list": 3, "json": 3, "export": 1, "form": 1, "log": 1}
PATHS = {
    "dashboard": "/",
    "list": "/contacts/",
    "json": "/api/engagement/",
    "export": "/contacts/export.csv",
    "form": "/contacts/new/",
    "log": "/contacts/new/",
}
# Half the reads carry filters, as shared saved views do.
FILTERS = {
    "dashboard": "region=europe&since=2020-01-01",
    "list": "region=africa&formality=informal&since=2018-01-01",
    "json": "region=europe&since=2020-01-01",
    "export": "since=2024-01-01",
}
REQUEST_TIMEOUT = 120


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="contacts to generate")
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--sections", type=int, default=70)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=20, help="concurrent signed-in users")
    parser.add_argument("--duration", type=float, default=60, help="measured seconds per sizing")
    parser.add_argument(
        "--sizing",
        default="3x4",
        help="gunicorn WORKERSxTHREADS, comma-separated to compare several (e.g. 3x4,6x1,2x8)",
    )
    parser.add_argument(
        "--think", type=float, default=0.0, help="seconds each user waits between requests"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or "",
        help="PostgreSQL database the test may fill with demo data (created if missing)",
    )
    parser.add_argument("--output", help="write the results as Markdown to this file")
    parser.add_argument("--note", default="", help="a paragraph to add to the Markdown")
    args = parser.parse_args(argv)

    database_url = args.database_url or run.DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("bench/load.py runs against PostgreSQL only.", file=sys.stderr)
        return 2
    sizings = parse_sizings(args.sizing)
    run.ensure_database(database_url)
    run.setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results = run_load(
        size=args.size,
        members=args.members,
        sections=args.sections,
        seed=args.seed,
        users=args.users,
        duration=args.duration,
        sizings=sizings,
        think=args.think,
        database_url=database_url,
    )
    text = render_markdown(results, args, sys.argv[1:] if argv is None else argv)
    print(text)
    if args.output:
        output = Path(args.output)
        output.write_text(run.with_section(output.read_text() if output.exists() else "", text))
        print(f"Written to {args.output}")
    return 1 if any(r.errors for r in results) else 0


def parse_sizings(text: str) -> list[tuple[int, int]]:
    sizings = []
    for item in text.split(","):
        workers, _x, threads = item.strip().lower().partition("x")
        if not (workers.isdigit() and threads.isdigit() and int(workers) and int(threads)):
            raise SystemExit(f"--sizing: {item!r} is not WORKERSxTHREADS, e.g. 3x4")
        sizings.append((int(workers), int(threads)))
    return sizings


# ---------------------------------------------------------------------------------------------
# The data and the users


@dataclasses.dataclass
class LoadUser:
    username: str
    role: str
    member_id: int | None
    session_key: str = ""
    csrf_secret: str = ""

    @property
    def kinds(self) -> tuple[str, ...]:
        return VIEWER_KINDS if self.role == "viewer" else KINDS


def prepare_data(*, size: int, members: int, sections: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User

    # An earlier run's focal points point at members the demo data is about to replace.
    User.objects.filter(username__startswith=USER_PREFIX).update(member=None)
    call_command(
        "generate_demo_data",
        members=members,
        sections=sections,
        contacts=size,
        seed=seed,
        stdout=io.StringIO(),
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def sign_in_users(count: int, *, secret_key: str) -> list[LoadUser]:
    """``count`` users, the roles in turn, each with a session made as a sign-in makes it,
    signed with the server's ``secret_key``.

    The secretariat's users have a confirmed two-factor device and a session that passed it,
    as in production (OTP_REQUIRED_FOR_PERSONAL_DATA), so the device's check on each request
    is part of the load. Sessions are written directly rather than through the sign-in form:
    the form's lockout and audit would measure sign-ins, not the pages.
    """
    from django.test import override_settings

    from members.models import MemberOrganisation

    member_ids = list(MemberOrganisation.objects.order_by("pk").values_list("pk", flat=True))
    users = []
    for index in range(count):
        with override_settings(SECRET_KEY=secret_key):
            users.append(_sign_in(index, member_ids))
    return users


def _sign_in(index: int, member_ids: list[int]) -> LoadUser:
    """The index-th user, its role and (for a focal point) organisation, and a new session."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from accounts.signals import SESSION_HAS_DEVICE, SESSION_REFRESHED, SESSION_STARTED

    role = ROLES[index % len(ROLES)]
    member_id = member_ids[index % len(member_ids)] if role == "member focal point" else None
    user, _created = User.objects.update_or_create(
        username=f"{USER_PREFIX}{index + 1}", defaults={"member_id": member_id}
    )
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    session = SessionStore()
    now = int(time.time())
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            SESSION_STARTED: now,
            SESSION_REFRESHED: now,
            SESSION_HAS_DEVICE: role in ROLES[:2],
        }
    )
    if role in ROLES[:2]:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="load", defaults={"confirmed": True}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return LoadUser(
        username=user.username,
        role=role,
        member_id=member_id,
        session_key=session.session_key or "",
        csrf_secret=secrets.token_hex(16),
    )


def contact_payload(user: LoadUser, sections: list[int], members: list[int]) -> dict:
    """A valid contact; a focal point logs one for its own organisation."""
    return {
        "date": "2025-06-01",
        "section": random.choice(sections),
        "member": user.member_id or random.choice(members),
        "initiated_by": "section",
        "formality": "formal",
        "channel": "meeting",
        "summary": "Load test contact",
        "hours": "1.5",
        "hours_paid": "false",
        "csrfmiddlewaretoken": user.csrf_secret,
    }


def delete_logged_contacts(last_id: int) -> int:
    """Remove the contacts the test logged (they are not demo data: the next
    generate_demo_data would refuse the database), with their history."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM campaigns_contact_people WHERE contact_id > %s", [last_id])
        cursor.execute("DELETE FROM campaigns_contact WHERE id > %s", [last_id])
        removed = cursor.rowcount
        cursor.execute("DELETE FROM campaigns_historicalcontact WHERE id > %s", [last_id])
    return removed


# ---------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, static_root: Path, secret_key: str) -> dict[str, str]:
    """Production settings on loopback; exports are not rate-limited (each user makes many,
    and the audit log that counts them outlives a run), though the limit's check still runs."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SQLITE_PATH"}
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(static_root),
        EXPORTS_PER_HOUR="1000000",
    )
    return env


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int, threads: int, log: Path) -> Iterator[dict]:
    """gunicorn with config/gunicorn.py on a free loopback port; yields its port and pid."""
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(gunicorn_bin), "-c", "config/gunicorn.py", "config.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(port, process, log)
            yield {"port": port, "pid": process.pid}
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            status, _body = request(port, "GET", "/health/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s")


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each of gunicorn's workers (the master's children), in MB."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


CONNECTIONS = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def connection_count(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(CONNECTIONS).fetchone()
    return row[0] if row else 0


class ConnectionSampler(threading.Thread):
    """Counts the database's connections every half second; ``peak`` is the most seen, less
    the ``baseline`` that were open before gunicorn started (this process's own)."""

    def __init__(self, database_url: str, baseline: int):
        super().__init__(daemon=True)
        self.database_url = database_url
        self.baseline = baseline
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            while not self.stopped.is_set():
                row = conn.execute(CONNECTIONS).fetchone()
                self.peak = max(self.peak, (row[0] if row else 0) - self.baseline)
                self.stopped.wait(0.5)


# ---------------------------------------------------------------------------------------------
# The users' requests


def request(
    port: int, method: str, path: str, *, cookies: str = "", body: str = ""
) -> tuple[int, str]:
    """One request on a fresh connection, as a proxy in front of gunicorn opens one per
    request; reads the whole body. Returns the status and the Location header."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        headers = {"Accept-Encoding": "gzip", "Cookie": cookies}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        while response.read(65536):
            pass
        return response.status, response.getheader("Location") or ""
    finally:
        conn.close()


@dataclasses.dataclass
class Sample:
    kind: str
    ms: float
    ok: bool
    detail: str = ""


def user_loop(
    user: LoadUser,
    *,
    port: int,
    stop_at: float,
    think: float,
    seed: int,
    choices: dict,
    warm_up: bool,
) -> list[Sample]:
    """One user's requests until ``stop_at``; with ``warm_up`` each of its kinds once."""
    from urllib.parse import urlencode

    from django.conf import settings

    rng = random.Random(seed)
    cookies = (
        f"{settings.SESSION_COOKIE_NAME}={user.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={user.csrf_secret}"
    )
    kinds = list(user.kinds)
    weights = [WEIGHTS[kind] for kind in kinds]
    samples = []
    planned = iter(kinds) if warm_up else None
    while True:
        if planned is not None:
            kind = next(planned, None)
            if kind is None:
                break
        elif time.monotonic() >= stop_at:
            break
        else:
            kind = rng.choices(kinds, weights)[0]
        path = PATHS[kind]
        if kind in FILTERS and rng.random() < 0.5:
            path = f"{path}?{FILTERS[kind]}"
        method, body, expected = "GET", "", (200, "")
        if kind == "log":  # saved: a redirect to the new contact's page
            method, expected = "POST", (302, "/contacts/")
            body = urlencode(contact_payload(user, choices["sections"], choices["members"]))
        started = time.perf_counter()
        try:
            status, location = request(port, method, path, cookies=cookies, body=body)
            ok = status == expected[0] and location.startswith(expected[1])
            detail = f"{method} {path} answered {status} {location}".strip()
        except (OSError, http.client.HTTPException) as exc:
            ok, detail = False, f"{method} {path}: {exc!r}"
        samples.append(
            Sample(kind, (time.perf_counter() - started) * 1000, ok, "" if ok else detail)
        )
        if think:
            time.sleep(think)
    return samples


@dataclasses.dataclass
class SizingResult:
    workers: int
    threads: int
    users: int
    duration: float
    samples: list[Sample]
    warm_up: list[Sample]
    peak_connections: int
    worker_rss: list[float]

    @property
    def errors(self) -> list[str]:
        """What went wrong, in the measured requests and in the warm-up's."""
        return [s.detail for s in self.warm_up + self.samples if not s.ok]


def run_sizing(
    *,
    env: dict[str, str],
    workers: int,
    threads: int,
    users: list[LoadUser],
    duration: float,
    think: float,
    seed: int,
    choices: dict,
    database_url: str,
    folder: Path,
) -> SizingResult:
    log = folder / f"gunicorn-{workers}x{threads}.log"
    baseline = connection_count(database_url)
    with gunicorn(env, workers=workers, threads=threads, log=log) as server:

        def everyone(stop_at: float, warm_up: bool) -> list[Sample]:
            collected: list[list[Sample]] = [[] for _ in users]

            def one(index: int) -> None:
                collected[index] = user_loop(
                    users[index],
                    port=server["port"],
                    stop_at=stop_at,
                    think=think,
                    seed=seed * 1000 + index,
                    choices=choices,
                    warm_up=warm_up,
                )

            threads_ = [threading.Thread(target=one, args=(i,)) for i in range(len(users))]
            for thread in threads_:
                thread.start()
            for thread in threads_:
                thread.join()
            return [sample for samples in collected for sample in samples]

        warm = everyone(0, warm_up=True)  # loads every page's code in every worker it reaches
        sampler = ConnectionSampler(database_url, baseline)
        sampler.start()
        started = time.monotonic()
        samples = everyone(started + duration, warm_up=False)
        elapsed = time.monotonic() - started
        sampler.stopped.set()
        sampler.join()
        rss = worker_rss_mb(server["pid"])
    return SizingResult(
        workers=workers,
        threads=threads,
        users=len(users),
        duration=elapsed,
        samples=samples,
        warm_up=warm,
        peak_connections=sampler.peak,
        worker_rss=rss,
    )


def run_load(
    *,
    size: int,
    members: int,
    sections: int,
    seed: int,
    users: int,
    duration: float,
    sizings: list[tuple[int, int]],
    think: float,
    database_url: str,
) -> list[SizingResult]:
    """Demo data, the users, then each sizing in turn; the contacts logged are removed."""
    from django.db.models import Max

    from campaigns.models import Contact
    from members.models import MemberOrganisation
    from sections.models import Section

    prepare_data(size=size, members=members, sections=sections, seed=seed)
    secret_key = secrets.token_urlsafe(48)
    load_users = sign_in_users(users, secret_key=secret_key)
    choices = {
        "sections": list(Section.objects.values_list("pk", flat=True)),
        "members": list(MemberOrganisation.objects.values_list("pk", flat=True)),
    }
    last_id = Contact.objects.aggregate(last=Max("pk"))["last"] or 0
    results = []
    with tempfile.TemporaryDirectory(prefix="tracker-load-") as tmp:
        folder = Path(tmp)
        env = server_environment(database_url, folder / "static", secret_key)
        collect_static(env)
        try:
            for workers, threads in sizings:
                print(f"== {workers} workers x {threads} threads", flush=True)
                results.append(
                    run_sizing(
                        env=env,
                        workers=workers,
                        threads=threads,
                        users=load_users,
                        duration=duration,
                        think=think,
                        seed=seed,
                        choices=choices,
                        database_url=database_url,
                        folder=folder,
                    )
                )
        finally:
            delete_logged_contacts(last_id)
            end_sessions(load_users)
    return results


def end_sessions(users: list[LoadUser]) -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=[u.session_key for u in users]).delete()


# ---------------------------------------------------------------------------------------------
# Reporting


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (``share`` between 0 and 1)."""
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)) - 1, 0)
    return ordered[min(rank, len(ordered) - 1)]


def summary_rows(result: SizingResult) -> list[dict]:
    """One row per kind that ran, then the overall row."""
    rows = []
    groups = [(kind, [s for s in result.samples if s.kind == kind]) for kind in KINDS]
    for label, samples in [*groups, ("all", result.samples)]:
        times = [s.ms for s in samples if s.ok]
        rows.append(
            {
                "kind": label,
                "requests": len(samples),
                "per_s": len(samples) / result.duration if result.duration else 0.0,
                "p50": percentile(times, 0.50) if times else None,
                "p95": percentile(times, 0.95) if times else None,
                "p99": percentile(times, 0.99) if times else None,
                "errors": sum(1 for s in samples if not s.ok),
            }
        )
    return rows


def render_table(result: SizingResult) -> str:
    def ms(value) -> str:
        return "-" if value is None else f"{value:,.0f}"

    lines = [
        "| request | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in summary_rows(result):
        label = f"**{row['kind']}**" if row["kind"] == "all" else row["kind"]
        lines.append(
            f"| {label} | {row['requests']:,} | {row['per_s']:.1f} | {ms(row['p50'])} "
            f"| {ms(row['p95'])} | {ms(row['p99'])} | {row['errors']} |"
        )
    return "\n".join(lines)


def render_markdown(results: list[SizingResult], args, argv: list[str]) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        max_connections = cursor.fetchone()[0]
    facts = "\n".join(f"- {key}: {value}" for key, value in run.machine().items())
    sections = []
    for result in results:
        rss = result.worker_rss
        memory = (
            f"{statistics.median(rss):.0f} MB median, {max(rss):.0f} MB largest" if rss else "-"
        )
        errors = sorted(set(result.errors))[:10]
        sections.append(
            f"### {result.workers} workers x {result.threads} threads\n\n"
            f"{render_table(result)}\n\n"
            f"- measured for {result.duration:.1f} s with {result.users} users, after a "
            f"warm-up of {len(result.warm_up)} requests (each user's kinds once, "
            f"{sum(not s.ok for s in result.warm_up)} errors); "
            f"peak database connections {result.peak_connections} "
            f"(max_connections {max_connections}); resident memory per worker after the "
            f"run: {memory}\n" + "".join(f"- error: {error}\n" for error in errors)
        )
    note = f"\n{args.note}\n" if args.note else ""
    command = run._command_line(argv)
    return (
        f"{run.LOAD_SECTION}\n\nWritten by `bench/load.py {command}` on "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC: {args.size:,} contacts, "
        f"{args.users} users, {args.duration:g} s per sizing, think time {args.think:g} s.\n"
        f"{note}\n{facts}\n\n" + "\n".join(sections)
    )


if __name__ == "__main__":
    sys.exit(main())
