"""Check-ins (strategy #5): asking a member whether its national section has contacted it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import validate_record_date
from core.models import Timestamped
from members.models import MemberOrganisation


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

    history = HistoricalRecords()

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
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} asked {self.asked_on:%Y-%m-%d}: {self.get_answer_display()}"
