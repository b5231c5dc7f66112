"""Open a check-in round from the command line: the same service as the page."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from campaigns.round_services import check_in_round_open
from core.regions import Region
from members.models import MemberOrganisation


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Ask members which sections contacted them since a date, and email each one's focal "
        "points an invitation to answer. Without --region or --member: every current member."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="The date asked about (YYYY-MM-DD).")
        parser.add_argument("--closes", required=True, help="The closing date (YYYY-MM-DD).")
        parser.add_argument(
            "--region",
            choices=Region.values,
            help="Only this region's members; one of: %(choices)s.",
        )
        parser.add_argument(
            "--member", type=int, action="append", default=[], help="A member id (repeatable)."
        )
        parser.add_argument("--reminder-days", type=int, default=7)
        parser.add_argument("--as", dest="username", help="The user named as opening it.")

    def handle(self, *args, since, closes, region, member, reminder_days, username, **options):
        members = MemberOrganisation.objects.exclude(status=MemberOrganisation.Status.FORMER)
        if region:
            members = members.filter(region=region)
        if member:
            members = MemberOrganisation.objects.filter(pk__in=member)
            unknown = sorted(set(member) - set(members.values_list("pk", flat=True)))
            if unknown:
                raise CommandError(f"No member organisation with id {unknown[0]}.")
            if region:
                members = members.filter(region=region)
        opened_by = None
        if username:
            opened_by = User.objects.filter(username=username).first()
            if opened_by is None:
                raise CommandError(f"No user called {username!r}.")
        try:
            round_ = check_in_round_open(
                opened_by=opened_by,
                since=_date(since),
                closes_on=_date(closes),
                reminder_days=reminder_days,
                members=members.order_by("pk"),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        asked = round_.check_ins.count()
        self.stdout.write(f"Round {round_.pk} opened: {asked} members asked.")
