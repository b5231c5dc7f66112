"""A saved view: a named set of the contact list's filter parameters, kept by one user and
shared with their team or not."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, role_of
from core.models import Timestamped

SECRETARIAT_GROUPS = [Role.ADMIN.value, Role.STAFF.value]


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SavedViewQuerySet":
        """The user's own views and the ones their team shares.

        The team of the secretariat (admins and staff) is the secretariat; the team of a focal
        point is its organisation's other focal points. Viewers read no contact list, so they
        have no views. The owner's role is read at each request: a view shared by someone who
        has left the team is no longer the team's.
        """
        role = role_of(user)
        if role not in (Role.ADMIN, Role.STAFF, Role.FOCAL_POINT):
            return self.none()
        users = get_user_model().objects.filter(is_active=True)
        secretariat = users.filter(Q(is_superuser=True) | Q(groups__name__in=SECRETARIAT_GROUPS))
        if role == Role.FOCAL_POINT:
            team = users.filter(
                groups__name=Role.FOCAL_POINT.value, member_id=user.member_id
            ).exclude(pk__in=secretariat.values("pk"))
        else:
            team = secretariat
        return self.filter(Q(owner=user) | Q(shared=True, owner__in=team.values("pk")))


class SavedView(Timestamped):
    """Filters of the contact list someone wants again: "Overdue in Africa", "AI Norway this
    year". Only the parameters are kept, never rows, so a colleague who opens a shared view
    sees the rows their own role lets them see."""

    name = models.CharField(_("name"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    shared = models.BooleanField(
        _("shared with the team"),
        default=False,
        help_text=_("The secretariat, or the focal points of your organisation, see it too."),
    )
    # The list's URL parameters ("region=africa&follow_up=overdue"), checked when saved.
    query = models.CharField(_("filters"), max_length=2000, blank=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], name="%(app_label)s_%(class)s_unique_name_per_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.name
