"""The outbox: queued messages go out through a real SMTP server exactly once, a relay that is
down loses nothing, a refused message is retried with backoff and kept when given up."""

import datetime
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.sending import RelayUnreachable, send_due
from notifications.services import email_requeue, retry_delay
from tests.factories import OutgoingEmailFactory
from tests.smtp_server import body_of, smtp_server  # noqa: F401


def states():
    return sorted(OutgoingEmail.objects.values_list("to_address", "state", "attempts"))


def test_due_messages_go_out_once_however_often_the_sender_runs(smtp_server, db):  # noqa: F811
    OutgoingEmailFactory(to_address="a@example.org", subject="One", body_html="<p>One</p>")
    OutgoingEmailFactory(to_address="b@example.org", subject="Two")
    OutgoingEmailFactory(
        to_address="c@example.org", next_attempt_at=timezone.now() + datetime.timedelta(hours=1)
    )

    call_command("send_notifications")
    call_command("send_notifications")

    assert sorted(m["To"] for m in smtp_server.messages) == ["a@example.org", "b@example.org"]
    one = next(m for m in smtp_server.messages if m["Subject"] == "One")
    assert body_of(one, "html") == "<p>One</p>"
    assert body_of(one).strip() == "Hello."
    assert states() == [
        ("a@example.org", "sent", 1),
        ("b@example.org", "sent", 1),
        ("c@example.org", "queued", 0),
    ]
    assert OutgoingEmail.objects.filter(state="sent", sent_at__isnull=True).count() == 0


def test_stop_link_travels_as_list_unsubscribe(smtp_server, db):  # noqa: F811
    OutgoingEmailFactory(stop_url="https://tracker.example.org/emails/stop/abc/")
    send_due()
    assert smtp_server.messages[0]["List-Unsubscribe"] == (
        "<https://tracker.example.org/emails/stop/abc/>"
    )


def test_relay_down_keeps_every_message_queued_until_it_is_back(smtp_server, db):  # noqa: F811
    OutgoingEmailFactory.create_batch(3)
    smtp_server.stop()

    with pytest.raises(CommandError, match="cannot be reached"):
        call_command("send_notifications")
    assert [state for _to, state, _n in states()] == ["queued"] * 3

    smtp_server.start()
    call_command("send_notifications")
    assert len(smtp_server.messages) == 3
    assert [state for _to, state, _n in states()] == ["sent"] * 3


def test_refused_message_is_retried_with_backoff_then_kept_as_failed(
    smtp_server,  # noqa: F811
    settings,
    db,
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    smtp_server.refuse.add("refused@example.org")
    refused = OutgoingEmailFactory(to_address="refused@example.org")
    OutgoingEmailFactory(to_address="fine@example.org")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        report = send_due()
    refused.refresh_from_db()
    assert (report.sent, report.retrying) == (1, 1)
    assert (refused.state, refused.attempts) == ("queued", 1)
    assert refused.next_attempt_at == start + datetime.timedelta(seconds=60)
    assert "Recipient refused" in refused.last_error

    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        assert send_due().retrying == 0  # not due yet
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        send_due()
    refused.refresh_from_db()
    assert refused.attempts == 2
    assert refused.next_attempt_at == start + datetime.timedelta(seconds=61 + 120)
    with time_machine.travel(start + datetime.timedelta(seconds=200), tick=False):
        assert send_due().failed == 1
    refused.refresh_from_db()
    assert (refused.state, refused.attempts) == ("failed", 3)
    assert refused.body_text == "Hello."

    smtp_server.refuse.clear()
    assert email_requeue(emails=OutgoingEmail.objects.all()) == 1
    send_due()
    refused.refresh_from_db()
    assert refused.state == "sent"
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "fine@example.org",
        "refused@example.org",
    ]


def test_backoff_doubles_and_stops_at_a_day(settings):
    settings.NOTIFICATIONS_RETRY_SECONDS = 300
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [300, 600, 1200]
    assert retry_delay(20) == datetime.timedelta(days=1)


def test_sent_messages_are_deleted_after_the_keeping_period(smtp_server, settings, db):  # noqa: F811
    settings.NOTIFICATIONS_KEEP_DAYS = 90
    old = OutgoingEmailFactory(state="sent", sent_at=timezone.now() - datetime.timedelta(days=91))
    recent = OutgoingEmailFactory(state="sent", sent_at=timezone.now())
    failed = OutgoingEmailFactory(state="failed")
    send_due()
    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}
    assert not OutgoingEmail.objects.filter(pk=old.pk).exists()


def test_limit_option_sends_at_most_that_many(smtp_server, db):  # noqa: F811
    OutgoingEmailFactory.create_batch(3)
    call_command("send_notifications", "--limit", "2")
    assert len(smtp_server.messages) == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks: one sender at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_message_once(smtp_server):  # noqa: F811
    OutgoingEmailFactory.create_batch(12)
    barrier = threading.Barrier(2)
    errors = []

    def sender():
        try:
            barrier.wait()
            send_due()
        except Exception as error:  # reported below, with the thread's failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(smtp_server.messages) == 12
    assert len({m["To"] for m in smtp_server.messages}) == 12
    assert OutgoingEmail.objects.filter(state="sent", attempts=1).count() == 12


def test_relay_unreachable_is_raised_before_anything_is_touched(settings, db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: nothing listens
    settings.EMAIL_TIMEOUT = 2
    email = OutgoingEmailFactory()
    with pytest.raises(RelayUnreachable):
        send_due()
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("queued", 0)
