"""``manage.py backup``: a full copy of the database under var/backups/ (``make backup``).

PostgreSQL: ``pg_dump --format=custom`` (restored with pg_restore). SQLite: SQLite's own
online backup, a consistent copy even while the app runs. Backups hold personal data, so they
are encrypted with age to ``BACKUP_AGE_RECIPIENT`` as they are written (no plaintext copy
touches the disk; see accounts.backups), and the command refuses to run without a recipient
rather than leave a readable copy behind. ``--plaintext`` is for development databases only.
``--keep N`` then deletes all but the N newest backups in the folder.
"""

import datetime
import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pyrage
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts import backups
from core.progress import Progress

# SQLite pages copied per step of the online backup: progress is told after each step.
PAGES = 1024


def postgres_env_and_args(settings_dict: dict) -> tuple[dict[str, str], list[str]]:
    """libpq connection options for pg_dump/pg_restore; the password travels in the env."""
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    return env, args


def _private_file(path: Path):
    """A new file readable by its owner only, open for writing."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


class Command(BaseCommand):
    help = (
        "Back up the database, encrypted to BACKUP_AGE_RECIPIENT, to "
        "var/backups/<UTC timestamp>.(dump|sqlite3).age."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            dest="directory",
            help="The folder to write to, created if missing (var/backups/).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            metavar="N",
            help="After the backup, delete all but the N newest backups in the folder "
            "(N: 1 or more).",
        )
        parser.add_argument(
            "--plaintext",
            action="store_true",
            help="Write an unencrypted backup (development only: refused when DEBUG is off).",
        )

    def handle(self, *args, directory: str, keep: int | None, plaintext: bool, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more.")
        if plaintext:
            if not settings.DEBUG:
                raise CommandError(
                    "--plaintext is for development only (DJANGO_DEBUG=1); "
                    "set BACKUP_AGE_RECIPIENT instead."
                )
            to = []
        elif settings.BACKUP_AGE_RECIPIENT:
            to = backups.recipients(settings.BACKUP_AGE_RECIPIENT)
        else:
            raise CommandError(
                "BACKUP_AGE_RECIPIENT is not set: set it to the age public key (age1...) "
                "that backups are encrypted to, or pass --plaintext on a development machine."
            )
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            raise CommandError(f"No backup method for the {vendor} database.")

        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        suffix = ".dump" if vendor == "postgresql" else ".sqlite3"
        target = folder / f"{stamp}{suffix}{backups.ENCRYPTED_SUFFIX if to else ''}"
        # Written under another name and renamed when complete: a failed run leaves no file
        # that looks like a backup (and retention never counts one).
        partial = target.with_name(target.name + ".partial")
        progress = Progress.for_command(self.stderr, options["verbosity"])
        try:
            with _private_file(partial) as out:
                if vendor == "postgresql":
                    self._pg_dump(out, to, progress)
                else:
                    self._sqlite_copy(out, to, progress)
            partial.rename(target)
        finally:
            partial.unlink(missing_ok=True)
        progress.finish()
        self.stdout.write(str(target))
        if keep is not None:
            for old in backups.prune(folder, keep):
                self.stderr.write(f"Deleted {old}")

    def _pg_dump(self, out, to: list, progress: Progress) -> None:
        env, conn_args = postgres_env_and_args(connection.settings_dict)
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            *conn_args,
            connection.settings_dict["NAME"],
        ]
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors)
            assert process.stdout is not None  # stdout=PIPE
            progress.start("Dumping", unit="bytes")
            dump = progress.reading(process.stdout)
            try:
                if to:
                    pyrage.encrypt_io(dump, out, to)
                else:
                    while chunk := dump.read(1 << 20):
                        out.write(chunk)
            finally:
                process.stdout.close()
                returncode = process.wait()
            if returncode != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise CommandError(f"pg_dump failed: {message}")

    def _sqlite_copy(self, out, to: list, progress: Progress) -> None:
        # Copied into memory, so the only bytes that reach the disk are the encrypted ones.
        connection.ensure_connection()
        memory = sqlite3.connect(":memory:")
        progress.start("Copying", unit="pages")
        try:
            connection.connection.backup(
                memory,
                pages=PAGES,
                progress=lambda _status, left, total: progress.reach(total - left, total),
            )
            data = memory.serialize()
        finally:
            memory.close()
        out.write(pyrage.encrypt(data, to) if to else data)
