"""Queue the reminders of open check-in rounds; run daily (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from campaigns.round_services import check_in_reminders_queue


class Command(BaseCommand):
    help = (
        "Remind the focal points of members that have not answered an open check-in round, "
        "at most once per the round's interval. Run it daily; send_notifications sends them."
    )

    def handle(self, *args, **options):
        queued = check_in_reminders_queue()
        self.stdout.write(f"{queued} reminders queued.")
