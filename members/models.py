"""NSWP's member organisations and the people who are their focal points.

A member's name can be withheld: some organisations would be put at risk by being named, so
anyone without personal-data access sees "Member organisation in <country> (name withheld)".
That is not the same fact as a placeholder: a member a source mentions without naming it
("twelve members contacted ... AI Norway") is recorded with ``placeholder`` on, shown to
everyone as "Member organisation in <country> (not named in the source)", until the real
organisation is known and the two are merged.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField
from simple_history.models import HistoricalRecords

from accounts.roles import Role, role_of
from core.dates import validate_record_date
from core.models import Timestamped
from core.regions import Region


class MemberOrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MemberOrganisationQuerySet":
        """Members a user may open: every one, but a focal point only its own."""
        role = role_of(user)
        if role is None:
            return self.none()
        if role == Role.FOCAL_POINT:
            return self.filter(pk=user.member_id)
        return self


class MemberOrganisation(Timestamped):
    """A sex worker-led organisation or network that is a member of NSWP."""

    class Kind(models.TextChoices):
        SEX_WORKER_LED = "sex-worker-led", _("Sex worker-led organisation")
        NATIONAL_NETWORK = "national-network", _("National network")
        REGIONAL_NETWORK = "regional-network", _("Regional network")
        ALLY = "ally", _("Ally")

    class Size(models.TextChoices):
        VOLUNTEER_LED = "volunteer-led", _("Volunteer-led, small")
        STAFFED = "staffed", _("Staffed")
        UNKNOWN = "unknown", _("Unknown")

    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        APPLICANT = "applicant", _("Applicant")
        FORMER = "former", _("Former member")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    country: "models.Field[str, Country]" = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=32, choices=Region.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, default=Kind.SEX_WORKER_LED
    )
    size = models.CharField(_("size"), max_length=32, choices=Size.choices, default=Size.UNKNOWN)
    status = models.CharField(
        _("membership status"), max_length=32, choices=Status.choices, default=Status.MEMBER
    )
    joined = models.DateField(_("joined"), null=True, blank=True, validators=[validate_record_date])
    name_public = models.BooleanField(
        _("name may be shown publicly"),
        default=False,
        help_text=_("Off means people without personal-data access see the name withheld."),
    )
    placeholder = models.BooleanField(
        _("not named in the source"),
        default=False,
        help_text=_(
            "On for a member a source mentions without naming it. Merge it into the real "
            "organisation once known."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    source_note = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()
    objects = MemberOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        indexes = [
            models.Index(fields=["region"], name="members_member_region_idx"),
            models.Index(fields=["country"], name="members_member_country_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def withheld_name(self) -> str:
        return _("Member organisation in %(country)s (name withheld)") % {
            "country": self.country.name
        }

    @property
    def placeholder_name(self) -> str:
        return _("Member organisation in %(country)s (not named in the source)") % {
            "country": self.country.name
        }

    # The columns display_name reads: lists of names load only these.
    DISPLAY_NAME_FIELDS = ("id", "name", "name_public", "placeholder", "country")

    def identified(self, *, personal_data: bool) -> bool:
        """Whether a reader may know which organisation this is: its name, and the facts that
        would give the name away (acronym, city, website, kind, size, when it joined)."""
        return not self.placeholder and (self.name_public or personal_data)

    def display_name(self, *, personal_data: bool) -> str:
        """The name as a given reader may see it."""
        if self.placeholder:
            return self.placeholder_name
        if self.identified(personal_data=personal_data):
            return self.name
        return self.withheld_name


class Person(Timestamped):
    """An individual: a focal point at a member, a section's staff member, or one of NSWP's
    secretariat. Personal data."""

    name = models.CharField(_("name or pseudonym"), max_length=200)
    member = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    section = models.ForeignKey(
        "sections.Section",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    nswp_secretariat = models.BooleanField(
        _("NSWP secretariat"),
        default=False,
        help_text=_("On for NSWP's own staff, who belong to no member or section."),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=50, blank=True)
    speaks_to_media = models.BooleanField(_("can speak to media"), default=False)
    public_as_sex_worker = models.BooleanField(
        _("public as a sex worker"),
        default=False,
        help_text=_("Never required. Only tick it if the person has said so themselves."),
    )
    notes = models.TextField(_("notes"), blank=True)
    source_note = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, section__isnull=True, nswp_secretariat=False)
                | Q(member__isnull=True, section__isnull=False, nswp_secretariat=False)
                | Q(member__isnull=True, section__isnull=True, nswp_secretariat=True),
                name="%(app_label)s_%(class)s_one_organisation",
                violation_error_message=_(
                    "A person belongs to exactly one organisation: a member, a section or "
                    "NSWP's secretariat."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self):
        return self.member or self.section
