"""Queue the weekly digests; run once a week (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from campaigns.digests import digests_queue


class Command(BaseCommand):
    help = (
        "Queue each user's weekly digest of open and overdue follow-ups and, for focal points, "
        "what was logged for their organisation. A second run in the same week queues nothing "
        "again. send_notifications sends them."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{digests_queue()} digests queued.")
