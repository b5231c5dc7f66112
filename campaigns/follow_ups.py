"""Who owns a follow-up: the people offered as owners, and the follow-ups page's owner filter
(``owner=me`` or a user id)."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role

OWNER_ROLES = [Role.ADMIN.value, Role.STAFF.value, Role.FOCAL_POINT.value]


def follow_up_owner_choices() -> QuerySet[User]:
    """Active users who log contacts; Contact.clean refuses one who cannot open the contact."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=OWNER_ROLES))
        .distinct()
        .only("pk", "username", "first_name", "last_name")
        .order_by("username")
    )


def owner_label(user: User) -> str:
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return owner_label(obj)


class InvalidOwner(ValueError):
    """The ``owner`` parameter is neither ``me`` nor a user id; the message names it."""


def owner_filter(raw: str, *, user: User) -> int | None:
    """The owner's id for ``owner=me`` or ``owner=<id>``; None when the parameter is empty."""
    raw = raw.strip()
    if not raw:
        return None
    if raw == "me":
        return user.pk
    if raw.isdigit():
        return int(raw)
    raise InvalidOwner(_("owner: give “me” or a user's id, not “%(value)s”.") % {"value": raw})
