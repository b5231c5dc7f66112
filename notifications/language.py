"""The one place that decides which language an email to a user is written in."""

from django.conf import settings


def language_of(user) -> str:
    """The user's chosen language, else the site's default.

    ``User.preferred_language`` (blank: follow the browser) is read when the user model has
    it; an email has no browser to follow, so blank means the site's default. A code that is
    not one of LANGUAGES (an old value, a typo in the admin) falls back the same way.
    """
    chosen = getattr(user, "preferred_language", "") or ""
    if chosen in {code for code, _name in settings.LANGUAGES}:
        return chosen
    return settings.LANGUAGE_CODE
