"""Reads of email preferences."""

from accounts.models import User
from notifications.models import EmailPreferences


def email_preferences_of(*, user: User) -> EmailPreferences:
    """The user's choices; an unsaved row with every email on when none was saved."""
    return EmailPreferences.objects.filter(user=user).first() or EmailPreferences(user=user)
