"""Select widgets that write their options in Python instead of one template per option.

Django renders each ``<option>`` through two templates (the option and its attributes). The
dashboard's filter form has about 650 options (every member, section, country and
strategy), which took longer than every query of a small dashboard together. These widgets
keep Django's own option logic (``get_context``: values, labels, what is selected, the
attributes of the bound field) and only write the markup, byte for byte what Django's
templates write (``tests/campaigns/test_widgets.py`` compares them).
"""

from typing import TypeVar

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> str:
    """As ``django/forms/widgets/attrs.html``: False leaves an attribute out, True writes
    its bare name."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class _OptionsInPython:
    def _render(self, template_name, context, renderer=None) -> SafeString:
        widget = context["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class FastSelect(_OptionsInPython, forms.Select):
    pass


class FastSelectMultiple(_OptionsInPython, forms.SelectMultiple):
    pass


def option_tags(options: list[tuple[int, str]]) -> SafeString:
    """The ``<option>`` tags of a picker's select (a page's hundreds of sections and
    members), written in one pass instead of a template loop."""
    return mark_safe(
        "".join(f'<option value="{pk}">{escape(label)}</option>' for pk, label in options)
    )


F = TypeVar("F", bound=forms.BaseForm)

_FAST = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}


def with_fast_selects(form: F) -> F:
    """Switch the form's plain selects to the fast ones (the form's own widget copies, so
    the form class is untouched); their choices, attributes and values stay as they are."""
    for field in form.fields.values():
        fast = _FAST.get(type(field.widget))
        if fast is not None:
            field.widget.__class__ = fast
    return form
