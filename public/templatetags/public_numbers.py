"""``{{ value|shown }}``: a published count as the page shows it, with the suppressed ones
marked so that they read differently from numbers."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from public.labels import count_text, is_count
from public.numbers import HIDDEN

register = template.Library()


@register.filter
def shown(value) -> str:
    if is_count(value):
        return count_text(value)
    hint = (
        gettext("Hidden so that a small count cannot be worked out from the totals.")
        if value == HIDDEN
        else gettext("Counts this small are not published, so that no one can be identified.")
    )
    return format_html('<span class="suppressed" title="{}">{}</span>', hint, count_text(value))
