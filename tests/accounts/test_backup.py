"""``manage.py backup`` then ``restore`` gives back every table with identical row counts, on
whichever database the suite runs (SQLite here by default, PostgreSQL with DATABASE_URL).

Backups are encrypted with age: the file holds none of the personal data in plain bytes,
restoring it needs the private key, and without a public key to encrypt to the backup
refuses to run."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from pyrage import x25519

from tests.factories import CheckInFactory, ContactFactory, PersonFactory

NAME = "Wanjiru Kamau-Oduya"
EMAIL = "wanjiru.kamau-oduya@example.org"


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
    person = PersonFactory(member=member_a, name=NAME, email=EMAIL)
    for _ in range(3):
        ContactFactory(member=member_a).people.add(person)
    CheckInFactory(member=member_a)


@pytest.fixture
def age_key(settings, tmp_path):
    """A key pair: the public key in BACKUP_AGE_RECIPIENT, the private one in a file."""
    identity = x25519.Identity.generate()
    key_file = tmp_path / "backup-key.txt"
    key_file.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
    settings.BACKUP_AGE_RECIPIENT = [str(identity.to_public())]
    settings.BACKUP_AGE_IDENTITY_FILE = ""
    return key_file


def make_backup(folder, capsys, *args) -> Path:
    call_command("backup", "--dir", str(folder), *args)
    return folder / capsys.readouterr().out.strip().splitlines()[-1].split("/")[-1]


@committed
def test_backup_wipe_restore_gives_identical_row_counts(data, age_key, tmp_path, capsys):
    before = row_counts()
    assert before["campaigns_contact"] == 3

    backup = make_backup(tmp_path / "backups", capsys)
    assert backup.is_file()
    assert backup.name.endswith((".dump.age", ".sqlite3.age"))
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert [path.name for path in backup.parent.iterdir()] == [backup.name]

    call_command("flush", "--noinput")
    assert row_counts()["campaigns_contact"] == 0

    call_command("restore", str(backup), "--noinput", "--identity", str(age_key))
    assert row_counts() == before


@committed
def test_backup_file_holds_no_personal_data_in_plain_bytes(data, age_key, tmp_path, capsys):
    content = make_backup(tmp_path, capsys).read_bytes()
    assert content.startswith(b"age-encryption.org/v1\n")
    for secret in (NAME, EMAIL, NAME.split()[0], EMAIL.split("@")[0]):
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in content


@committed
def test_restore_reads_the_private_key_from_the_setting(data, age_key, settings, tmp_path, capsys):
    backup = make_backup(tmp_path, capsys)
    before = row_counts()
    call_command("flush", "--noinput")
    settings.BACKUP_AGE_IDENTITY_FILE = str(age_key)
    call_command("restore", str(backup), "--noinput")
    assert row_counts() == before


@committed
def test_restore_without_the_private_key_fails_and_changes_nothing(data, age_key, tmp_path, capsys):
    backup = make_backup(tmp_path, capsys)
    before = row_counts()
    with pytest.raises(CommandError, match="is encrypted: pass --identity FILE or set"):
        call_command("restore", str(backup), "--noinput")
    assert row_counts() == before


@committed
def test_restore_with_another_key_fails_and_changes_nothing(data, age_key, tmp_path, capsys):
    backup = make_backup(tmp_path, capsys)
    before = row_counts()
    stranger = tmp_path / "other-key.txt"
    stranger.write_text(f"{x25519.Identity.generate()}\n")
    with pytest.raises(CommandError, match="Cannot decrypt"):
        call_command("restore", str(backup), "--noinput", "--identity", str(stranger))
    assert row_counts() == before


def test_manage_py_restore_without_key_exits_non_zero_with_one_line(tmp_path):
    backup = tmp_path / "20260101T020000000000Z.sqlite3.age"
    backup.write_bytes(b"age-encryption.org/v1\n")
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin"}
    env["SQLITE_PATH"] = str(tmp_path / "unused.sqlite3")
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup), "--noinput"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {backup.name} is encrypted: pass --identity FILE or set "
        "BACKUP_AGE_IDENTITY_FILE to the age private key file."
    ]


def test_backup_without_a_recipient_refuses_with_what_to_set(db, settings, tmp_path):
    settings.BACKUP_AGE_RECIPIENT = []
    with pytest.raises(CommandError, match="BACKUP_AGE_RECIPIENT is not set: set it to"):
        call_command("backup", "--dir", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_plaintext_backups_are_refused_when_debug_is_off(db, settings, tmp_path):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--plaintext is for development only"):
        call_command("backup", "--dir", str(tmp_path), "--plaintext")


def test_a_malformed_recipient_is_named(db, settings, tmp_path):
    settings.BACKUP_AGE_RECIPIENT = ["ssh-rsa AAAA"]
    with pytest.raises(CommandError, match="not an age public key"):
        call_command("backup", "--dir", str(tmp_path))


@committed
def test_plaintext_backup_restores_in_development(data, settings, tmp_path, capsys):
    settings.DEBUG = True
    settings.BACKUP_AGE_RECIPIENT = []
    before = row_counts()
    backup = make_backup(tmp_path, capsys, "--plaintext")
    assert backup.suffix in (".dump", ".sqlite3")
    call_command("flush", "--noinput")
    call_command("restore", str(backup), "--noinput")
    assert row_counts() == before


def test_keep_deletes_the_oldest_backups_beyond_the_count(db, age_key, tmp_path, capsys):
    folder = tmp_path / "backups"
    folder.mkdir()
    suffix = ".dump.age" if connection.vendor == "postgresql" else ".sqlite3.age"
    old = [folder / f"2025010{day}T020000000000Z{suffix}" for day in range(1, 5)]
    for path in old:
        path.write_bytes(b"old")
    unrelated = folder / "notes.txt"
    unrelated.write_text("kept")

    newest = make_backup(folder, capsys, "--keep", "3")
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [old[2].name, old[3].name, newest.name, unrelated.name]
    )


def test_restore_refuses_a_file_of_the_wrong_kind(db, tmp_path):
    wrong = tmp_path / "backup.json"
    wrong.write_text("{}")
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(wrong), "--noinput")


@committed
def test_restore_asks_before_replacing_everything(data, age_key, tmp_path, capsys, monkeypatch):
    backup = make_backup(tmp_path, capsys)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(backup), "--identity", str(age_key))


@committed
def test_backup_and_restore_report_progress_on_stderr_unless_verbosity_zero(
    data, age_key, tmp_path, capsys
):
    call_command("backup", "--dir", str(tmp_path))
    written, copied = capsys.readouterr()
    call_command("restore", written.strip(), "--noinput", "--identity", str(age_key))
    restored = capsys.readouterr().err
    make_backup(tmp_path / "quiet", capsys, "--verbosity", "0")

    assert capsys.readouterr().err == ""
    if connection.vendor == "postgresql":
        assert copied.startswith("Dumping: ")
        assert " bytes done in " in copied
        assert " bytes (100%) done in " in restored
    else:
        assert copied.startswith("Copying: ")
        assert " pages (100%) done in " in copied
        assert " pages (100%) done in " in restored


def test_backup_help_says_what_keep_takes_and_a_bad_count_is_one_line():
    from accounts.management.commands.backup import Command

    text = " ".join(Command().create_parser("manage.py", "backup").format_help().split())
    assert "(N: 1 or more)" in text

    with pytest.raises(CommandError, match=r"^--keep must be 1 or more\.$"):
        call_command("backup", "--keep", "0")
