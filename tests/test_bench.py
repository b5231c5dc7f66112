"""A tiny run of bench/run.py, to keep the benchmark working between real runs."""

import datetime

import pytest
from django.db import connection
from django.urls import include, path

from bench import load, run, sql
from campaigns.exchange.columns import Audience
from campaigns.exchange.contacts import CONTACTS
from campaigns.exchange.copy import contacts_csv_chunks

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the benchmark measures PostgreSQL only (COPY, VACUUM ANALYZE); "
    "set DATABASE_URL=postgres://... to run it",
)


def database_url() -> str:
    """The test database's URL, for the export measurements' child processes."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_small_run_measures_every_part_that_exists():
    result = run.run_size(
        size=300,
        members=20,
        sections=10,
        seed=1,
        repeat=1,
        export_repeat=1,
        database_url=database_url(),
    )

    assert result["visible_rows"] > 250
    assert result["sql_all_ms"] > 0
    assert result["sql_filtered_ms"] > 0
    assert result["copy_rows"] == result["visible_rows"]
    assert result["copy_rows_per_s"] > 0
    assert result["personal_copy_rows"] == result["visible_rows"]
    assert result["personal_export_rows"] == result["visible_rows"]
    for name, key in (
        ("campaigns:api-engagement", "json_all_ms"),
        ("campaigns:dashboard", "html_all_ms"),
        ("campaigns:contact-export-csv", "export_rows_per_s"),
        ("campaigns:contact-list", "list_first_ms"),
    ):
        # A page this build lacks is reported as missing; one it has is measured.
        assert (result[key] is None) == (run.url_for(name) is None)
    # The dashboard's weight: sent gzipped, and the first view adds its static files.
    assert 0 < result["weight_all_gzip"] < result["weight_all_raw"]
    assert result["weight_all_first_view"] > result["weight_all_repeat_view"]
    table = run.render_table([result])
    assert "dashboard SQL baseline, all (ms)" in table
    assert "dashboard repeat view, all (kB sent)" in table


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_sql_baseline_counts_what_the_table_holds():
    from django.core.management import call_command

    from campaigns.models import Contact

    call_command("generate_demo_data", members=20, sections=10, contacts=400, seed=2)

    numbers = sql.dashboard_numbers(connection)

    live = Contact.objects.filter(deleted_at__isnull=True)
    headline = numbers["headline"]
    assert headline["contacts"] == live.count()
    assert headline["formality"]["formal"] == live.filter(formality="formal").count()
    assert headline["members_engaged"] == live.values("member").distinct().count()
    assert headline["sections_engaged"] == live.values("section").distinct().count()
    assert sum(row["contacts"] for row in numbers["by_channel"]) == live.count()
    assert sum(row["contacts"] for row in numbers["by_month"]) == live.count()
    assert sum(n for _s, _m, n in numbers["matrix"]) == live.count()
    assert sum(region["contacts"] for region in numbers["by_region"]) == live.count()
    europe = sql.dashboard_numbers(connection, {"region": "europe"})
    assert europe["headline"]["contacts"] == live.filter(member__region="europe").count()


def _json_numbers(data: dict) -> dict:
    """The JSON's numbers in the SQL baseline's shape: labels and names left out."""
    return {
        "headline": data["headline"],
        "by_region": [{k: v for k, v in row.items() if k != "label"} for row in data["by_region"]],
        "by_channel": [{k: v for k, v in r.items() if k != "label"} for r in data["by_channel"]],
        "by_month": data["by_month"],
        "by_strategy": {s["id"]: s["contacts"] for s in data["strategies"] if s["contacts"]},
        "matrix": data["matrix"]["cells"],
        "map": {
            row["country"]: {
                "section_contacts": row["section_contacts"],
                "members_engaged": row["members_engaged"],
                "member_contacts": row["member_contacts"],
            }
            for row in data["map"]
        },
    }


@needs_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("filters", [{}, run.FILTERED], ids=["all", "filtered"])
def test_sql_baseline_computes_the_same_numbers_as_the_json(filters):
    from django.core.management import call_command

    from campaigns.contact_query import ContactQuery
    from campaigns.engagement import engagement

    call_command("generate_demo_data", members=30, sections=12, contacts=2000, seed=4)

    app = _json_numbers(engagement(query=ContactQuery(user=run.bench_user(), filters=filters)))
    baseline = sql.dashboard_numbers(connection, filters)

    assert app["by_strategy"]  # the demo campaign's strategies have contacts
    assert app == baseline


@needs_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("since", ["2020-01-01", "2020-06-15"])
def test_sql_baseline_keeps_the_rows_the_since_filter_keeps(since):
    """Contacts dated by month, year or range reach ``since`` by their period's end, in the
    hand-written WHERE as in the app's filter (the demo data dates every contact to the day)."""
    from django.core.management import call_command

    from campaigns.contact_query import ContactQuery
    from campaigns.models import Contact

    call_command("generate_demo_data", members=10, sections=5, contacts=200, seed=5)
    ids = list(Contact.objects.order_by("id").values_list("id", flat=True)[:5])
    day = datetime.date
    for pk, precision, start, end in zip(
        ids,
        ["month", "month", "year", "range", "range"],
        [day(2020, 6, 1), day(2020, 5, 1), day(2020, 1, 1), day(2019, 12, 1), day(2019, 12, 1)],
        [None, None, None, day(2020, 7, 1), day(2020, 6, 1)],
        strict=True,
    ):
        Contact.objects.filter(pk=pk).update(
            date_precision=precision, date=start, date_end=end, follow_up_date=None
        )
    where = sql.where_for({"since": since})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT c.id FROM campaigns_contact c WHERE {where.sql}", where.params)
        baseline = {row[0] for row in cursor.fetchall()}

    query = ContactQuery(user=run.bench_user(), filters={"since": since})
    app = set(query.unordered.values_list("id", flat=True))
    assert baseline == app
    assert ids[0] in app  # June 2020
    assert ids[3] in app  # a range into July 2020
    assert (ids[4] in app) == (since == "2020-01-01")  # a range ending 1 June 2020


