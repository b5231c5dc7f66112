"""National sections and structures of Amnesty International, with their stance on the 2015
resolution and how prepared they are for the backlash that followed it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import Timestamped
from core.regions import Region


class Section(Timestamped):
    """A national section or structure of Amnesty International, in one country ("AI Norway")."""

    class Kind(models.TextChoices):
        SECTION = "section", _("Section")
        STRUCTURE = "structure", _("Structure")
        NATIONAL_OFFICE = "national-office", _("National office")
        INTERNATIONAL_SECRETARIAT = "international-secretariat", _("International Secretariat")

    class Stance(models.TextChoices):
        VOTED_FOR = "voted-for", _("Voted for")
        VOTED_AGAINST = "voted-against", _("Voted against")
        ABSTAINED = "abstained", _("Abstained")
        UNKNOWN = "unknown", _("Unknown")

    class Preparedness(models.IntegerChoices):
        UNKNOWN = 0, _("Unknown")
        UNPREPARED = 1, _("Unprepared")
        UNDERPREPARED = 2, _("Underprepared")
        PREPARED = 3, _("Prepared")

    name = models.CharField(_("name"), max_length=200, unique=True)
    # The International Secretariat belongs to no country; every national section to exactly one.
    country = CountryField(_("country"), unique=True, null=True, blank=True)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.SECTION)
    website = models.URLField(_("website"), blank=True)
    stance = models.CharField(
        _("stance on the 2015 resolution"),
        max_length=32,
        choices=Stance.choices,
        default=Stance.UNKNOWN,
    )
    stance_note = models.TextField(_("stance note"), blank=True)
    backlash_preparedness = models.PositiveSmallIntegerField(
        _("preparedness for backlash"),
        choices=Preparedness.choices,
        default=Preparedness.UNKNOWN,
    )
    preparedness_note = models.TextField(_("preparedness note"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source_note = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        indexes = [models.Index(fields=["region"], name="sections_section_region_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.country and self.kind != self.Kind.INTERNATIONAL_SECRETARIAT:
            raise ValidationError(
                {"country": _("A national section or structure needs a country.")}
            )
