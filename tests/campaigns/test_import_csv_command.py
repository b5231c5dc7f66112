"""``manage.py import_csv``, and the round trip: export, import into an empty database, export.

"Identical rows" covers every column except ``id`` and ``created_at`` (new rows get new ones)
and ``people`` (person records are not created from names); ``logged_by`` reads back because
the user exists in both databases, as it would after moving to a new server with its users.
Members and sections exported by ``export_csv`` keep their ids, so ``section_id`` and
``member_id`` read back too; from hand-written files they are new.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from campaigns.models import Contact
from members.models import MemberOrganisation, Person
from sections.models import Section
from tests.factories import (
    ContactFactory,
    MemberFactory,
    PersonFactory,
    SectionFactory,
    StrategyFactory,
)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_reports_counts_and_dry_run_writes_nothing(tmp_path, db):
    path = tmp_path / "members.csv"
    path.write_text("name,country,region\nPION,NO,europe\n", "utf-8")

    out, _ = run("import_csv", "members", str(path), "--dry-run")
    assert "Would import members" in out
    assert "1 new" in out
    assert not MemberOrganisation.objects.exists()

    out, _ = run("import_csv", "members", str(path))
    assert "1 new, 0 updated" in out
    out, _ = run("import_csv", "members", str(path))
    assert "0 new, 1 updated" in out
    assert MemberOrganisation.objects.count() == 1


def test_bad_file_exits_non_zero_listing_every_problem(tmp_path, db):
    SectionFactory(name="AI Norway", country="NO")
    path = tmp_path / "contacts.csv"
    path.write_text(
        "date,section,member,channel,summary,hours\n"
        "2015-09-01,AI Norway,Nobody,call,x,1\n"
        "2015-09-01,AI Norway,Nobody,call,y,-1\n",
        "utf-8",
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_csv", "contacts", str(path), stdout=io.StringIO(), stderr=err)

    checked, *problems = err.getvalue().splitlines()
    assert checked.startswith("Checking: ")
    assert problems == [
        "line 2: member: no member named 'Nobody'",
        "line 3: hours: hours cannot be negative",
        "line 3: member: no member named 'Nobody'",
    ]
    assert not Contact.objects.exists()


def test_missing_file(db):
    with pytest.raises(CommandError, match="no such file"):
        run("import_csv", "members", "/nonexistent/members.csv")


def test_non_zero_exit_status_from_the_shell(tmp_path, db):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["manage.py", "import_csv", "sections", str(path)])
    with pytest.raises(SystemExit) as exited:
        utility.execute()
    assert exited.value.code == 1


def _members_csv(path):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "country", "region", "name_public"])
        for m in MemberOrganisation.objects.all():
            writer.writerow([m.name, m.country.code, m.region, "yes" if m.name_public else "no"])


def _sections_csv(path):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["name", "country", "kind", "stance"])
        for s in Section.objects.all():
            writer.writerow([s.name, s.country.code, s.kind, s.stance])


def _comparable(path, *, new_ids: bool = False) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    left_out = {"id", "created_at", "people"} | ({"section_id", "member_id"} if new_ids else set())
    rows = [{k: v for k, v in row.items() if k not in left_out} for row in rows]
    return sorted(rows, key=lambda row: (row["date"], row["summary"]))


def _empty_the_database():
    Contact.history.all().delete()
    Contact.objects.all().delete()
    Person.objects.all().delete()
    MemberOrganisation.objects.all().delete()
    Section.objects.all().delete()


def test_round_trip_export_import_export_gives_identical_rows(tmp_path, staff_user):
    StrategyFactory(number=1)
    StrategyFactory(number=4)
    norway = SectionFactory(name="AI Norway", country="NO")
    sweden = SectionFactory(name="AI Sweden", country="SE")
    pion = MemberFactory(name="PION", country="NO", region="europe")
    hidden = MemberFactory(name="Quiet collective", country="SE", name_public=False)
    first = ContactFactory(
        date=datetime.date(2015, 9, 1),
        section=norway,
        member=pion,
        initiated_by="member",
        formality="",
        channel="workshop",
        strategy=StrategyFactory._meta.model.objects.get(number=4),
        summary='=HYPERLINK("http://x","y"), with a comma; and "quotes"\nand a second line',
        outcome="-5 minutes late",
        follow_up="Send the paper",
        follow_up_date=datetime.date(2015, 9, 30),
        participants=15,
        participants_max=18,
        hours=Decimal("2.5"),
        hours_paid=True,
        notes="Møte i Oslo",
        logged_by=staff_user,
    )
    first.people.add(PersonFactory(member=pion))
    ContactFactory(
        date=datetime.date(2015, 9, 1),
        section=sweden,
        member=hidden,
        channel="email",
        summary="Voted against; other laws",
        participants=3,
        hours=Decimal("0.0"),
        hours_paid=False,
    )
    ContactFactory(date=datetime.date(2016, 1, 2), section=sweden, member=pion, summary="Call")
    exported = tmp_path / "first.csv"
    run("export_contacts", "--format", "csv", "--output", str(exported), "--personal-data")
    _members_csv(tmp_path / "members.csv")
    _sections_csv(tmp_path / "sections.csv")

    _empty_the_database()
    run("import_csv", "members", str(tmp_path / "members.csv"))
    run("import_csv", "sections", str(tmp_path / "sections.csv"))
    out, _ = run("import_csv", "contacts", str(exported))
    assert "3 new" in out
    again = tmp_path / "again.csv"
    run("export_contacts", "--format", "csv", "--output", str(again), "--personal-data")

    assert _comparable(again, new_ids=True) == _comparable(exported, new_ids=True)
    assert len(_comparable(again)) == 3
    out, _ = run("import_csv", "contacts", str(again))
    assert "0 new, 0 updated, 3 already present" in out


@pytest.fixture
def varied(staff_user):
    """Contacts with withheld and public members, ranges, formulas, a strategy, no section
    country, and people (which a default export leaves out)."""
    StrategyFactory(number=2)
    strategy = StrategyFactory(number=5)
    secretariat = SectionFactory(
        name="International Secretariat", country=None, kind="international-secretariat"
    )
    norway = SectionFactory(name="AI Norway", country="NO", stance="voted-for")
    pion = MemberFactory(name="PION", country="NO", acronym="PION", city="Oslo")
    quiet = MemberFactory(name="Quiet collective", country="SE", name_public=False)
    hushed = MemberFactory(name="Hushed network", country="SE", name_public=False)
    rows = [
        (norway, pion, "=SUM(1)", (15, 18), Decimal("2.5"), True, strategy),
        (norway, quiet, 'Asked, then "waited"\nfor an answer', (3, None), None, None, None),
        (secretariat, hushed, "+ Call about the vote", (None, None), Decimal("0"), False, None),
    ]
    for n, (section, member, summary, (low, high), hours, paid, served) in enumerate(rows):
        contact = ContactFactory(
            date=datetime.date(2015, 9, 1 + n),
            section=section,
            member=member,
            channel="meeting",
            summary=summary,
            outcome="-1 vote",
            participants=low,
            participants_max=high,
            hours=hours,
            hours_paid=paid,
            strategy=served,
            logged_by=staff_user,
        )
        contact.people.add(PersonFactory(member=member))


def test_default_export_imports_into_an_empty_database(tmp_path, varied):
    """The acceptance round trip: every kind exported in its own format, imported into an
    empty database, exported again. Withheld names in the contacts file are harmless: the
    section and member are found by id."""
    run("export_csv", "members", "--output", str(tmp_path / "members.csv"), "--personal-data")
    run("export_csv", "sections", "--output", str(tmp_path / "sections.csv"))
    first = tmp_path / "contacts.csv"
    run("export_contacts", "--format", "csv", "--output", str(first))
    assert "Member organisation in Sweden (name withheld)" in first.read_text("utf-8")
    members_before = list(MemberOrganisation.objects.order_by("pk").values())
    sections_before = list(Section.objects.order_by("pk").values())

    _empty_the_database()
    for kind in ("members", "sections"):
        out, _ = run("import_csv", kind, str(tmp_path / f"{kind}.csv"))
        assert "0 updated" in out
    out, err = run("import_csv", "contacts", str(first), "--verbosity", "0")
    assert (out, err) == (
        f"Imported contacts from {first}: 3 new, 0 updated, 0 already present.\n",
        "",
    )

    again = tmp_path / "again.csv"
    run("export_contacts", "--format", "csv", "--output", str(again))
    assert _comparable(again) == _comparable(first)
    left_out = {"created_at", "updated_at"}
    assert [
        {k: v for k, v in row.items() if k not in left_out}
        for row in MemberOrganisation.objects.order_by("pk").values()
    ] == [{k: v for k, v in row.items() if k not in left_out} for row in members_before]
    assert [
        {k: v for k, v in row.items() if k not in left_out}
        for row in Section.objects.order_by("pk").values()
    ] == [{k: v for k, v in row.items() if k not in left_out} for row in sections_before]
    # New rows after the kept ids: the id sequences moved past them.
    assert MemberFactory(name="Newcomer").pk > max(row["id"] for row in members_before)


def test_members_exported_without_their_names_cannot_be_imported(tmp_path, varied):
    run("export_csv", "members", "--output", str(tmp_path / "members.csv"))
    _empty_the_database()
    err = io.StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_csv", "members", str(tmp_path / "members.csv"), stdout=io.StringIO(), stderr=err
        )

    assert "is how a withheld name is shown, not a name" in err.getvalue()
    assert not MemberOrganisation.objects.exists()


def test_a_members_file_from_another_database_is_refused_where_ids_disagree(tmp_path, varied):
    run("export_csv", "members", "--output", str(tmp_path / "members.csv"), "--personal-data")
    pion = MemberOrganisation.objects.get(name="PION")
    MemberOrganisation.objects.filter(pk=pion.pk).update(name="PION renamed")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_csv", "members", str(tmp_path / "members.csv"), stdout=io.StringIO(), stderr=err
        )

    assert f"id: {pion.pk} is 'PION renamed' in this database, not 'PION'" in err.getvalue()


# A strict reader: malformed files are refused line by line, nothing imported. ---------------

HEADER = "date,section,member,channel,summary\n"


def _refused(tmp_path, data: bytes) -> list[str]:
    """The problems the command prints, one a line; it fails (exit status 1 from the shell,
    see test_non_zero_exit_status_from_the_shell) and imports nothing."""
    SectionFactory(name="AI Norway", country="NO")
    MemberFactory(name="PION", country="NO")
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_csv", "contacts", str(path), stdout=io.StringIO(), stderr=err)
    assert not Contact.objects.exists()
    checked, *problems = err.getvalue().splitlines()
    assert checked.startswith("Checking: ")
    return problems


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # An unclosed quote that runs to the end: once two lines became one contact.
        (
            b'2015-09-01,AI Norway,PION,call,"Unclosed\n2015-09-02,AI Norway,PION,call,Second\n',
            ['line 2: (row): a quoted cell is never closed: a closing quote (") is missing'],
        ),
        # An unclosed quote that a later quote closes: the rows between are swallowed.
        (
            b'2015-09-01,AI Norway,PION,call,"Unclosed\n'
            b"2015-09-02,AI Norway,PION,call,Second\n"
            b'2015-09-03,AI Norway,PION,call,Third"\n',
            [
                "line 2: summary: a quoted cell runs over lines that look like rows of their "
                'own; is a closing quote (") missing?'
            ],
        ),
        # ... or a later quoted cell, whose opening quote then reads as a stray one.
        (
            b'2015-09-01,AI Norway,PION,call,"Unclosed\n2015-09-02,AI Norway,PION,call,"Quoted"\n',
            ['line 2: (row): a quote (") inside a quoted cell must be doubled (""), or a '],
        ),
        (b'2015-09-01,AI Norway,PION,call,"Said "hi""\n', ["line 2: (row): a quote"]),
        (b"2015-09-01,AI Norway,PION,call,Nul\x00byte\n", ["line 2: summary: holds a NUL byte"]),
        (
            b'2015-09-01,AI Norway,PION,call,"' + b"x" * 140_000 + b'"\n',
            ["line 2: (row): a cell is longer than 131,072 characters"],
        ),
        (
            b"2015-09-01,AI Norway,PION,call\n2015-09-02,AI Norway,PION,call,Ok,extra\n",
            [
                "line 2: (row): 4 cells where the header has 5 columns",
                "line 3: (row): 6 cells where the header has 5 columns",
            ],
        ),
        (
            "2015-09-01,AI Norway,PION,call,Møte\n2015-09-02,AI Nørway,PION,call,Ok\n".encode(
                "latin-1"
            ),
            [
                "line 2: summary: holds bytes that are not UTF-8",
                "line 3: section: holds bytes that are not UTF-8",
            ],
        ),
    ],
    ids=[
        "unclosed-to-end",
        "unclosed-swallows",
        "unclosed-then-quoted",
        "stray-quote",
        "nul",
        "long",
        "width",
        "latin-1",
    ],
)
def test_malformed_file_is_refused_line_by_line(tmp_path, db, data, expected):
    problems = _refused(tmp_path, HEADER.encode() + data)

    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_reading_stops_at_the_row_limit(tmp_path, db, monkeypatch):
    """Rows past the limit are never read: the bad line after it is not reported."""
    from campaigns.exchange import planning

    monkeypatch.setattr(planning, "MAX_ROWS", 3)
    rows = "".join(f"2015-09-0{n},AI Norway,PION,call,Row {n}\n" for n in range(1, 5))

    problems = _refused(tmp_path, (HEADER + rows).encode() + b"\xff\xfe,not,read,at,all\n")

    assert problems == ["line 5: (file): more than 3 rows; split the file"]


def test_checking_stops_after_many_problems(tmp_path, db, monkeypatch):
    from campaigns.exchange import planning

    monkeypatch.setattr(planning, "MAX_PROBLEMS", 5)
    rows = "".join(f"2015-09-01,AI Norway,Nobody {n},call,x\n" for n in range(20))

    problems = _refused(tmp_path, (HEADER + rows).encode())

    assert len(problems) == 6
    assert problems[-1] == "line 7: (file): more than 5 problems; checking stopped here"


def test_progress_of_checking_and_writing_on_stderr_none_with_verbosity_zero(
    tmp_path, db, monkeypatch
):
    from core import progress

    monkeypatch.setattr(progress, "INTERVAL", 0)
    path = tmp_path / "members.csv"
    rows = "".join(f"Member {n},NO,europe\n" for n in range(200))
    path.write_text("name,country,region\n" + rows, "utf-8")
    size = path.stat().st_size

    out, err = run("import_csv", "members", str(path))

    lines = err.splitlines()
    assert any(line.startswith("Checking: ") and line.endswith("bytes (50%)") for line in lines)
    assert lines[-2].startswith(f"Checking: {size:,}/{size:,} bytes (100%) done in ")
    assert lines[-1].startswith("Writing: 200/200 rows (100%) done in ")
    assert "200 new" in out

    path.write_text("name,country,region\n" + rows.replace("Member", "Other"), "utf-8")
    assert run("import_csv", "members", str(path), "--verbosity", "0")[1] == ""


def test_help_lists_the_kinds():
    from campaigns.management.commands.import_csv import Command

    text = " ".join(Command().create_parser("manage.py", "import_csv").format_help().split())

    assert "One of: members, sections, contacts." in text
