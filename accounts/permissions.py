"""Which roles may open a view. Views declare it; nothing is open unless declared.

``allow_roles`` works on function views and, through ``method_decorator``-free use as
``AllowRolesMixin``, on class-based views. A signed-in user without a role is sent to the
"no access yet" page; a user whose role is not listed gets 403. Under ``/api/`` both are a
403 in JSON.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils.translation import gettext as _

from accounts.api_responses import api_error, is_api_request
from accounts.roles import Role, role_of

EVERY_ROLE = (Role.ADMIN, Role.STAFF, Role.FOCAL_POINT, Role.VIEWER)
LOGGERS = (Role.ADMIN, Role.STAFF, Role.FOCAL_POINT)
SECRETARIAT = (Role.ADMIN, Role.STAFF)
# Roles that read contacts one by one (rows, summaries, exports); viewers see aggregates only.
ROW_READERS = (Role.ADMIN, Role.STAFF, Role.FOCAL_POINT)


def _check(request, roles):
    role = role_of(request.user)
    if is_api_request(request) and role not in roles:
        return api_error(403, _("Your role may not do this."))
    if role is None:
        return redirect("no-access")
    if role not in roles:
        if role == Role.VIEWER:
            raise PermissionDenied(
                _(
                    "Viewers see the dashboards and the section and member reports in numbers, "
                    "not individual contacts, people or notes."
                )
            )
        raise PermissionDenied
    return None


def allow_roles(*roles: Role):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return _check(request, roles) or view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


class AllowRolesMixin:
    """Set ``allowed_roles`` on the view class."""

    allowed_roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        return _check(request, self.allowed_roles) or super().dispatch(request, *args, **kwargs)


def roles_allowed(url_name: str) -> tuple[Role, ...]:
    """The roles the view behind a URL name declares, for links that only those may follow."""
    view = resolve(reverse(url_name)).func
    view = getattr(view, "view_class", view)
    return tuple(getattr(view, "allowed_roles", ()))
