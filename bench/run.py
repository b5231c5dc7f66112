"""Benchmark the tracker against PostgreSQL itself at several data sizes (see bench/README.md).

For each size: regenerate demo data, VACUUM ANALYZE, then measure the dashboard JSON against
hand-written SQL (bench/sql.py), the dashboard page against the JSON, the CSV export against
``COPY ... TO STDOUT`` (throughput and peak memory growth, each in a fresh process), the
contact list, and logging one contact. Medians of ``--repeat`` runs after one warm-up run.

A URL that does not exist yet (``NoReverseMatch``) is reported as "not available" and the rest
of the run goes on. PostgreSQL only: SQLite is refused.
"""

import argparse
import datetime
import gzip
import io
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
BENCH_USERNAME = "bench-staff"
# The dashboard's filtered case: one region over recent years (about a tenth of the rows).
FILTERED = {"region": "europe", "since": "2020-01-01"}
# The contact list's filtered page: a selective mix of the list's filters.
LIST_FILTERED = {"region": "africa", "formality": "informal", "since": "2018-01-01"}
NOT_AVAILABLE = "not available"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="contacts per run")
    parser.add_argument("--repeat", type=int, default=5, help="measured runs per item")
    parser.add_argument(
        "--export-repeat", type=int, default=3, help="runs per export measurement (slow at 1M)"
    )
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--sections", type=int, default=70)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or "",
        help="PostgreSQL database the bench may fill with demo data (created if missing); "
        f"default BENCH_DATABASE_URL, then DATABASE_URL, else {DEFAULT_DATABASE_URL}",
    )
    parser.add_argument("--output", default=str(RESULTS), help="Markdown results file")
    parser.add_argument("--note", default="", help="a paragraph to add to the results file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    database_url = args.database_url or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/run.py measures against PostgreSQL only; SQLite timings would say nothing "
            "about production. Set BENCH_DATABASE_URL (or pass --database-url) to "
            "postgres://user@host:port/some_bench_database.",
            file=sys.stderr,
        )
        return 2
    if args.child:
        setup_django(database_url)
        print(json.dumps(run_child(json.loads(args.child))))
        return 0

    ensure_database(database_url)
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    results = []
    for size in sizes:
        started = time.perf_counter()
        print(f"== {size:,} contacts", flush=True)
        result = run_size(
            size=size,
            members=args.members,
            sections=args.sections,
            seed=args.seed,
            repeat=args.repeat,
            export_repeat=args.export_repeat,
            database_url=database_url,
        )
        result["wall_s"] = time.perf_counter() - started
        results.append(result)
    table = render_table(results)
    print(table)
    output = Path(args.output)
    # The load test's section (bench/load.py) stays: it is measured apart.
    kept = load_section(output.read_text()) if output.exists() else ""
    text = render_markdown(results, table, argv or sys.argv[1:], args.note)
    output.write_text(f"{text.rstrip()}\n\n{kept}" if kept else text)
    print(f"Written to {args.output}")
    return 0


