"""``import_csv {members,sections,contacts} FILE [--dry-run]``: all or nothing.

A file with any bad row imports nothing; every problem is printed as ``line N: column:
message`` and the command exits non-zero. See ``campaigns.imports`` for the contracts.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.imports import KINDS, ImportRejected, import_csv


class Command(BaseCommand):
    help = (
        "Import members, sections or contacts from a CSV file (UTF-8, comma or semicolon). "
        "Members and sections update by name; contacts already present are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, kind: str, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            report = import_csv(kind=kind, data=path.read_bytes(), dry_run=dry_run)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{file}: {len(rejected.problems)} problem(s); nothing was imported."
            ) from None
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {kind} from {file}: {report.created} new, {report.updated} updated, "
            f"{report.skipped} already present."
        )
