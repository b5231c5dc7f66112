"""``manage.py export_contacts``: the operator's export and ``--as USERNAME``."""

import csv
import datetime
import getpass
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.models import AuditEvent
from tests.factories import ContactFactory, MemberFactory, PersonFactory, SectionFactory

# Sign-ins and role changes are audited too; these tests look at exports only.
EXPORTS = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT)


def export(tmp_path, *args, name="out.csv"):
    out = tmp_path / name
    stderr = io.StringIO()
    call_command(
        "export_contacts", "--output", str(out), *args, stdout=io.StringIO(), stderr=stderr
    )
    return out, stderr.getvalue()


def rows_of(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


@pytest.fixture
def contacts(member_a, member_b):
    section = SectionFactory(name="AI Norway", country="NO")
    hidden = MemberFactory(name="Hidden collective", country="SE", name_public=False)
    a = ContactFactory(section=section, member=member_a, notes="note a", summary="A")
    a.people.add(PersonFactory(name="Pat", member=member_a))
    b = ContactFactory(
        section=section, member=member_b, date=datetime.date(2016, 1, 5), summary="B"
    )
    c = ContactFactory(section=section, member=hidden, summary="C")
    ContactFactory(section=section, member=member_a, deleted_at=datetime.datetime.now(datetime.UTC))
    return {"a": a, "b": b, "c": c, "section": section}


def test_operator_export_has_every_live_contact_without_personal_data(tmp_path, contacts):
    out, _ = export(tmp_path, "--format", "csv")

    rows = rows_of(out)
    assert sorted(row["summary"] for row in rows) == ["A", "B", "C"]
    assert "people" not in rows[0]
    assert "notes" not in rows[0]
    assert "Member organisation in Sweden (name withheld)" in {row["member"] for row in rows}
    event = EXPORTS.get()
    assert event.user is None
    assert event.username == getpass.getuser()
    assert event.detail == {
        "kind": "contacts",
        "format": "csv",
        "filters": {},
        "rows": 3,
        "personal_data": False,
        "via": "cli",
        "completed": True,
    }


def test_operator_export_with_personal_data(tmp_path, contacts):
    out, _ = export(tmp_path, "--format", "csv", "--personal-data")

    rows = {row["summary"]: row for row in rows_of(out)}
    assert rows["A"]["people"] == "Pat"
    assert rows["A"]["notes"] == "note a"
    assert rows["C"]["member"] == "Hidden collective"
    assert EXPORTS.get().detail["personal_data"] is True


def test_filters_by_name_or_id(tmp_path, contacts, member_b):
    out, _ = export(
        tmp_path,
        "--format",
        "csv",
        "--member",
        "member b",
        "--member",
        str(contacts["a"].member_id),
    )
    assert sorted(row["summary"] for row in rows_of(out)) == ["A", "B"]

    out, _ = export(tmp_path, "--format", "csv", "--since", "2016-01-01", "--section", "AI Norway")
    assert [row["summary"] for row in rows_of(out)] == ["B"]

    out, _ = export(tmp_path, "--format", "csv", "--country", "Nigeria", "--channel", "meeting")
    assert [row["summary"] for row in rows_of(out)] == ["B"]
    assert EXPORTS.first().detail["filters"]["country"] == "NG"


@pytest.mark.parametrize("persona", ["focal_point"])
def test_as_focal_point_never_gets_personal_columns(persona, personas, tmp_path, contacts):
    user = personas[persona]

    out, stderr = export(tmp_path, "--format", "csv", "--personal-data", "--as", user.username)

    rows = rows_of(out)
    assert "people" not in rows[0]
    assert "notes" not in rows[0]
    assert "may not see personal data" in stderr
    if persona == "focal_point":
        assert [row["summary"] for row in rows] == ["A"]
    event = EXPORTS.get()
    assert event.user == user
    assert event.detail["personal_data"] is False


def test_as_focal_point_xlsx_holds_only_its_own_rows(tmp_path, contacts, focal_point, member_b):
    out, _ = export(
        tmp_path,
        "--format",
        "xlsx",
        "--as",
        focal_point.username,
        "--member",
        str(member_b.pk),
        name="out.xlsx",
    )

    sheet = load_workbook(out).active
    assert sheet.max_row == 1
    assert "People involved" not in [cell.value for cell in sheet[1]]


def test_as_staff_with_personal_data(tmp_path, contacts, staff_user):
    out, _ = export(tmp_path, "--format", "csv", "--personal-data", "--as", "staff")

    rows = {row["summary"]: row for row in rows_of(out)}
    assert rows["A"]["people"] == "Pat"


def test_cli_exports_do_not_use_the_users_web_quota(tmp_path, contacts, staff_user, settings):
    settings.EXPORTS_PER_HOUR = 1
    export(tmp_path, "--format", "csv", "--as", "staff")
    export(tmp_path, "--format", "csv", "--as", "staff")

    from accounts.ratelimit import exports_in_last_hour

    assert exports_in_last_hour(staff_user) == 0


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--section", "AI Atlantis"], "--section"),
        (["--member", "Nobody"], "--member"),
        (["--since", "2015-13-01"], "--since"),
        (["--channel", "pigeon"], "--channel"),
        (["--initiated-by", "cat"], "--initiated-by"),
        (["--region", "mars"], "--region"),
        (["--country", "Atlantis"], "--country"),
        (["--strategy", "9"], "--strategy"),
        (["--as", "ghost"], "--as"),
        (["--since", "2016-01-01", "--until", "2015-01-01"], "--until"),
    ],
)
def test_bad_option_names_the_option_and_writes_nothing(tmp_path, contacts, args, option):
    with pytest.raises(CommandError, match=option):
        export(tmp_path, "--format", "csv", *args)

    assert list(tmp_path.iterdir()) == []
    assert not EXPORTS.exists()


