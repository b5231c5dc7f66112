"""The resource library: documents and links for members, such as strategy 6's advocacy guide.

A resource is not personal data, but some are the secretariat's working papers: each says who
may see it. An uploaded file is private (core.storage) and is handed out only by
``campaigns.views.resources.resource_download`` after the same check as the list.
"""

import secrets

from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import Role, role_of
from campaigns.models.campaign import Strategy
from core.models import Timestamped
from core.uploads import KINDS, check_upload


class ResourceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ResourceQuerySet":
        """Every role sees the resources for everyone; the secretariat sees all of them."""
        role = role_of(user)
        if role is None:
            return self.none()
        if role in (Role.ADMIN, Role.STAFF):
            return self
        return self.filter(audience=Resource.Audience.EVERYONE)


def resource_file_name(instance: "Resource", filename: str) -> str:
    """A random name on disk: the uploader's name is kept apart, for the download only."""
    extension = next(
        (kind.extensions[0] for kind in KINDS if kind.content_type == instance.content_type), ""
    )
    return f"resources/{secrets.token_hex(16)}{extension}"


class Resource(Timestamped):
    """A document or link for members: a guide, a briefing, a statement, a template."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        BRIEFING = "briefing", _("Briefing")
        STATEMENT = "statement", _("Statement")
        TEMPLATE = "template", _("Template")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone signed in with a role")
        SECRETARIAT = "secretariat", _("Secretariat only")

    title = models.CharField(_("title"), max_length=300)
    # Any language, not only the tracker's five; blank when the source does not say.
    language = models.CharField(
        _("language"), max_length=10, choices=global_settings.LANGUAGES, blank=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
    )
    audience = models.CharField(
        _("who may see it"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.SECRETARIAT,
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=resource_file_name,
        max_length=200,
        blank=True,
        help_text=_("PDF, DOCX, XLSX, ODT, PNG, JPEG or plain text."),
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()
    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [models.Index(fields=["audience"], name="campaigns_resource_aud_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Check a newly uploaded file by its content and remember what it is."""
        # FieldFile._committed: False until the new upload is saved (absent from the stubs).
        if self.file and not self.file._committed:  # type: ignore[attr-defined]
            try:
                kind = check_upload(self.file, max_bytes=settings.RESOURCE_MAX_BYTES)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None
            self.content_type = kind.content_type
            self.file_name = (self.file.name or "").rsplit("/", 1)[-1][:200]
        elif not self.file:
            self.content_type = ""
            self.file_name = ""
