"""Sending the outbox: each due message exactly once, even with two senders at once.

Each message is claimed in its own transaction with ``SELECT ... FOR UPDATE SKIP LOCKED``: a
second sender running at the same time skips the row the first holds and takes the next, and
the row is marked sent in the transaction that holds it. A sender that dies mid-send rolls
back, so the message stays queued. SQLite ignores the row lock: run one sender at a time
there (a systemd timer never starts a second run while one is going; cron needs ``flock``).

A relay that cannot be reached is not the message's fault: when no connection can be opened,
nothing is touched and the run ends with an error; the next run tries again. A message the
relay refuses is retried with backoff (``services.email_failed``).
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.services import email_failed, email_sent

logger = logging.getLogger(__name__)


def _connection_lost(error: Exception) -> bool:
    """Whether the connection is gone (the run stops), rather than this message refused.
    SMTP's own errors are OSErrors too; only a disconnection among them ends the run."""
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


class RelayUnreachable(Exception):
    """No connection to the mail relay could be opened; no message was touched."""


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    stopped: str = ""
    purged: int = 0


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    headers = {"Content-Language": email.language}
    if email.stop_url:
        headers["List-Unsubscribe"] = f"<{email.stop_url}>"
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers=headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _claim_next():
    """The oldest due message, locked for this transaction; rows others hold are skipped."""
    due = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(
        state=OutgoingEmail.State.QUEUED, next_attempt_at__lte=timezone.now()
    )
    return due.order_by("next_attempt_at", "id").first()


def send_due(*, limit: int | None = None) -> SendReport:
    """Send the messages that are due, at most ``limit``; raises RelayUnreachable."""
    report = SendReport()
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        raise RelayUnreachable(str(error) or error.__class__.__name__) from error
    try:
        while limit is None or report.sent + report.retrying + report.failed < limit:
            with transaction.atomic():
                email = _claim_next()
                if email is None:
                    break
                try:
                    connection.send_messages([_message(email)])
                except (smtplib.SMTPException, OSError) as error:
                    email_failed(email=email, error=f"{error.__class__.__name__}: {error}")
                    if email.state == OutgoingEmail.State.FAILED:
                        report.failed += 1
                        logger.warning("Email %s failed for good: %s", email.pk, error)
                    else:
                        report.retrying += 1
                    if _connection_lost(error):
                        report.stopped = str(error) or error.__class__.__name__
                        break
                else:
                    email_sent(email=email)
                    report.sent += 1
    finally:
        connection.close()
    report.purged = purge_sent()
    return report


def purge_sent() -> int:
    """Delete sent messages older than NOTIFICATIONS_KEEP_DAYS: their bodies hold what the
    recipients' organisations logged, and the outbox is no archive of it."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.NOTIFICATIONS_KEEP_DAYS)
    deleted, _by_model = OutgoingEmail.objects.filter(
        state=OutgoingEmail.State.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
