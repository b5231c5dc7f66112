"""Makes sure a local secretariat admin exists for `make run`, with a generated password.

The password is written once to a file readable only by its owner and never printed, so no
well-known password ever exists; delete the file and the user to start over.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from accounts.roles import Role


class Command(BaseCommand):
    help = "Create the local admin account if it is missing and say where its password is."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--password-file", default=str(Path(settings.BASE_DIR) / "var" / "admin-password.txt")
        )

    def handle(self, *args, username: str, password_file: str, **options):
        User = get_user_model()
        path = Path(password_file)
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(18)
            user = User.objects.create_superuser(username=username, email="", password=password)
            user.groups.add(Group.objects.get(name=Role.ADMIN.value))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(password + "\n")
            path.chmod(0o600)
            self.stdout.write(f"Created the local admin '{username}'.")
        self.stdout.write(f"Sign in as '{username}'; the password is in {path}.")
