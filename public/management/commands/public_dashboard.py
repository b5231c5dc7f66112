"""``manage.py public_dashboard on|off``: the public numbers page, switched from a shell.

The change is audited like one made in the app, with the operating-system account that ran
the command as its author.
"""

import getpass

from django.core.management.base import BaseCommand

from public.services import public_page_switch


class Command(BaseCommand):
    help = "Turn the public numbers page (/public/) on or off; the change is audited."

    def add_arguments(self, parser):
        parser.add_argument("state", choices=["on", "off"])

    def handle(self, *args, state: str, **options):
        changed = public_page_switch(on=state == "on", operator=getpass.getuser(), via="cli")
        if not changed:
            self.stdout.write(f"The public page was already {state}; nothing changed.")
        elif state == "on":
            self.stdout.write("The public page is on: anyone can open /public/.")
        else:
            self.stdout.write("The public page is off: /public/ answers 404 to everyone.")
