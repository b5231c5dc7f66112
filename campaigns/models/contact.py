"""A contact: one logged interaction between a section and a member organisation."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import Role, role_of
from campaigns.models.campaign import Strategy
from core.dates import validate_plan_date, validate_record_date
from core.models import Timestamped
from core.periods import DatePrecision, normalise, period_end, period_label
from core.ranges import range_text
from members.models import MemberOrganisation, Person
from sections.models import Section


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ContactQuerySet":
        """The one place that decides which contacts a user may see (deleted ones never)."""
        role = role_of(user)
        live = self.filter(deleted_at__isnull=True)
        if role is None:
            return self.none()
        if role == Role.FOCAL_POINT:
            return live.filter(member_id=user.member_id)
        return live


class Contact(Timestamped):
    """One logged interaction between a section and a member organisation: the unit of outreach."""

    class InitiatedBy(models.TextChoices):
        SECTION = "section", _("Section")
        MEMBER = "member", _("Member organisation")
        UNKNOWN = "unknown", _("Unknown")

    class Formality(models.TextChoices):
        FORMAL = "formal", _("Formal")
        INFORMAL = "informal", _("Informal")

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        WORKSHOP = "workshop", _("Workshop or training")
        PRESENTATION = "presentation", _("Panel or presentation")
        EMAIL = "email", _("Email")
        CALL = "call", _("Call")
        CONFERENCE = "conference", _("Conference or AGM")
        DEMONSTRATION = "demonstration", _("Demonstration")
        MEDIA = "media", _("Media")
        CONSULTATION = "consultation", _("Consultation submission")
        OTHER = "other", _("Other")

    DatePrecision = DatePrecision

    # The first day the date can mean: a month's 1st, a year's 1 January, a range's start.
    date = models.DateField(_("date"), validators=[validate_record_date])
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        # Rows written by COPY (demo data, bulk loads) that leave it out are dated to the day.
        db_default=DatePrecision.DAY,
        help_text=_("For a month or a year, any day in it will do; only that is kept."),
    )
    date_end = models.DateField(
        _("until"),
        null=True,
        blank=True,
        validators=[validate_record_date],
        help_text=_("Only for a contact known to fall between two dates: the last one."),
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="contacts"
    )
    member = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    initiated_by = models.CharField(
        _("initiated by"), max_length=16, choices=InitiatedBy.choices, default=InitiatedBy.UNKNOWN
    )
    # Blank when the source does not say ("contacted either formally or informally").
    formality = models.CharField(
        _("formality"), max_length=16, choices=Formality.choices, blank=True
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy served"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    summary = models.TextField(_("summary"))
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up = models.TextField(_("follow-up action"), blank=True)
    follow_up_date = models.DateField(
        _("follow-up date"), null=True, blank=True, validators=[validate_plan_date]
    )
    follow_up_done_on = models.DateField(
        _("follow-up done on"), null=True, blank=True, validators=[validate_record_date]
    )
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_follow_ups",
        help_text=_("Who will do it. They see it under “My follow-ups”."),
    )
    people = models.ManyToManyField(
        Person, verbose_name=_("people involved"), related_name="contacts", blank=True
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_max = models.PositiveIntegerField(
        _("participants (upper bound)"),
        null=True,
        blank=True,
        help_text=_('For a range such as "15–18 people".'),
    )
    hours = models.DecimalField(
        _("hours given by sex workers"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    hours_paid = models.BooleanField(_("sex workers were paid"), null=True, blank=True)
    notes = models.TextField(_("private notes"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logged_contacts",
    )
    # Optimistic locking: an edit must carry the version it started from.
    version = models.PositiveIntegerField(_("version"), default=1)
    # Deletes are soft so that an admin can restore them.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    source_note = models.TextField(_("source"), blank=True)
    # The check-in answer that reported this contact, when a member reported it in a round.
    check_in = models.ForeignKey(
        "campaigns.CheckIn",
        verbose_name=_("reported in check-in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_contacts",
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["-date", "-id"], name="campaigns_contact_date_idx"),
            models.Index(fields=["section", "date"], name="campaigns_contact_section_idx"),
            models.Index(fields=["member", "date"], name="campaigns_contact_member_idx"),
            models.Index(
                fields=["follow_up_date"],
                name="campaigns_contact_followup_idx",
                condition=Q(follow_up_date__isnull=False, follow_up_done_on__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_precision=DatePrecision.DAY, date_end__isnull=True)
                | Q(date_precision=DatePrecision.MONTH, date__day=1, date_end__isnull=True)
                | Q(
                    date_precision=DatePrecision.YEAR,
                    date__month=1,
                    date__day=1,
                    date_end__isnull=True,
                )
                | Q(
                    date_precision=DatePrecision.RANGE,
                    date_end__isnull=False,
                    date_end__gte=F("date"),
                ),
                name="%(app_label)s_%(class)s_date_precision_shape",
                violation_error_message=_(
                    "A range needs an end not before its start; other precisions have no end, "
                    "and a month or a year is stored as its first day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(follow_up_date__isnull=True) | Q(follow_up_date__gte=F("date")),
                name="%(app_label)s_%(class)s_follow_up_not_before_date",
                violation_error_message=_("The follow-up date cannot be before the contact date."),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="%(app_label)s_%(class)s_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(participants_max__isnull=True)
                | Q(participants__isnull=False, participants_max__gte=F("participants")),
                name="%(app_label)s_%(class)s_participants_range",
                violation_error_message=_(
                    "The upper bound of participants cannot be below the lower bound."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{formats.date_format(self.date)} {self.section} – {self.member}"

    def clean(self) -> None:
        """Name the field at fault; the database constraints above are the backstop."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.date:
            self.date = normalise(self.date, self.date_precision)
        if self.date_precision != DatePrecision.RANGE:
            self.date_end = None
        elif self.date_end is None:
            errors["date_end"] = _("Give the last day the contact can have happened.")
        elif self.date and self.date_end < self.date:
            errors["date_end"] = _("The end of the period cannot be before its start.")
        if self.follow_up_date and self.date and self.follow_up_date < self.date:
            errors["follow_up_date"] = _("The follow-up date cannot be before the contact date.")
        if self.hours is not None and self.hours < 0:
            errors["hours"] = _("Hours cannot be negative.")
        if self.follow_up_owner_id and not self.owner_may_see(self.follow_up_owner):
            errors["follow_up_owner"] = _(
                "The owner must be able to open the contact: someone of the secretariat or a "
                "focal point of this member organisation."
            )
        if (
            self.participants_max is not None
            and self.participants is not None
            and self.participants_max < self.participants
        ):
            errors["participants_max"] = _(
                "The upper bound of participants cannot be below the lower bound."
            )
        if errors:
            raise ValidationError(errors)

    def owner_may_see(self, user) -> bool:
        """Whether ``user`` may own this contact's follow-up: only someone who can open it."""
        role = role_of(user)
        if role in (Role.ADMIN, Role.STAFF):
            return True
        return role == Role.FOCAL_POINT and user.member_id == self.member_id

    @property
    def date_label(self) -> str:
        """The date as written: "11 Aug 2015", "August 2015", "2015" or a range."""
        return period_label(self.date, self.date_precision, self.date_end)

    @property
    def date_is_approximate(self) -> bool:
        return self.date_precision != DatePrecision.DAY

    @property
    def date_last(self):
        """The last day the contact can have happened."""
        return period_end(self.date, self.date_precision, self.date_end)

    @property
    def participants_label(self) -> str:
        return range_text(self.participants, self.participants_max, dash="–")

    @property
    def follow_up_state(self) -> str:
        """One of the `follow_up` filter's values: open, overdue, done or none."""
        if not self.follow_up and not self.follow_up_date:
            return "none"
        if self.follow_up_done_on:
            return "done"
        if self.follow_up_date and self.follow_up_date < timezone.localdate():
            return "overdue"
        return "open"
