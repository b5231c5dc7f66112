"""Whether the public numbers page is on: one row in the database, read on every request, so
that every app server agrees and turning it off takes effect at once everywhere."""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Timestamped

THE_ROW = 1


class PublicPage(Timestamped):
    """The switch of ``/public/``. Off until a secretariat admin turns it on; each change is in
    the audit log (``accounts.AuditEvent``) with who made it."""

    objects: ClassVar[models.Manager["PublicPage"]]

    id = models.PositiveSmallIntegerField(primary_key=True, default=THE_ROW, editable=False)
    on = models.BooleanField(_("public page on"), default=False)
    # Who last switched it (the audit log keeps every change); a username or the operating-
    # system account of ``manage.py public_dashboard``.
    changed_by = models.CharField(_("last changed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("public page setting")
        verbose_name_plural = _("public page settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=THE_ROW), name="%(app_label)s_%(class)s_one_row")
        ]

    def __str__(self) -> str:
        return str(_("Public page on")) if self.on else str(_("Public page off"))
