"""What happened around the outreach, as it happened: a section's position on
decriminalisation over time, the opposition and media events of the landscape, and what a
section asks of a member organisation.

Each is dated as a contact is (a day, a month, a year or between two dates, see
``core.periods``) and names its source, because the case study's facts are often known only
roughly and every reading of the text must be visible.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.roles import Role, role_of
from campaigns.models.contact import Contact
from core.dates import validate_plan_date, validate_record_date
from core.models import Timestamped
from core.periods import DatePrecision, normalise, period_end, period_label
from members.models import MemberOrganisation
from sections.models import Section


def _period_shape() -> Q:
    """The stored shape of a date with its precision: the same rule as a contact's."""
    return (
        Q(date_precision=DatePrecision.DAY, date_end__isnull=True)
        | Q(date_precision=DatePrecision.MONTH, date__day=1, date_end__isnull=True)
        | Q(date_precision=DatePrecision.YEAR, date__month=1, date__day=1, date_end__isnull=True)
        | Q(date_precision=DatePrecision.RANGE, date_end__isnull=False, date_end__gte=F("date"))
    )


_SHAPE_MESSAGE = _(
    "A range needs an end not before its start; other precisions have no end, and a month or "
    "a year is stored as its first day."
)


class Dated(Timestamped):
    """A date known to a day, a month, a year or between two dates, as on a contact."""

    DatePrecision = DatePrecision

    date = models.DateField(_("date"), validators=[validate_record_date])
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("For a month or a year, any day in it will do; only that is kept."),
    )
    date_end = models.DateField(
        _("until"),
        null=True,
        blank=True,
        validators=[validate_record_date],
        help_text=_("Only for a date known to fall between two dates: the last one."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        """Store a month or a year as its first day; name the end at fault."""
        if self.date:
            self.date = normalise(self.date, self.date_precision)
        if self.date_precision != DatePrecision.RANGE:
            self.date_end = None
        elif self.date_end is None:
            raise ValidationError({"date_end": _("Give the last day the period can mean.")})
        elif self.date and self.date_end < self.date:
            raise ValidationError(
                {"date_end": _("The end of the period cannot be before its start.")}
            )

    @property
    def date_label(self) -> str:
        return period_label(self.date, self.date_precision, self.date_end)


class SectionPosition(Dated):
    """A section's stated position on decriminalisation at a date, with what it committed to
    and what it refused. Its vote on the 2015 resolution stays its own fact (Section.stance).

    ``known_by`` is the last day the date can mean: a position dated "between 11 August and
    30 November 2015" is certain to have been stated by 30 November, so that is when it
    counts as held (``campaigns.positions``)."""

    class Position(models.TextChoices):
        SUPPORTS = "supports", _("Supports decriminalisation")
        NEUTRAL = "neutral", _("Neutral")
        OPPOSES = "opposes", _("Opposes decriminalisation")
        UNKNOWN = "unknown", _("Unknown")

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="positions"
    )
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    committed_to = models.TextField(_("committed to"), blank=True)
    refused = models.TextField(_("refused"), blank=True)
    evidence_links = models.TextField(_("evidence links"), blank=True, help_text=_("One per line."))
    source_note = models.TextField(_("source"), blank=True)
    known_by = models.DateField(_("known by"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "known_by", "date", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [
            models.Index(fields=["section", "known_by"], name="campaigns_position_known_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=_period_shape(),
                name="%(app_label)s_%(class)s_date_precision_shape",
                violation_error_message=_SHAPE_MESSAGE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} – {self.get_position_display()} ({self.date_label})"

    def save(self, *args, **kwargs):
        self.known_by = period_end(self.date, self.date_precision, self.date_end)
        super().save(*args, **kwargs)

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EventQuerySet":
        """Events name members and their answers: the roles that read rows, not viewers."""
        if role_of(user) in (Role.ADMIN, Role.STAFF, Role.FOCAL_POINT):
            return self.all()
        return self.none()


class Event(Dated):
    """Something in the opposition and media landscape: a protest, a hashtag campaign, a
    statement, an article, a counter-action; dated, in one or more countries."""

    class Kind(models.TextChoices):
        PROTEST = "protest", _("Protest")
        HASHTAG = "hashtag", _("Hashtag campaign")
        STATEMENT = "statement", _("Statement")
        ARTICLE = "article", _("Article")
        INTERVIEW = "interview", _("Interview")
        COUNTER_ACTION = "counter-action", _("Counter-action")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    actors = models.TextField(_("actors"), blank=True, help_text=_("Who did it, as known."))
    links = models.TextField(_("links"), blank=True, help_text=_("One per line."))
    sections = models.ManyToManyField(
        Section, verbose_name=_("sections involved"), related_name="events", blank=True
    )
    members = models.ManyToManyField(
        MemberOrganisation,
        verbose_name=_("member organisations involved"),
        related_name="events",
        blank=True,
    )
    member_response = models.TextField(_("how members responded"), blank=True)
    source_note = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["-date", "-id"], name="campaigns_event_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=_period_shape(),
                name="%(app_label)s_%(class)s_date_precision_shape",
                violation_error_message=_SHAPE_MESSAGE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.date_label} {self.title}"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class SectionRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SectionRequestQuerySet":
        """As contacts: the secretariat sees all, a focal point its organisation's only."""
        role = role_of(user)
        if role in (Role.ADMIN, Role.STAFF):
            return self.all()
        if role == Role.FOCAL_POINT:
            return self.filter(member_id=user.member_id)
        return self.none()


class SectionRequest(Dated):
    """A section asking a member organisation for something (a panel, a speaker, a training,
    input to a consultation, media contacts), and where that stands.

    ``date`` is when the section asked. ``carried_by`` is the contact in which it asked;
    ``became`` the contact the request turned into once done."""

    class Kind(models.TextChoices):
        PANEL = "panel", _("Panel")
        SPEAKER = "speaker", _("Speaker")
        TRAINING = "training", _("Training")
        CONSULTATION = "consultation", _("Input to a consultation")
        MEDIA_CONTACTS = "media-contacts", _("Media contacts")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="requests"
    )
    member = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    kind = models.CharField(_("what is asked"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    description = models.TextField(_("description"))
    due_on = models.DateField(_("due date"), null=True, blank=True, validators=[validate_plan_date])
    paid = models.BooleanField(_("sex workers will be paid"), null=True, blank=True)
    payment = models.CharField(
        _("how much"), max_length=200, blank=True, help_text=_('As agreed: "USD 150 a speaker".')
    )
    hours = models.DecimalField(
        _("hours asked of sex workers"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    carried_by = models.ForeignKey(
        Contact,
        verbose_name=_("contact that carried it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_carried",
    )
    became = models.ForeignKey(
        Contact,
        verbose_name=_("contact it became"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_done",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_requests",
        editable=False,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    source_note = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()
    objects = SectionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["section", "date"], name="campaigns_request_section_idx"),
            models.Index(fields=["member", "date"], name="campaigns_request_member_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_period_shape(),
                name="%(app_label)s_%(class)s_date_precision_shape",
                violation_error_message=_SHAPE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="%(app_label)s_%(class)s_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(became__isnull=True) | Q(status="done"),
                name="%(app_label)s_%(class)s_became_only_when_done",
                violation_error_message=_("Only a done request became a contact."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section} → {self.member}: {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.hours is not None and self.hours < 0:
            errors["hours"] = _("Hours cannot be negative.")
        if self.became_id and self.status != self.Status.DONE:
            errors["became"] = _("Only a done request became a contact.")
        for name in ("carried_by", "became"):
            contact = getattr(self, name)
            if contact is not None and (
                contact.section_id != self.section_id or contact.member_id != self.member_id
            ):
                errors[name] = _("The contact must be between the same section and member.")
        if self.paid is not True and self.payment:
            errors["payment"] = _("An amount goes with a request whose sex workers are paid.")
        if errors:
            raise ValidationError(errors)

    @property
    def date_last(self):
        return period_end(self.date, self.date_precision, self.date_end)
