"""``export_csv {members,sections,contacts} --output FILE [--personal-data]``: what
``import_csv`` reads back.

The operator's export of every member, section or live contact in the import's own format
(docs/exchange.md), recorded in the audit log under the operating-system user who ran it.
Withheld member names (and what would identify those members) only with ``--personal-data``:
a members file without them cannot be imported, since names are how rows are matched.
"""

import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet

from campaigns.exchange.columns import Audience
from campaigns.exchange.files import export_to_file
from campaigns.exchange.kinds import KINDS
from campaigns.selectors import contact_list
from core.progress import Progress


class Command(BaseCommand):
    help = (
        "Export every member, section or live contact to CSV in the format import_csv reads. "
        "Withheld names only with --personal-data."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS), help="One of: %(choices)s.")
        parser.add_argument(
            "--output", required=True, help="File to write, in a folder that exists."
        )
        parser.add_argument(
            "--personal-data",
            action="store_true",
            help="Show withheld member names; for contacts also the people and notes columns.",
        )

    def handle(self, *args, kind: str, output: str, personal_data: bool, **options):
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"--output: the folder {str(target.parent)!r} does not exist.")
        queryset: QuerySet
        if kind == "contacts":
            # Every live contact, as an admin would see them.
            operator = get_user_model()(username=getpass.getuser(), is_superuser=True)
            queryset = contact_list(user=operator, filters={})
        else:
            queryset = KINDS[kind].model._default_manager.order_by("pk")
        rows = export_to_file(
            kind=KINDS[kind],
            queryset=queryset,
            audience=Audience(personal_data=personal_data, names=personal_data),
            export_format="csv",
            target=target,
            filters={},
            user=None,
            progress=Progress.for_command(self.stderr, options["verbosity"]),
        )
        self.stdout.write(f"Wrote {rows} {kind} to {target}.")
