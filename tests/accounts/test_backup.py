"""``manage.py backup`` then ``restore`` gives back every table with identical row counts, on
whichever database the suite runs (SQLite here by default, PostgreSQL with DATABASE_URL)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import CheckInFactory, ContactFactory, PersonFactory


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


# Committed data (pg_dump reads through its own connection), and the roles' groups from the
# data migration put back afterwards for the rest of the suite.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def data(personas, member_a):
    person = PersonFactory(member=member_a)
    for _ in range(3):
        ContactFactory(member=member_a).people.add(person)
    CheckInFactory(member=member_a)


@committed
def test_backup_wipe_restore_gives_identical_row_counts(data, tmp_path, capsys):
    before = row_counts()
    assert before["campaigns_contact"] == 3

    call_command("backup", "--dir", str(tmp_path))
    backup = tmp_path / capsys.readouterr().out.strip().splitlines()[-1].split("/")[-1]
    assert backup.is_file()
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    call_command("flush", "--noinput")
    assert row_counts()["campaigns_contact"] == 0

    call_command("restore", str(backup), "--noinput")
    assert row_counts() == before


def test_restore_refuses_a_file_of_the_wrong_kind(db, tmp_path):
    wrong = tmp_path / "backup.json"
    wrong.write_text("{}")
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(wrong), "--noinput")


@committed
def test_restore_asks_before_replacing_everything(data, tmp_path, capsys, monkeypatch):
    call_command("backup", "--dir", str(tmp_path))
    backup = next(tmp_path.iterdir())
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(backup))
