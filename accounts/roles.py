"""The four roles (docs/security.md) and the one function that decides who sees personal data.

Every visibility decision in the tracker goes through ``role_of`` and
``can_see_personal_data``; views never test groups themselves.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMIN = "secretariat admin"
    STAFF = "secretariat staff"
    FOCAL_POINT = "member focal point"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return str(
            {
                Role.ADMIN: _("Secretariat admin"),
                Role.STAFF: _("Secretariat staff"),
                Role.FOCAL_POINT: _("Member focal point"),
                Role.VIEWER: _("Viewer"),
            }[self]
        )


# Strongest first: a user in several groups gets the strongest role.
_ORDER = [Role.ADMIN, Role.STAFF, Role.FOCAL_POINT, Role.VIEWER]


def role_of(user) -> Role | None:
    """The user's role, or None for anonymous, inactive and role-less users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    cached: Role | bool | None = getattr(user, "_tracker_role", False)
    if not isinstance(cached, bool):
        return cached
    role = role_from_groups(set(user.groups.values_list("name", flat=True)), user=user)
    user._tracker_role = role
    return role


def role_from_groups(names: set[str], *, user) -> Role | None:
    """The role that a user's group names give, whether or not the account is active: the
    People page shows a disabled account's role from groups it has already read."""
    if user.is_superuser:
        return Role.ADMIN
    role = next((r for r in _ORDER if r.value in names), None)
    if role == Role.FOCAL_POINT and not user.member_id:
        role = None  # a focal point without an organisation can see nothing
    return role


def can_see_personal_data(user) -> bool:
    """Persons, private notes and withheld member names: the secretariat only."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_log_contacts(user) -> bool:
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.FOCAL_POINT)
