"""Writes of the outbox and of email preferences.

``email_queue`` is called inside the transaction of the event that causes the email (it joins
it), so the message exists exactly when the event does. It renders the message at once, in
the recipient's language, from three templates: ``<template>_subject.txt``,
``<template>.txt`` and ``<template>.html``.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from notifications.language import language_of
from notifications.models import PREFERENCE_OF_KIND, EmailPreferences, OutgoingEmail
from notifications.tokens import stop_token


def absolute_url(path: str) -> str:
    """A link for an email: the tracker's public address (TRACKER_URL) and the path."""
    return settings.TRACKER_URL + path


def wants(user: User, kind: str) -> bool:
    """Whether the user gets this kind of email (one query for the optional kinds)."""
    preference = PREFERENCE_OF_KIND.get(kind)
    if preference is None:
        return True
    chosen = EmailPreferences.objects.filter(user=user).values_list(preference, flat=True)
    return next(iter(chosen), True)


@transaction.atomic
def email_queue(
    *, recipient: User, kind: str, template: str, context: dict[str, Any] | None = None
) -> OutgoingEmail | None:
    """Queue one email to ``recipient``; None when the user has no address, is inactive, or
    has turned this kind of email off."""
    if not recipient.is_active or not recipient.email or not wants(recipient, kind):
        return None
    preference = PREFERENCE_OF_KIND.get(kind)
    stop_url = (
        absolute_url(
            reverse(
                "notifications:stop",
                args=[stop_token(user_id=recipient.pk, preference=preference)],
            )
        )
        if preference
        else ""
    )
    language = language_of(recipient)
    with translation.override(language):
        full_context = {
            **(context or {}),
            "recipient": recipient,
            "language": language,
            "tracker_url": settings.TRACKER_URL,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "stop_url": stop_url,
        }
        subject = render_to_string(f"{template}_subject.txt", full_context)
        body_text = render_to_string(f"{template}.txt", full_context)
        body_html = render_to_string(f"{template}.html", full_context)
    email = OutgoingEmail(
        recipient=recipient,
        to_address=recipient.email,
        language=language,
        kind=kind,
        subject=" ".join(subject.split())[:255],
        body_text=body_text.strip() + "\n",
        body_html=body_html.strip(),
        stop_url=stop_url,
    )
    email.full_clean()
    email.save()
    return email


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the ``attempts``-th failure: doubling from
    NOTIFICATIONS_RETRY_SECONDS, never more than a day."""
    seconds = settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 24 * 60 * 60))


def email_sent(*, email: OutgoingEmail) -> None:
    email.state = OutgoingEmail.State.SENT
    email.sent_at = timezone.now()
    email.attempts += 1
    email.last_error = ""
    email.save(update_fields=["state", "sent_at", "attempts", "last_error", "updated_at"])


def email_failed(*, email: OutgoingEmail, error: str) -> None:
    """Count a failed attempt: try again later, or give up after NOTIFICATIONS_MAX_ATTEMPTS
    (the message stays in the outbox, where an admin can queue it again)."""
    email.attempts += 1
    email.last_error = error[:2000]
    if email.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        email.state = OutgoingEmail.State.FAILED
    else:
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
    email.save(update_fields=["attempts", "last_error", "state", "next_attempt_at", "updated_at"])


@transaction.atomic
def email_requeue(*, emails) -> int:
    """Queue failed messages again, due now, with their attempts counted from zero."""
    return emails.filter(state=OutgoingEmail.State.FAILED).update(
        state=OutgoingEmail.State.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )


@transaction.atomic
def email_preferences_update(*, user: User, **choices: bool) -> EmailPreferences:
    preferences, _created = EmailPreferences.objects.get_or_create(user=user)
    for name, value in choices.items():
        setattr(preferences, name, value)
    preferences.full_clean()
    preferences.save()
    return preferences
