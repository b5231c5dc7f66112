"""``manage.py restore FILE``: replace the whole database with a backup (``make restore``).

Every table is replaced, so whatever was written since the backup is lost; the command asks
first unless ``--noinput``. Run ``manage.py migrate`` afterwards if the backup predates the
code's migrations. An encrypted backup (``.age``) needs the age private key, from
``--identity FILE`` or ``BACKUP_AGE_IDENTITY_FILE``; it is decrypted as it is read, so no
plaintext copy is written to disk.
"""

import contextlib
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pyrage
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts import backups
from accounts.management.commands.backup import PAGES, postgres_env_and_args
from core.progress import Progress

SUFFIXES = {"postgresql": ".dump", "sqlite": ".sqlite3"}


class Command(BaseCommand):
    help = "Replace the database with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup file written by `manage.py backup`.")
        parser.add_argument(
            "--identity",
            default=None,
            help="The age private key file for an encrypted backup "
            "(default: BACKUP_AGE_IDENTITY_FILE).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file: str, identity: str | None, interactive: bool, **options):
        path = Path(file)
        vendor = connection.vendor
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        if vendor not in SUFFIXES:
            raise CommandError(f"No restore method for the {vendor} database.")
        if backups.kind_suffix(path) != SUFFIXES[vendor]:
            raise CommandError(
                f"{path.name} is not a {vendor} backup (expected a {SUFFIXES[vendor]} "
                f"or {SUFFIXES[vendor]}{backups.ENCRYPTED_SUFFIX} file)."
            )
        keys = []
        if backups.is_encrypted(path):
            identity = identity or settings.BACKUP_AGE_IDENTITY_FILE
            if not identity:
                raise CommandError(
                    f"{path.name} is encrypted: pass --identity FILE or set "
                    "BACKUP_AGE_IDENTITY_FILE to the age private key file."
                )
            keys = backups.identities(identity)
        if interactive:
            answer = input(
                f"Replace every table of the {vendor} database "
                f"'{connection.settings_dict['NAME']}' with {path}? Type 'restore' to go on: "
            )
            if answer.strip() != "restore":
                raise CommandError("Nothing restored.")

        progress = Progress.for_command(self.stderr, options["verbosity"])
        if vendor == "postgresql":
            self._pg_restore(path, keys, progress)
        else:
            self._sqlite_restore(path, keys, progress)
        progress.finish()
        self.stdout.write(f"Restored {path}.")

    def _pg_restore(self, path: Path, keys: list, progress: Progress) -> None:
        connection.close()
        env, conn_args = postgres_env_and_args(connection.settings_dict)
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *conn_args,
            "--dbname",
            connection.settings_dict["NAME"],
        ]
        if not keys:
            command.append(str(path))
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.PIPE if keys else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            progress.start("Restoring", total=path.stat().st_size, unit="bytes")
            undecryptable = False
            if keys:
                assert process.stdin is not None  # stdin=PIPE
                # One transaction: input that stops short (a wrong key, a damaged file)
                # makes pg_restore fail and roll back, leaving the database as it was.
                try:
                    with path.open("rb") as source:
                        pyrage.decrypt_io(progress.reading(source), process.stdin, keys)
                except pyrage.DecryptError:
                    undecryptable = True
                    process.kill()
                except BrokenPipeError:
                    pass  # pg_restore stopped early; its own message follows
                finally:
                    with contextlib.suppress(BrokenPipeError):
                        process.stdin.close()
            returncode = process.wait()
            if undecryptable:
                raise CommandError(self._undecryptable(path))
            if returncode != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise CommandError(f"pg_restore failed: {message}")

    def _sqlite_restore(self, path: Path, keys: list, progress: Progress) -> None:
        data = path.read_bytes()
        if keys:
            try:
                data = pyrage.decrypt(data, keys)
            except pyrage.DecryptError:
                raise CommandError(self._undecryptable(path)) from None
        memory = sqlite3.connect(":memory:")
        try:
            memory.deserialize(data)
            connection.ensure_connection()
            progress.start("Restoring", unit="pages")
            memory.backup(
                connection.connection,
                pages=PAGES,
                progress=lambda _status, left, total: progress.reach(total - left, total),
            )
        except sqlite3.DatabaseError as error:
            raise CommandError(f"{path.name} is not a SQLite backup: {error}.") from None
        finally:
            memory.close()

    @staticmethod
    def _undecryptable(path: Path) -> str:
        return (
            f"Cannot decrypt {path.name}: the age private key does not match the key it was "
            "encrypted to, or the file is damaged. Nothing restored."
        )
