"""``manage.py create_api_token USERNAME --scope read|write [--expires DAYS] [--name NAME]``:
prints a new personal API token for a script. The token is shown once; the audit log records
that it was made (not the token)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken, User
from accounts.services import API_TOKEN_MAX_DAYS, api_token_create


class Command(BaseCommand):
    help = "Print a new personal API token for USERNAME (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", required=True, choices=ApiToken.Scope.values)
        parser.add_argument(
            "--expires",
            type=int,
            default=90,
            metavar="DAYS",
            help=f"Days until it stops working, 1 to {API_TOKEN_MAX_DAYS} (default 90).",
        )
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, scope, expires, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is disabled: its tokens would not work.")
        try:
            token, raw = api_token_create(
                user=user, name=name, scope=scope, expires_in_days=expires, via="cli"
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Token {token.prefix}… for {username}, {scope}, until {token.expires_at:%Y-%m-%d}."
        )
        self.stdout.write(raw)
