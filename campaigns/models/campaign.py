"""The campaign itself: its goals and strategies, timeline, petitions and endorsements."""

from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import validate_plan_date, validate_record_date
from core.models import Timestamped


class Campaign(Timestamped):
    """An advocacy campaign; the first is the Amnesty policy process of 2014–2016."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(
        _("starts on"), null=True, blank=True, validators=[validate_plan_date]
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[validate_plan_date])
    # The size of each side, as known: the dashboard sets recorded figures against it.
    nswp_members = models.PositiveIntegerField(
        _("NSWP member organisations"), null=True, blank=True
    )
    nswp_countries = models.PositiveIntegerField(
        _("countries with NSWP members"), null=True, blank=True
    )
    amnesty_countries = models.PositiveIntegerField(
        _("countries with Amnesty offices"), null=True, blank=True
    )
    network_note = models.TextField(
        _("network size as written"),
        blank=True,
        help_text=_('Where the figures come from and how exact they are: "close to 70".'),
    )
    source_links = models.TextField(_("source links"), blank=True, help_text=_("One per line."))
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.source_links.splitlines() if line.strip()]


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
    due_on = models.DateField(_("due date"), null=True, blank=True, validators=[validate_plan_date])
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
    date = models.DateField(_("date"), validators=[validate_plan_date])
    precision = models.CharField(
        _("date precision"), max_length=8, choices=Precision.choices, default=Precision.DAY
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_plan_date]
    )
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
        return f"{formats.date_format(self.date)} {self.title}"

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
    opened_on = models.DateField(
        _("opened on"), null=True, blank=True, validators=[validate_plan_date]
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[validate_plan_date]
    )
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
    date = models.DateField(_("date"), validators=[validate_record_date])
    count = models.PositiveIntegerField(_("supporters"))
    count_as_written = models.CharField(
        _("supporters as written"),
        max_length=100,
        blank=True,
        help_text=_('When the source gives no exact figure: "just over 8,000".'),
    )
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
        return gettext("%(petition)s: %(count)s on %(date)s") % {
            "petition": self.petition,
            "count": formats.number_format(self.count, force_grouping=True),
            "date": formats.date_format(self.date),
        }


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
    date = models.DateField(_("date"), null=True, blank=True, validators=[validate_record_date])
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
