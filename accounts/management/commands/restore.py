"""``manage.py restore FILE``: replace the whole database with a backup (``make restore``).

Every table is replaced, so whatever was written since the backup is lost; the command asks
first unless ``--noinput``. Run ``manage.py migrate`` afterwards if the backup predates the
code's migrations.
"""

import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.management.commands.backup import postgres_env_and_args

SUFFIXES = {"postgresql": ".dump", "sqlite": ".sqlite3"}


class Command(BaseCommand):
    help = "Replace the database with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file: str, interactive: bool, **options):
        path = Path(file)
        vendor = connection.vendor
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        if vendor not in SUFFIXES:
            raise CommandError(f"No restore method for the {vendor} database.")
        if path.suffix != SUFFIXES[vendor]:
            raise CommandError(
                f"{path.name} is not a {vendor} backup (expected a {SUFFIXES[vendor]} file)."
            )
        if interactive:
            answer = input(
                f"Replace every table of the {vendor} database "
                f"'{connection.settings_dict['NAME']}' with {path}? Type 'restore' to go on: "
            )
            if answer.strip() != "restore":
                raise CommandError("Nothing restored.")

        if vendor == "postgresql":
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
                str(path),
            ]
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            connection.ensure_connection()
            source = sqlite3.connect(path)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        self.stdout.write(f"Restored {path}.")