def test_sql_baseline_has_the_exports_columns():
    staff = Audience(personal_data=True, names=True)

    assert [name for name, _expr in sql.EXPORT_COLUMNS] == CONTACTS.header(staff)


@needs_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("filters", [{}, run.FILTERED], ids=["all", "filtered"])
@pytest.mark.parametrize("personal_data", [False, True], ids=["default", "personal"])
def test_sql_baseline_writes_the_same_bytes_as_the_export(filters, personal_data):
    """The bench compares like with like: its hand-written COPY and the app's export give the
    same file for the same user and filters, awkward cells included, in the default columns
    and with the people and notes."""
    from django.core.management import call_command

    from campaigns.selectors import contact_list
    from tests.factories import ContactFactory, MemberFactory, PersonFactory, SectionFactory

    call_command("generate_demo_data", members=30, sections=12, contacts=1500, seed=5)
    user = run.bench_user()
    member = MemberFactory(name='=Withheld, "quoted"', country="SE", region="europe")
    for n, text in enumerate(["=1+1", "two\nlines", "", "-dash", "comma, here"]):
        contact = ContactFactory(
            date=datetime.date(2021, 1, 1 + n),
            section=SectionFactory(name=f"+Section {n}", country=None, kind="structure"),
            member=member,
            summary=text or "x",
            outcome=text,
            participants=n or None,
            participants_max=n + n % 2 if n else None,
            logged_by=user,
        )
        contact.people.add(PersonFactory(name="Same", member=member), PersonFactory(name="@b"))

    statement, params = sql.export_copy_sql(filters, personal_data=personal_data)
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        baseline = b"".join(bytes(block) for block in copy)
    queryset = contact_list(user=user, filters=filters)
    audience = Audience(personal_data=personal_data, names=True)
    app = b"".join(contacts_csv_chunks(queryset, audience))

    assert baseline.count(b"\n") > 100
    assert baseline == app


