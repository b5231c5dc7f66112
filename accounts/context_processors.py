from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import roles_allowed
from accounts.roles import can_see_personal_data, role_of

# The main navigation: URL name and label. A link shows to the roles its view allows.
NAVIGATION = [
    ("campaigns:dashboard", _("Dashboard")),
    ("campaigns:contact-list", _("Contacts")),
    ("sections:list", _("Sections")),
    ("members:list", _("Members")),
    ("campaigns:campaign", _("Campaign")),
    ("campaigns:event-list", _("Events")),
    ("campaigns:follow-ups", _("Follow-ups")),
    ("campaigns:check-ins", _("Check-ins")),
    ("campaigns:resource-list", _("Resources")),
    ("public:switch", _("Public page")),
    ("accounts:people", _("People")),
]


def _navigation(request, role) -> list[dict[str, Any]]:
    """The links the role may follow; the current one is the longest that starts the path."""
    links: list[dict[str, Any]] = [
        {"url": reverse(name), "label": label}
        for name, label in NAVIGATION
        if role in roles_allowed(name)
    ]
    path = getattr(request, "path", "")
    matching = [
        link
        for link in links
        if path == link["url"] or (path.startswith(link["url"]) and link["url"] != "/")
    ]
    current = max(matching, key=lambda link: len(link["url"]), default=None)
    for link in links:
        link["current"] = link is current
    return links


def tracker(request):
    """The signed-in user's role, the navigation and the version, for the base layout."""
    user = getattr(request, "user", None)
    role = role_of(user)
    return {
        "tracker_version": settings.VERSION,
        "user_role": role,
        "personal_data": can_see_personal_data(user),
        "navigation": _navigation(request, role) if role else [],
    }
