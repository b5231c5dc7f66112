"""What counts as an id in input: ASCII digits naming a row a database can hold.

``str.isdigit()`` says yes to "²", which ``int()`` refuses, and ``int()`` reads "١٢" or
"１２" as 12: neither is an id anyone meant. An integer past 64 bits is no id either, and
SQLite cannot even compare one in ``pk__in`` (an OverflowError, where PostgreSQL answers no
rows), so the fields here check every value before the database sees it.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1


def as_id(value: object) -> int | None:
    """An id as typed in a URL or a form field, or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdecimal() and len(value) < 20:
        number = int(value)
    else:
        return None
    return number if 0 <= number <= MAX_ID else None


class CheckedIdsMixin:
    """For a ModelMultipleChoiceField: a value that is no id is "not a valid value", as a
    text would be, before any query."""

    def _check_values(self, value):
        for pk in value:
            if as_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class IdsField(CheckedIdsMixin, forms.ModelMultipleChoiceField):
    pass


class _IdsFilterField(CheckedIdsMixin, django_filters.fields.ModelMultipleChoiceField):
    pass


class IdsFilter(django_filters.ModelMultipleChoiceFilter):
    """A repeatable id parameter (``section=3&section=5``) whose values are checked as ids."""

    field_class = _IdsFilterField


class _IdFilterField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and as_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdFilter(django_filters.ModelChoiceFilter):
    """One record by id; anything but an id is "not one of the choices", before any query."""

    field_class = _IdFilterField