def test_refuses_sqlite_with_a_message(capsys):
    status = run.main(["--database-url", "sqlite:///var/bench.sqlite3", "--sizes", "10"])

    assert status == 2
    assert "PostgreSQL only" in capsys.readouterr().err


def _log_contact(request):
    """Stands in for the contact form: shows a page, saves the posted contact and redirects."""
    from django.http import HttpResponse, HttpResponseRedirect

    from campaigns.models import Contact

    if request.method == "GET":
        return HttpResponse("the empty form")

    Contact.objects.create(
        date=request.POST["date"],
        section_id=request.POST["section"],
        member_id=request.POST["member"],
        channel=request.POST["channel"],
        summary=request.POST["summary"],
    )
    return HttpResponseRedirect("/")


urlpatterns = [
    path(
        "",
        include(
            ([path("contacts/new/", _log_contact, name="contact-create")], "campaigns"),
            namespace="campaigns",
        ),
    )
]


@pytest.mark.django_db
@pytest.mark.urls("tests.test_bench")
def test_form_measurement_times_a_save_and_removes_what_it_added():
    from django.core.management import call_command

    from campaigns.models import Contact

    call_command("generate_demo_data", members=3, sections=2, contacts=10, seed=3)
    before = set(Contact.objects.values_list("pk", flat=True))

    figures = run.measure_form(run.signed_in_client(), repeat=2)

    assert figures["form_status"] == "302"
    assert figures["form_get_ms"] > 0
    assert figures["form_ms"] > 0
    assert figures["form_queries"] > 0
    assert set(Contact.objects.values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_a_missing_page_is_reported_not_available():
    assert run.url_for("campaigns:no-such-page") is None
    assert run.cell(None, "{:.1f}") == "not available"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_small_load_test_runs_every_kind_of_request_without_errors():
    from campaigns.models import Contact

    results = load.run_load(
        size=300,
        members=20,
        sections=10,
        seed=1,
        users=4,  # one of each role
        duration=3,
        sizings=[(1, 2)],
        think=0,
        database_url=database_url(),
    )

    [result] = results
    assert result.errors == []
    assert {s.kind for s in result.warm_up} == set(load.KINDS)
    assert result.samples, "no request in the measured seconds"
    overall = load.summary_rows(result)[-1]
    assert overall["kind"] == "all"
    assert overall["requests"] == len(result.samples)
    assert overall["p50"] <= overall["p95"] <= overall["p99"]
    assert result.peak_connections >= 1
    assert result.worker_rss
    assert all(mb > 10 for mb in result.worker_rss)
    # The contacts the users logged are gone again: the demo data is all that is left.
    assert not Contact.objects.filter(summary="Load test contact").exists()
    assert "| **all** |" in load.render_table(result)


def test_the_load_test_reads_its_sizings_and_refuses_a_bad_one():
    assert load.parse_sizings("3x4, 6x1,2X8") == [(3, 4), (6, 1), (2, 8)]
    with pytest.raises(SystemExit, match="WORKERSxTHREADS"):
        load.parse_sizings("3x0")
    assert load.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert load.percentile([float(n) for n in range(1, 101)], 0.99) == 99.0
    assert load.main(["--database-url", "sqlite:///var/load.sqlite3"]) == 2


def test_the_load_test_section_of_the_results_file_is_replaced_not_repeated():
    figures = "# Benchmark results\n\n## Figures\n\n| a |\n"
    first = run.with_section(figures, "## Load test\n\nfirst run\n")
    second = run.with_section(f"{first}\n## Notes\n\nquiet\n", "## Load test\n\nsecond run\n")

    assert first == f"{figures}\n## Load test\n\nfirst run\n"
    assert second == f"{figures}\n## Load test\n\nsecond run\n\n## Notes\n\nquiet\n"
    assert run.load_section(second) == "## Load test\n\nsecond run\n\n"