def setup_django(database_url: str) -> None:
    """Django with the bench database and DEBUG's per-query logging off (it costs time)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Each size makes six exports as bench-staff (a warm-up and a measured one, three times),
    # and the audit log outlives a run: the hourly limit would refuse the second run. The
    # limit's check still runs on every export, so its cost stays in the figures.
    settings.EXPORTS_PER_HOUR = 1_000_000


def ensure_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------------------------
# Measuring


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time in milliseconds of ``repeat`` runs after one warm-up run."""
    fn()
    times = []
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def interleaved_medians_ms(fns: dict[str, Callable[[], object]], repeat: int) -> dict:
    """Median milliseconds of each function, running them in turn within each repetition."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {key: [] for key in fns}
    for _ in range(max(repeat, 1)):
        for key, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[key].append((time.perf_counter() - started) * 1000)
    return {key: statistics.median(values) for key, values in times.items()}


def url_for(name: str, query: dict | None = None) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse(name)
    except NoReverseMatch:
        return None
    return f"{path}?{urlencode(query)}" if query else path


def bench_user():
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role

    user, _created = User.objects.get_or_create(username=BENCH_USERNAME)
    user.groups.set([Group.objects.get_or_create(name=Role.STAFF.value)[0]])
    return user


def signed_in_client():
    from django.test import Client

    client = Client()
    client.force_login(bench_user())
    return client


def get_ok(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
    return response


def query_count(fn: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def run_size(
    *,
    size: int,
    members: int,
    sections: int,
    seed: int,
    repeat: int,
    export_repeat: int,
    database_url: str,
) -> dict:
    """Every measurement at one data size; a dict of figures (None where not available)."""
    from django.core.management import call_command
    from django.db import connection

    from bench import sql
    from campaigns.models import Contact

    result: dict = {"size": size}
    started = time.perf_counter()
    call_command(
        "generate_demo_data",
        members=members,
        sections=sections,
        contacts=size,
        seed=seed,
        stdout=io.StringIO(),
    )
    result["generate_s"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    result["vacuum_s"] = time.perf_counter() - started
    result["visible_rows"] = Contact.objects.filter(deleted_at__isnull=True).count()

    client = signed_in_client()

    # 1. and 2. The dashboard JSON against the hand-written SQL, and the page against the
    # JSON, unfiltered and filtered. The three run in turn within each repetition, so that
    # a burst of load elsewhere on the machine hits all sides of a ratio alike.
    for label, filters in (("all", {}), ("filtered", FILTERED)):
        contenders: dict[str, Callable[[], object]] = {
            "sql": lambda filters=filters: sql.dashboard_numbers(connection, filters)
        }
        for key, name in (("json", "campaigns:api-engagement"), ("html", "campaigns:dashboard")):
            url = url_for(name, filters)
            if url:
                contenders[key] = lambda url=url: get_ok(client, url)
            result[f"{key}_{label}_queries"] = query_count(contenders[key]) if url else None
        medians = interleaved_medians_ms(contenders, repeat)
        for key in ("sql", "json", "html"):
            result[f"{key}_{label}_ms"] = medians.get(key)

    # 2b. What the dashboard weighs on the wire, unfiltered and filtered.
    url = url_for("campaigns:dashboard")
    for label, filters in (("all", {}), ("filtered", FILTERED)):
        weight = page_weight(client, url_for("campaigns:dashboard", filters)) if url else {}
        for key in ("raw", "gzip", "first_view", "repeat_view"):
            result[f"weight_{label}_{key}"] = weight.get(key)

    # 3. The CSV export against a COPY of the same columns, each run in a fresh process
    # (memory is per process): the default columns, then the personal-data variant with the
    # people and notes columns (bench-staff may ask for them).
    runs = max(export_repeat, 1)
    for variant, personal_data in (("", False), ("personal_", True)):
        copy_runs = [
            child(database_url, {"kind": "copy", "personal_data": personal_data})
            for _ in range(runs)
        ]
        result[f"{variant}copy_rows"] = copy_runs[0]["rows"]
        result[f"{variant}copy_rows_per_s"] = statistics.median(r["rows_per_s"] for r in copy_runs)
        result[f"{variant}copy_rss_mb"] = statistics.median(r["rss_growth_mb"] for r in copy_runs)
        export_url = url_for(
            "campaigns:contact-export-csv", {"personal_data": "1"} if personal_data else {}
        )
        measured = [
            child(database_url, {"kind": "export", "url": export_url})
            for _ in range(runs if export_url else 0)
        ]
        result[f"{variant}export_rows"] = measured[0]["rows"] if measured else None
        result[f"{variant}export_rows_per_s"] = (
            statistics.median(r["rows_per_s"] for r in measured) if measured else None
        )
        result[f"{variant}export_rss_mb"] = (
            statistics.median(r["rss_growth_mb"] for r in measured) if measured else None
        )
    # The API's NDJSON stream of every contact (as the API shows each one), against COPY too.
    ndjson_url = url_for("api:contact-export-ndjson")
    if ndjson_url:
        runs = [
            child(database_url, {"kind": "export", "url": ndjson_url, "header": False})
            for _ in range(max(export_repeat, 1))
        ]
        result["ndjson_rows"] = runs[0]["rows"]
        result["ndjson_rows_per_s"] = statistics.median(r["rows_per_s"] for r in runs)
        result["ndjson_rss_mb"] = statistics.median(r["rss_growth_mb"] for r in runs)
    else:
        result["ndjson_rows"] = result["ndjson_rows_per_s"] = result["ndjson_rss_mb"] = None

    # 4. The contact list: first page and a filtered page. The exports above take many
    # minutes at 1M contacts, longer than a session may sit idle: sign in afresh.
    client = signed_in_client()
    for label, filters in (("first", {}), ("filtered", LIST_FILTERED)):
        url = url_for("campaigns:contact-list", filters)
        result[f"list_{label}_ms"] = (
            median_ms(lambda url=url: get_ok(client, url), repeat) if url else None
        )
        result[f"list_{label}_queries"] = (
            query_count(lambda url=url: get_ok(client, url)) if url else None
        )

    # 5. Logging one contact through the form.
    result.update(measure_form(client, repeat))
    return result


# What a page loads from /static/: stylesheets, scripts, icons and <use> sprites.
STATIC_REFERENCE = re.compile(r'(?:href|src)="(/static/[^"#?]+)')
# whitenoise's hashed names (name.0123456789ab.css) stand for the file without the hash.
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}(\.[^./]+)$")


def page_weight(client, url: str) -> dict:
    """A page's bytes: its HTML as rendered, as sent gzipped (through GZipMiddleware, as a
    browser asking for gzip gets it), the first view (the gzipped HTML and every static file
    it loads, each gzipped as whitenoise precompresses it) and the repeat view (the HTML
    alone: the static files have hashed names and a year-long cache)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    response = client.get(url, headers={"accept-encoding": "gzip"})
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    sent = response.content
    html = gzip.decompress(sent) if response.get("Content-Encoding") == "gzip" else sent
    assets = 0
    for reference in sorted(set(STATIC_REFERENCE.findall(html.decode()))):
        name = HASHED_NAME.sub(r"\1", reference.removeprefix(settings.STATIC_URL))
        with open(finders.find(name), "rb") as asset:
            assets += len(gzip.compress(asset.read(), compresslevel=9))
    return {
        "raw": len(html) / 1000,
        "gzip": len(sent) / 1000,
        "first_view": (len(sent) + assets) / 1000,
        "repeat_view": len(sent) / 1000,
    }


