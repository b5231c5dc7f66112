"""Each user's language: the pages after sign-in and every email to them.

A user's ``preferred_language`` (set in the footer while signed in, or by an admin) wins over
the browser from the moment they sign in: the receiver below activates it for the rest of the
request and asks ``LanguageCookieMiddleware`` to store it in Django's language cookie, which
``LocaleMiddleware`` reads on every following page. Anonymous pages (sign-in, password reset)
follow the cookie, else the browser's ``Accept-Language``. Blank means: follow the browser.
"""

from contextlib import AbstractContextManager

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

# Request attribute: the language cookie to write on this response ("" deletes it).
LANGUAGE_TO_REMEMBER = "tracker_language_to_remember"


def language_of(user) -> str:
    """The language to speak to this user in: theirs, or the one active now."""
    return getattr(user, "preferred_language", "") or translation.get_language()


def in_language_of(user) -> AbstractContextManager:
    """``with in_language_of(user):`` around anything written to the user (an email)."""
    return translation.override(language_of(user))


def remember_language(request, code: str) -> None:
    """Have this response set the language cookie to ``code`` ("" removes it)."""
    setattr(request, LANGUAGE_TO_REMEMBER, code)


@receiver(user_logged_in, dispatch_uid="accounts_preferred_language")
def on_sign_in(sender, request, user, **kwargs):
    if request is None or not user.preferred_language:
        return
    translation.activate(user.preferred_language)
    request.LANGUAGE_CODE = user.preferred_language
    remember_language(request, user.preferred_language)
