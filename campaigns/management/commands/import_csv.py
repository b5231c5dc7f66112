"""``import_csv {members,sections,contacts} FILE [--dry-run]``: all or nothing.

A file with any bad row imports nothing; every problem is printed as ``line N: column:
message`` and the command exits non-zero. The file is read as a stream, and reading stops
at ``MAX_ROWS`` rows. See docs/exchange.md for the columns.

With ``DEBUG`` on, Django keeps the SQL of the last 9,000 queries: for a large file, thousands
of bulk inserts (some 80 MB for 100,000 contacts, and twice the time). A command has no page
to debug, so it runs with that log off, as bench/run.py does.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campaigns.exchange.kinds import KINDS
from campaigns.exchange.reading import ImportRejected
from campaigns.exchange.services import import_file
from core.progress import Progress


class Command(BaseCommand):
    help = (
        "Import members, sections or contacts from a CSV file (UTF-8, comma or semicolon). "
        "Members and sections update by id or name; contacts already present are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS), help="One of: %(choices)s.")
        parser.add_argument("file", help="A CSV file, UTF-8, comma or semicolon separated.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, kind: str, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file; check the path.")
        settings.DEBUG = False
        try:
            with path.open("rb") as stream:
                report = import_file(
                    kind=kind,
                    stream=stream,
                    dry_run=dry_run,
                    size=path.stat().st_size,
                    progress=Progress.for_command(self.stderr, options["verbosity"]),
                )
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