def measure_form(client, repeat: int) -> dict:
    """GET the empty form, then POST one valid contact; the rows it adds, and their history,
    are removed afterwards (they are not demo data, so leaving them would make the next
    generate_demo_data refuse the database)."""
    from django.db import connection
    from django.db.models import Max

    from campaigns.models import Contact
    from members.models import MemberOrganisation
    from sections.models import Section

    url = url_for("campaigns:contact-create")
    if url is None:
        return {
            "form_get_ms": None,
            "form_get_queries": None,
            "form_ms": None,
            "form_queries": None,
            "form_status": NOT_AVAILABLE,
        }
    # The empty form first: its section, member and strategy choices are what a GET loads.
    figures = {
        "form_get_ms": median_ms(lambda: get_ok(client, url), repeat),
        "form_get_queries": query_count(lambda: get_ok(client, url)),
    }
    data = {
        "date": "2025-06-01",
        "section": Section.objects.order_by("pk").values_list("pk", flat=True).first(),
        "member": MemberOrganisation.objects.order_by("pk").values_list("pk", flat=True).first(),
        "initiated_by": "section",
        "formality": "formal",
        "channel": "meeting",
        "summary": "Benchmark contact",
        "outcome": "",
        "follow_up": "",
        "hours": "2.5",
        "hours_paid": "false",
    }
    last_id = Contact.objects.aggregate(last=Max("pk"))["last"] or 0
    statuses: set[int] = set()

    def post():
        statuses.add(client.post(url, data).status_code)

    try:
        elapsed = median_ms(post, repeat)
        queries = query_count(post)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM campaigns_contact_people WHERE contact_id > %s", [last_id])
            cursor.execute("DELETE FROM campaigns_contact WHERE id > %s", [last_id])
            cursor.execute("DELETE FROM campaigns_historicalcontact WHERE id > %s", [last_id])
    status = ",".join(str(code) for code in sorted(statuses))
    if statuses != {302}:
        # A form that re-renders (200) did not save: the figures would not be a save's.
        return {
            **figures,
            "form_ms": None,
            "form_queries": None,
            "form_status": f"rejected ({status})",
        }
    return {**figures, "form_ms": elapsed, "form_queries": queries, "form_status": status}


