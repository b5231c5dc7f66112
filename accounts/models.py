"""Accounts of the people who use the tracker, their API tokens, and the audit log of what
they did.

Roles are Django groups (see accounts.roles); a member focal point is also tied to exactly
one member organisation through ``User.member``.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Focal points carry the member organisation they speak for."""

    member = models.ForeignKey(
        "members.MemberOrganisation",
        verbose_name=_("member organisation (focal points)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
    )
    # The language of the pages after sign-in and of every email to this user; blank follows
    # the browser (accounts.language).
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Pages after sign-in and emails use it. Empty: the browser's language."),
    )

    # Set on the request's user by django-otp's OTPMiddleware: signed in with a second factor.
    is_verified: Callable[[], bool]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")


class AuditEvent(models.Model):
    """Something worth knowing later: a sign-in, a failed sign-in, an export, a person opened,
    the public numbers page turned on or off, contacts changed in bulk, two records merged."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign-in", _("Signed in")
        SIGN_IN_FAILED = "sign-in-failed", _("Failed sign-in")
        SIGN_OUT = "sign-out", _("Signed out")
        EXPORT = "export", _("Export")
        PERSON_VIEWED = "person-viewed", _("Person record opened")
        ACCESS_CHANGED = "access-changed", _("Access changed")
        LOCKED_OUT = "locked-out", _("Locked out after failed sign-ins")
        TWO_FACTOR_ENABLED = "two-factor-enabled", _("Two-factor sign-in set up")
        TWO_FACTOR_FAILED = "two-factor-failed", _("Wrong two-factor code")
        TWO_FACTOR_CEILING = "two-factor-ceiling", _("Many wrong two-factor codes, admins told")
        RECOVERY_CODE_USED = "recovery-code-used", _("Recovery code used")
        PERSON_ERASED = "person-erased", _("Person erased")
        PUBLIC_PAGE_ON = "public-page-on", _("Public numbers page turned on")
        PUBLIC_PAGE_OFF = "public-page-off", _("Public numbers page turned off")
        API_TOKEN_CREATED = "api-token-created", _("API token created")
        API_TOKEN_REVOKED = "api-token-revoked", _("API token revoked")
        CONTACTS_BULK_CHANGED = "contacts-bulk-changed", _("Contacts changed in bulk")
        MEMBERS_MERGED = "members-merged", _("Member organisations merged")
        SECTIONS_MERGED = "sections-merged", _("Sections merged")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # The username typed at a failed sign-in, or the operator of a command-line export.
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        at = formats.date_format(timezone.localtime(self.at), "DATETIME_FORMAT")
        return f"{self.get_kind_display()} · {self.username or self.user} · {at}"


class ApiToken(models.Model):
    """A personal token with which a script reads (or writes) through ``/api/`` as its user.

    Only a SHA-256 digest of the token is stored: the token itself is shown once, when it is
    made. Its ``prefix`` (part of the token, not secret on its own) finds the row without
    scanning digests. A token acts with its user's role at each request, so a changed role
    applies at once and a disabled user's tokens stop working.
    """

    # Set on the token that authenticated a request (accounts.services.api_token_authenticate).
    within_rate: bool
    retry_after: int

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("digest"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # The per-token request rate: the minute being counted (seconds since the epoch // 60) and
    # the requests made in it, updated in the database so that every app server counts alike.
    rate_minute = models.BigIntegerField(_("rate minute"), default=0)
    rate_count = models.PositiveIntegerField(_("requests in the rate minute"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
