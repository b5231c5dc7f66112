"""The outbox of the tracker's email, and each user's choice of which emails to get.

An email is written to ``OutgoingEmail`` in the same transaction as the event that causes it
(a round opened, a contact logged), already rendered in the recipient's language, and sent
later by ``manage.py send_notifications``: an event that is rolled back sends nothing, and a
mail relay that is down loses nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Timestamped


class OutgoingEmail(Timestamped):
    """One message to one person, from the moment it is queued until it is sent or given up."""

    class Kind(models.TextChoices):
        CHECK_IN_INVITATION = "check-in-invitation", _("Check-in invitation")
        CHECK_IN_REMINDER = "check-in-reminder", _("Check-in reminder")
        DIGEST = "digest", _("Weekly digest")
        CONTACT_NOTICE = "contact-notice", _("Contact logged with your organisation")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Kept when the user is deleted: the message is a record of what was sent to the address.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_emails",
    )
    to_address = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=16)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # The one-click link that stops this kind of email (List-Unsubscribe); blank when it cannot.
    stop_url = models.URLField(_("stop link"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outbox")
        indexes = [
            # The sender's one question: which queued messages are due, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                name="notifications_email_due_idx",
                condition=Q(state="queued"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_has_time",
                violation_error_message=_("A sent message has the time it was sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_address} ({self.get_state_display()})"


class EmailPreferences(models.Model):
    """Which of the optional emails a user gets. No row means every one of them.

    A check-in invitation always goes out: it is the question itself, sent once per round.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=True,
        help_text=_("Your open and overdue follow-ups, and what was logged for your organisation."),
    )
    contact_notices = models.BooleanField(
        _("contacts logged with my organisation"),
        default=True,
        help_text=_("When the secretariat logs a contact with your organisation."),
    )
    check_in_reminders = models.BooleanField(
        _("check-in reminders"),
        default=True,
        help_text=_("Reminders of a check-in your organisation has not answered yet."),
    )

    class Meta:
        verbose_name = _("email preferences")
        verbose_name_plural = _("email preferences")

    def __str__(self) -> str:
        return f"Email preferences of {self.user}"


# The preference that turns each optional kind off; the kinds not named here always go out.
PREFERENCE_OF_KIND: dict[str, str] = {
    OutgoingEmail.Kind.DIGEST: "weekly_digest",
    OutgoingEmail.Kind.CONTACT_NOTICE: "contact_notices",
    OutgoingEmail.Kind.CHECK_IN_REMINDER: "check_in_reminders",
}