def child(database_url: str, job: dict) -> dict:
    """Run one export measurement in a fresh Python process and read its JSON answer."""
    completed = subprocess.run(
        [
            sys.executable,
            str(Path(__file__)),
            "--database-url",
            database_url,
            "--child",
            json.dumps(job),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"export measurement failed: {completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux ``clear_refs`` 5); False where unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def peak_rss_kb(reset: bool) -> int:
    """Peak RSS since the reset (VmHWM), else since the process started (ru_maxrss)."""
    if reset:
        peak = _status_kb("VmHWM")
        if peak is not None:
            return peak
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_child(job: dict) -> dict:
    """Stream one export to nowhere, counting rows; report rows/s and peak RSS growth.

    A tiny warm-up request (or COPY) first loads the code involved, so that the growth
    measured afterwards is what the data costs, not what importing the modules costs.
    """
    from django.db import connection

    from bench import sql
    from core.dates import latest_record_date

    # The warm-up exports the (nearly empty) last day a contact may carry: a tiny export.
    warm_up_since = latest_record_date().isoformat()

    if job["kind"] == "copy":

        def consume(warm_up: bool) -> int:
            lines = 0
            statement, params = sql.export_copy_sql(
                {"since": warm_up_since} if warm_up else {},
                personal_data=job.get("personal_data", False),
            )
            with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
                for block in copy:
                    lines += bytes(block).count(b"\n")
            return lines - 1

    else:
        client = signed_in_client()

        def consume(warm_up: bool) -> int:
            separator = "&" if "?" in job["url"] else "?"
            url = job["url"] + (f"{separator}since={warm_up_since}" if warm_up else "")
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
            chunks = response.streaming_content if response.streaming else [response.content]
            lines = 0
            for chunk in chunks:
                lines += bytes(chunk).count(b"\n")
            return lines - 1 if job.get("header", True) else lines

    consume(True)
    before_kb = _status_kb("VmRSS") or 0
    reset = reset_peak_rss()
    started = time.perf_counter()
    rows = consume(False)
    elapsed = time.perf_counter() - started
    peak_kb = peak_rss_kb(reset)
    return {
        "rows": rows,
        "seconds": elapsed,
        "rows_per_s": rows / elapsed if elapsed else 0.0,
        "rss_growth_mb": max(peak_kb - before_kb, 0) / 1024,
    }


# ---------------------------------------------------------------------------------------------
# Reporting


def ratio(numerator, denominator) -> float | None:
    if numerator is None or denominator in (None, 0):
        return None
    return numerator / denominator


ROWS: list[tuple[str, Callable[[dict], object], str]] = [
    ("generate_demo_data (s)", lambda r: r["generate_s"], "{:.1f}"),
    ("VACUUM ANALYZE (s)", lambda r: r["vacuum_s"], "{:.1f}"),
    ("visible contacts", lambda r: r["visible_rows"], "{:,}"),
    ("dashboard SQL baseline, all (ms)", lambda r: r["sql_all_ms"], "{:.1f}"),
    ("dashboard JSON, all (ms)", lambda r: r["json_all_ms"], "{:.1f}"),
    ("  ratio JSON / SQL, all", lambda r: ratio(r["json_all_ms"], r["sql_all_ms"]), "{:.2f}"),
    ("dashboard SQL baseline, filtered (ms)", lambda r: r["sql_filtered_ms"], "{:.1f}"),
    ("dashboard JSON, filtered (ms)", lambda r: r["json_filtered_ms"], "{:.1f}"),
    (
        "  ratio JSON / SQL, filtered",
        lambda r: ratio(r["json_filtered_ms"], r["sql_filtered_ms"]),
        "{:.2f}",
    ),
    ("dashboard JSON queries", lambda r: r["json_all_queries"], "{}"),
    ("dashboard HTML, all (ms)", lambda r: r["html_all_ms"], "{:.1f}"),
    ("  ratio HTML / JSON, all", lambda r: ratio(r["html_all_ms"], r["json_all_ms"]), "{:.2f}"),
    ("dashboard HTML, filtered (ms)", lambda r: r["html_filtered_ms"], "{:.1f}"),
    (
        "  ratio HTML / JSON, filtered",
        lambda r: ratio(r["html_filtered_ms"], r["json_filtered_ms"]),
        "{:.2f}",
    ),
    ("dashboard HTML queries", lambda r: r["html_all_queries"], "{}"),
    ("dashboard HTML size, all (kB)", lambda r: r.get("weight_all_raw"), "{:,.1f}"),
    ("dashboard HTML gzipped, all (kB)", lambda r: r.get("weight_all_gzip"), "{:,.1f}"),
    ("dashboard first view, all (kB sent)", lambda r: r.get("weight_all_first_view"), "{:,.1f}"),
    ("dashboard repeat view, all (kB sent)", lambda r: r.get("weight_all_repeat_view"), "{:,.1f}"),
    ("dashboard HTML size, filtered (kB)", lambda r: r.get("weight_filtered_raw"), "{:,.1f}"),
    ("dashboard HTML gzipped, filtered (kB)", lambda r: r.get("weight_filtered_gzip"), "{:,.1f}"),
    ("COPY export rows", lambda r: r["copy_rows"], "{:,}"),
    ("COPY throughput, default columns (rows/s)", lambda r: r["copy_rows_per_s"], "{:,.0f}"),
    ("COPY RSS growth (MB)", lambda r: r["copy_rss_mb"], "{:.1f}"),
    ("CSV export rows", lambda r: r["export_rows"], "{:,}"),
    ("CSV export, default columns (rows/s)", lambda r: r["export_rows_per_s"], "{:,.0f}"),
    (
        "  ratio export / COPY, default columns",
        lambda r: ratio(r["export_rows_per_s"], r["copy_rows_per_s"]),
        "{:.0%}",
    ),
    ("CSV export RSS growth (MB)", lambda r: r["export_rss_mb"], "{:.1f}"),
    (
        "COPY throughput, with people and notes (rows/s)",
        lambda r: r["personal_copy_rows_per_s"],
        "{:,.0f}",
    ),
    (
        "CSV export, with people and notes (rows/s)",
        lambda r: r["personal_export_rows_per_s"],
        "{:,.0f}",
    ),
    (
        "  ratio export / COPY, with people and notes",
        lambda r: ratio(r["personal_export_rows_per_s"], r["personal_copy_rows_per_s"]),
        "{:.0%}",
    ),
    (
        "CSV export with people and notes, RSS growth (MB)",
        lambda r: r["personal_export_rss_mb"],
        "{:.1f}",
    ),
    ("NDJSON export rows", lambda r: r.get("ndjson_rows"), "{:,}"),
    ("NDJSON export throughput (rows/s)", lambda r: r.get("ndjson_rows_per_s"), "{:,.0f}"),
    (
        "  ratio NDJSON / COPY throughput",
        lambda r: ratio(r.get("ndjson_rows_per_s"), r["copy_rows_per_s"]),
        "{:.0%}",
    ),
    ("NDJSON export RSS growth (MB)", lambda r: r.get("ndjson_rss_mb"), "{:.1f}"),
    ("contact list, first page (ms)", lambda r: r["list_first_ms"], "{:.1f}"),
    ("contact list, first page queries", lambda r: r["list_first_queries"], "{}"),
    ("contact list, filtered page (ms)", lambda r: r["list_filtered_ms"], "{:.1f}"),
    ("contact list, filtered page queries", lambda r: r["list_filtered_queries"], "{}"),
    ("contact form, GET (ms)", lambda r: r.get("form_get_ms"), "{:.1f}"),
    ("contact form, GET queries", lambda r: r.get("form_get_queries"), "{}"),
    ("log a contact, POST (ms)", lambda r: r["form_ms"], "{:.1f}"),
    ("log a contact, POST queries", lambda r: r["form_queries"], "{}"),
    ("log a contact, status", lambda r: r["form_status"], "{}"),
    ("wall time for this size (s)", lambda r: r.get("wall_s"), "{:.0f}"),
]


def cell(value, fmt: str) -> str:
    if value is None:
        return NOT_AVAILABLE
    return fmt.format(value)


def render_table(results: list[dict]) -> str:
    header = ["measure", *(f"{r['size']:,}" for r in results)]
    lines = [header]
    for label, get, fmt in ROWS:
        lines.append([label, *(cell(get(r), fmt) for r in results)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append(
            "| "
            + " | ".join(
                value.ljust(widths[i]) if i == 0 else value.rjust(widths[i])
                for i, value in enumerate(line)
            )
            + " |"
        )
        if index == 0:
            out.append(
                "|"
                + "|".join(("-" * (w + 1)) + ("-" if i == 0 else ":") for i, w in enumerate(widths))
                + "|"
            )
    return "\n".join(out)


def machine() -> dict:
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                cpu,
            )
        with open("/proc/meminfo") as info:
            kb = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
            memory = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "CPU": cpu,
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "PostgreSQL": server,
        "Python": platform.python_version(),
        "OS": platform.platform(),
    }


def _command_line(argv: list[str]) -> str:
    """The arguments as typed, minus ``--note`` and its text (the note has its own section)."""
    shown: list[str] = []
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
        elif arg == "--note":
            skip_next = True
        elif not arg.startswith("--note="):
            shown.append(arg)
    return " ".join(shown)


LOAD_SECTION = "## Load test"


def load_section(text: str) -> str:
    """The "Load test" section (bench/load.py) of a results file, up to the next ``## ``
    heading; "" if it has none."""
    start = text.find(f"\n{LOAD_SECTION}\n")
    if start < 0:
        return ""
    end = text.find("\n## ", start + 1)
    return text[start + 1 : end + 1 if end >= 0 else len(text)]


def with_section(text: str, section: str) -> str:
    """``text`` with its "Load test" section replaced by ``section`` (added at the end if it
    had none), so the load test and bench/run.py can share bench/results.md."""
    old = load_section(text)
    section = section.rstrip("\n") + "\n"
    if old:
        return text.replace(old, section + ("\n" if old.endswith("\n\n") else ""))
    return f"{text.rstrip()}\n\n{section}" if text.strip() else section


def render_markdown(results: list[dict], table: str, argv: list[str], note: str = "") -> str:
    facts = "\n".join(f"- {key}: {value}" for key, value in machine().items())
    notes = f"\n## Notes\n\n{note}\n" if note else ""
    command = _command_line(argv)
    return f"""# Benchmark results

Written by `bench/run.py` on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC
(`bench/run.py {command}`). Times are medians of the measured runs after one warm-up
run; "{NOT_AVAILABLE}" marks a page that does not exist in this build. See bench/README.md
for what each line measures and docs/performance.md for the targets.

## Machine

{facts}

## Figures (columns: contacts generated)

{table}
{notes}"""


if __name__ == "__main__":
    sys.exit(main())
