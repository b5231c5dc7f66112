"""Who may call an API view: the roles it names, as ``allow_roles`` does for pages.

A view declares ``read_roles`` (GET, HEAD, OPTIONS) and ``write_roles`` (the rest); a view
that declares nothing is closed. A read-only token may not write, whatever its user's role.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import ApiToken
from accounts.roles import role_of


class RolePermission(BasePermission):
    message = _("Your role may not do this.")

    def has_permission(self, request, view) -> bool:
        role = role_of(request.user)
        if role is None:
            return False
        if request.method in SAFE_METHODS:
            return role in getattr(view, "read_roles", ())
        if role not in getattr(view, "write_roles", ()):
            return False
        token = request.auth
        if isinstance(token, ApiToken) and token.scope != ApiToken.Scope.WRITE:
            self.message = _("This token may only read.")
            return False
        return True
