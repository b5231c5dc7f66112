"""What `load_case_study` last wrote to a row, so that a later run can tell a row nobody
touched (safe to bring up to date) from one a person edited since (left alone)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedFact(models.Model):
    """The fingerprint of the values a load wrote to one row of one model."""

    model = models.CharField(_("model"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("row"))
    digest = models.CharField(_("fingerprint of the loaded values"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("loaded fact")
        verbose_name_plural = _("loaded facts")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id"], name="%(app_label)s_%(class)s_unique_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} #{self.object_id}"
