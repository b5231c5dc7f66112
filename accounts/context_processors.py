from django.conf import settings

from accounts.roles import can_see_personal_data, role_of


def tracker(request):
    """The signed-in user's role and the version, for the base layout."""
    user = getattr(request, "user", None)
    return {
        "tracker_version": settings.VERSION,
        "user_role": role_of(user),
        "personal_data": can_see_personal_data(user),
    }