def test_neutralises_formulas_in_xlsx(tmp_path, member_a):
    ContactFactory(member=member_a, summary="=HYPERLINK(1)")

    out, _ = export(tmp_path, "--format", "xlsx", name="out.xlsx")

    sheet = load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Summary") + 1).value == "'=HYPERLINK(1)"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_as_a_viewer_nothing_is_exported(fmt, personas, tmp_path):
    ContactFactory(summary="Logged", logged_by=personas["staff"])
    target = tmp_path / f"o.{fmt}"

    with pytest.raises(CommandError, match="viewers see numbers"):
        call_command("export_contacts", "--format", fmt, "--output", str(target), "--as", "viewer")

    assert not target.exists()


def test_help_lists_each_filters_accepted_values(capsys):
    from campaigns.management.commands.export_contacts import Command

    parser = Command().create_parser("manage.py", "export_contacts")
    text = " ".join(parser.format_help().split())

    assert (
        "--channel CHANNEL Channel: one of: meeting, workshop, presentation, email, call," in text
    )
    assert "--initiated-by INITIATED_BY Initiated by: one of: section, member, unknown." in text
    assert "--follow-up FOLLOW_UP Follow-up: one of: open, overdue, done, none." in text
    assert "--region REGION Region: one of: africa, asia-pacific, europe" in text
    assert "--since SINCE Since: a date, YYYY-MM-DD." in text
    assert "--section SECTION Section: a section's name or id; repeatable." in text
    assert "--strategy STRATEGY Strategy: a strategy's number in the current campaign." in text
    assert "--sort SORT Sort: one of: -date, date, section, -section, member, -member," in text
    assert "hours, -hours (--sort=-hours)." in text
    assert "--q Q Search:" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--follow-up", "open"], ["Open"]),
        (["--q", "Open"], ["Open"]),
        (["--sort", "date"], ["Old", "Open"]),
        (["--sort=-date"], ["Open", "Old"]),
    ],
)
def test_every_filter_of_the_filterset_is_an_option(tmp_path, member_a, args, expected):
    ContactFactory(member=member_a, summary="Old", date=datetime.date(2015, 1, 1))
    ContactFactory(
        member=member_a,
        summary="Open",
        date=datetime.date(2016, 1, 1),
        follow_up="Call back",
        follow_up_date=datetime.date(2999, 1, 1),
    )

    out, _ = export(tmp_path, "--format", "csv", *args)

    assert [row["summary"] for row in rows_of(out)] == expected


def test_a_bad_follow_up_value_names_the_option(tmp_path, db):
    with pytest.raises(CommandError, match="--follow-up"):
        export(tmp_path, "--format", "csv", "--follow-up", "someday")


def test_progress_on_stderr_and_none_with_verbosity_zero(tmp_path, contacts, monkeypatch):
    from core import progress

    monkeypatch.setattr(progress, "INTERVAL", 0)

    _, err = export(tmp_path, "--format", "csv")
    *tenths, last = err.splitlines()
    assert tenths == ["Exporting: 1/3 rows (33%)", "Exporting: 2/3 rows (66%)"]
    assert last.startswith("Exporting: 3/3 rows (100%) done in ")

    _, quiet = export(tmp_path, "--format", "csv", "--verbosity", "0", name="quiet.csv")
    assert quiet == ""
    assert len(rows_of(tmp_path / "quiet.csv")) == 3
