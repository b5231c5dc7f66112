"""Send the outbox's due messages; meant to run every few minutes (docs/deploy.md)."""

from django.core.management.base import BaseCommand, CommandError

from notifications.sending import RelayUnreachable, send_due


class Command(BaseCommand):
    help = (
        "Send the queued emails that are due, each exactly once; retry failures with backoff. "
        "Run it every few minutes from a systemd timer or cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="Send at most this many in this run."
        )

    def handle(self, *args, limit=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more.")
        try:
            report = send_due(limit=limit)
        except RelayUnreachable as error:
            raise CommandError(f"The mail relay cannot be reached; nothing sent: {error}") from None
        self.stdout.write(
            f"Sent {report.sent}, to retry {report.retrying}, failed {report.failed}; "
            f"{report.purged} old sent messages deleted."
        )
        if report.stopped:
            raise CommandError(f"The connection to the mail relay was lost: {report.stopped}")
