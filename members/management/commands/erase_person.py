"""``manage.py erase_person ID``: the right to erasure, from the command line only.

Erasure cannot be undone, so it is not a button in the web interface: an operator with shell
access runs it, confirms, and the audit log records who (the operating-system account).
"""

import getpass

from django.core.management.base import BaseCommand, CommandError

from members.models import Person
from members.services import person_erase


class Command(BaseCommand):
    help = "Erase a person's personal data everywhere (history included); keeps the contacts."

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, person_id: int, interactive: bool, **options):
        if not Person.objects.filter(pk=person_id).exists():
            raise CommandError(f"No person with id {person_id}.")
        if interactive:
            answer = input(
                f"Erase person #{person_id}'s personal data everywhere? This cannot be undone "
                "(backups made earlier still hold it). Type 'erase' to go on: "
            )
            if answer.strip() != "erase":
                raise CommandError("Nothing erased.")
        scrubbed = person_erase(person_id=person_id, operator=getpass.getuser())
        self.stdout.write(
            f"Erased person #{person_id}; {scrubbed} other row(s) quoting them were scrubbed."
        )
