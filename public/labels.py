"""How a published count reads in the page's language: a number, "fewer than 3" or "hidden"."""

from django.utils import formats
from django.utils.translation import gettext, ngettext

from public.numbers import HIDDEN


def is_count(value) -> bool:
    """True for a count that is published as a number."""
    return isinstance(value, int) and not isinstance(value, bool)


def count_text(value) -> str:
    if is_count(value):
        return formats.number_format(value, force_grouping=True)
    if value == HIDDEN:
        return gettext("hidden")
    threshold = int(str(value).lstrip("<"))
    return ngettext("fewer than %(n)s", "fewer than %(n)s", threshold) % {"n": threshold}


def contacts_text(value) -> str:
    """A count of contacts with its noun: "5 contacts", "fewer than 3 contacts"."""
    if is_count(value):
        return ngettext("%(n)s contact", "%(n)s contacts", value) % {"n": count_text(value)}
    if value == HIDDEN:
        return gettext("contacts hidden")
    threshold = int(str(value).lstrip("<"))
    return ngettext("fewer than %(n)s contact", "fewer than %(n)s contacts", threshold) % {
        "n": threshold
    }
