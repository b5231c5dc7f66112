"""The contact list's ``q``: every word must appear somewhere a reader sees it.

A word matches the summary, the outcome, the follow-up action, the section's name, the
member's name (and acronym) as shown, or the country of the section or the member (its ISO code, or
its name in English or in the active language). A withheld member name is matched only for a
reader who may see it: for anyone else, the match itself would reveal it. Such members are
found by their country, which is what their shown name says.
"""

from django.db.models import Q
from django.utils import translation
from django_countries import countries

# Shorter words would match a country name in most languages ("a", "an").
COUNTRY_NAME_MIN_LENGTH = 3


def country_codes(word: str) -> set[str]:
    """Countries whose ISO code is the word, or whose name in English or the active language
    contains it."""
    word = word.casefold()
    codes = {code for code in countries.countries if code.casefold() == word}
    if len(word) < COUNTRY_NAME_MIN_LENGTH:
        return codes
    for language in {"en", translation.get_language() or "en"}:
        with translation.override(language):
            codes.update(code for code, name in countries if word in name.casefold())
    return codes


def word_matches(word: str, *, personal_data: bool) -> Q:
    """Contacts showing ``word`` to this reader."""
    names = (Q(member__name__icontains=word) | Q(member__acronym__icontains=word)) & Q(
        member__placeholder=False
    )
    if not personal_data:
        names &= Q(member__name_public=True)
    found = (
        Q(summary__icontains=word)
        | Q(outcome__icontains=word)
        | Q(follow_up__icontains=word)
        | Q(section__name__icontains=word)
        | names
    )
    codes = country_codes(word)
    if codes:
        found |= Q(section__country__in=codes) | Q(member__country__in=codes)
    return found
