"""The campaign and its outreach: goals, strategies, milestones, petitions, endorsements,
contacts between sections and member organisations, and check-ins with members."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import MemberOrganisation, Person, Timestamped
from sections.models import Section


class Campaign(Timestamped):
    """An advocacy campaign; the first is the Amnesty policy process of 2014–2016."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class Goal(Timestamped):
    """One of a campaign's numbered goals, with why it matters."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="goals"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("title"))
    why = models.TextField(_("why"), blank=True)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], name="%(app_label)s_%(class)s_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


class Strategy(Timestamped):
    """A numbered strategy serving one or more goals, with a status and a due date."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", _("Done")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="strategies"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals served"), related_name="strategies", blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], name="%(app_label)s_%(class)s_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


class Milestone(Timestamped):
    """A dated event on the campaign's timeline. Dates can be approximate ("Early 2016")."""

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")
        TBD = "tbd", _("To be determined")

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        MEDIA = "media", _("Media")
        PETITION = "petition", _("Petition")
        LETTER = "letter", _("Letter of support")
        OPPOSITION = "opposition", _("Opposition action")
        DECISION = "decision", _("Decision")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="milestones"
    )
    number = models.PositiveSmallIntegerField(_("number on the timeline"), null=True, blank=True)
    # The first day the date can mean; precision says how much of it is known.
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("date precision"), max_length=8, choices=Precision.choices, default=Precision.DAY
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_label = models.CharField(
        _("date as written"),
        max_length=100,
        blank=True,
        help_text=_('For approximate dates, as the source writes them: "Early 2016".'),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    source_links = models.TextField(_("source links"), blank=True, help_text=_("One per line."))
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["campaign", "date", "number"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message=_("The end date cannot be before the date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.source_links.splitlines() if line.strip()]


class Petition(Timestamped):
    """A petition for or against the campaign's aim, with its supporter counts over time."""

    class Position(models.TextChoices):
        FOR = "for", _("For the campaign's aim")
        AGAINST = "against", _("Against the campaign's aim")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="petitions"
    )
    title = models.CharField(_("title"), max_length=300)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    position = models.CharField(_("position"), max_length=8, choices=Position.choices)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["campaign", "opened_on"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="%(app_label)s_%(class)s_closed_not_before_opened",
                violation_error_message=_("A petition cannot close before it opened."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class SupporterCount(Timestamped):
    """A petition's number of supporters as known on a date."""

    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="supporter_counts",
    )
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("supporters"))
    note = models.TextField(_("note"), blank=True)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["petition", "date"]
        verbose_name = _("supporter count")
        verbose_name_plural = _("supporter counts")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "date"], name="%(app_label)s_%(class)s_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition}: {self.count} on {self.date:%Y-%m-%d}"


class Endorsement(Timestamped):
    """Support for the campaign's aim from an allied organisation (a letter, a promotion...)."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter of support")
        PETITION_PROMOTION = "petition-promotion", _("Promoted the petition")
        SIGNATORIES = "signatories", _("Signatories")
        PUBLIC_STATEMENT = "statement", _("Public statement")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.CharField(_("allied organisation"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["campaign", "date", "organisation"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation", "kind"],
                name="%(app_label)s_%(class)s_unique_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_kind_display()})"


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ContactQuerySet":
        """The one place that decides which contacts a user may see (deleted ones never)."""
        from accounts.roles import Role, role_of

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

    date = models.DateField(_("date"))
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
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
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
        return f"{self.date:%Y-%m-%d} {self.section} – {self.member}"

    def clean(self) -> None:
        """Name the field at fault; the database constraints above are the backstop."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.follow_up_date and self.date and self.follow_up_date < self.date:
            errors["follow_up_date"] = _("The follow-up date cannot be before the contact date.")
        if self.hours is not None and self.hours < 0:
            errors["hours"] = _("Hours cannot be negative.")
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

    @property
    def participants_label(self) -> str:
        if self.participants is None:
            return ""
        if self.participants_max and self.participants_max != self.participants:
            return f"{self.participants}–{self.participants_max}"
        return str(self.participants)

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
    asked_on = models.DateField(_("asked on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
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
