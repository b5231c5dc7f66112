"""``manage.py backup``: a full copy of the database under var/backups/ (``make backup``).

PostgreSQL: ``pg_dump --format=custom`` (restored with pg_restore). SQLite: SQLite's own
online backup, a consistent copy even while the app runs. Backups hold personal data, so the
files are readable by their owner only.
"""

import datetime
import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


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


class Command(BaseCommand):
    help = "Back up the database to var/backups/<UTC timestamp>.(dump|sqlite3)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(Path(settings.BASE_DIR) / "var" / "backups"), dest="directory"
        )

    def handle(self, *args, directory: str, **options):
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        vendor = connection.vendor
        if vendor == "postgresql":
            target = folder / f"{stamp}.dump"
            env, conn_args = postgres_env_and_args(connection.settings_dict)
            command = [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *conn_args,
                "--file",
                str(target),
                connection.settings_dict["NAME"],
            ]
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        elif vendor == "sqlite":
            target = folder / f"{stamp}.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(target)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
        else:
            raise CommandError(f"No backup method for the {vendor} database.")
        target.chmod(0o600)
        self.stdout.write(str(target))
