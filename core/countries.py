"""A country as people write it in a file or an option: an ISO 3166 alpha-2 code or a name."""

from django_countries import countries


def country_code(text: str) -> str | None:
    """The alpha-2 code of ``NO``, ``no`` or ``Norway`` (English names, any case); None when
    the text is neither a code nor a name."""
    value = text.strip()
    if value.upper() in countries:
        return value.upper()
    return countries.by_name(value) or None
