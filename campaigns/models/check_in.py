"""Check-ins (strategy #5): asking a member whether its national section has contacted it,
one at a time or many at once in a round that members answer themselves."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import validate_record_date
from core.models import Timestamped
from members.models import MemberOrganisation


class CheckInRound(Timestamped):
    """Many members asked at once which sections have contacted them since a date; each
    addressed member's focal points answer for their organisation until the round closes."""

    since = models.DateField(_("contacts since"))
    closes_on = models.DateField(_("closes on"))
    reminder_days = models.PositiveSmallIntegerField(
        _("days between reminders"),
        default=7,
        help_text=_("Members who have not answered are reminded at most once in this many days."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_in_rounds",
    )
    # Closed early by the secretariat; otherwise the round closes after ``closes_on``.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("check-in round")
        verbose_name_plural = _("check-in rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("since")),
                name="%(app_label)s_%(class)s_closes_after_since",
                violation_error_message=_("The round cannot close before the date it asks about."),
            ),
            models.CheckConstraint(
                condition=Q(reminder_days__gte=1),
                name="%(app_label)s_%(class)s_reminder_days_positive",
                violation_error_message=_("Reminders need at least one day between them."),
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in round since {self.since:%Y-%m-%d}, closes {self.closes_on:%Y-%m-%d}"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and today <= self.closes_on


class CheckIn(Timestamped):
    """Strategy #5: the secretariat asked a member whether its section had contacted it."""

    class Answer(models.TextChoices):
        CONTACTED = "contacted", _("Contacted by the section")
        NOT_CONTACTED = "not-contacted", _("Not contacted")
        NO_ANSWER = "no-answer", _("No answer yet")

    member = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        related_name="check_ins",
    )
    asked_on = models.DateField(_("asked on"), validators=[validate_record_date])
    answered_on = models.DateField(
        _("answered on"), null=True, blank=True, validators=[validate_record_date]
    )
    answer = models.CharField(
        _("answer"), max_length=16, choices=Answer.choices, default=Answer.NO_ANSWER
    )
    note = models.TextField(_("note"), blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins",
    )
    source_note = models.TextField(_("source"), blank=True)
    round = models.ForeignKey(
        CheckInRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="check_ins",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_in_answers",
    )
    # The day its focal points were last reminded (a round's reminders, at most one per interval).
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_reminded_on"])

    class Meta:
        ordering = ["-asked_on", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["member", "asked_on"], name="campaigns_checkin_member_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("asked_on")),
                name="%(app_label)s_%(class)s_answer_not_before_asked",
                violation_error_message=_("The answer cannot come before the question."),
            ),
            models.UniqueConstraint(
                fields=["round", "member"],
                condition=Q(round__isnull=False),
                name="%(app_label)s_%(class)s_once_per_round",
                violation_error_message=_("A round asks each member once."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(member)s asked on %(date)s: %(answer)s") % {
            "member": self.member,
            "date": formats.date_format(self.asked_on),
            "answer": self.get_answer_display(),
        }
