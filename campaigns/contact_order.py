"""The contact list's ``sort`` values, each ordering rows by what the reader sees in them.

Choices (channel, formality, who initiated) and countries sort by their label in the active
language, not by the stored code. Members sort by the name shown to the reader: for one who
may not see withheld names, the named members come first by name and the withheld ones after
them by country, so a withheld name's place in the alphabet gives nothing away (as
``members.filtersets.name_order`` does for the member list). Empty values go last whichever
way a column sorts. Ties are broken newest first, then by id, so every order is stable and a
page never repeats or skips a row.
"""

from collections.abc import Sequence

from django.db.models import Case, F, IntegerField, OrderBy, Q, Value, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django_countries import countries

from campaigns.models import Contact

DEFAULT_SORT = "-date"


def _column_labels() -> dict[str, str]:
    return {
        "section": _("Section"),
        "member": _("Member organisation"),
        "country": _("Country"),
        "channel": _("Channel"),
        "formality": _("Formality"),
        "initiated_by": _("Initiated by"),
        "follow_up_date": _("Follow-up date"),
        "hours": _("Hours"),
    }


def sort_choices() -> list[tuple[str, str]]:
    """Every ``sort`` value with its label in the active language (a callable, so the labels
    follow the reader's language)."""
    choices = [("-date", _("Newest first")), ("date", _("Oldest first"))]
    for key, label in _column_labels().items():
        choices.append((key, _("%(column)s, ascending") % {"column": label}))
        choices.append((f"-{key}", _("%(column)s, descending") % {"column": label}))
    return choices


def _rank(field: str, labelled: Sequence[tuple[str, object]]) -> Case:
    """A number per stored value, in the order of its label; NULL for an unknown or empty
    value, so that it sorts last."""
    ordered = sorted(labelled, key=lambda choice: str(choice[1]).casefold())
    return Case(
        *(When(**{field: value}, then=Value(rank)) for rank, (value, _label) in enumerate(ordered)),
        default=None,
        output_field=IntegerField(),
    )


def _country_rank(field: str) -> Case:
    # django-countries iterates in the order of the names in the active language.
    return Case(
        *(When(**{field: code}, then=Value(rank)) for rank, (code, _name) in enumerate(countries)),
        default=None,
        output_field=IntegerField(),
    )


def _member_keys(*, personal_data: bool) -> list[BaseExpression | F]:
    identified = Q(member__placeholder=False)
    if not personal_data:
        identified &= Q(member__name_public=True)
    return [
        Case(When(identified, then=Value(0)), default=Value(1), output_field=IntegerField()),
        Case(When(identified, then=Lower("member__name")), default=Value("")),
        _country_rank("member__country"),
        F("member__placeholder"),
    ]


def _keys(key: str, *, personal_data: bool) -> list[BaseExpression | F]:
    if key == "section":
        return [Lower("section__name")]
    if key == "member":
        return _member_keys(personal_data=personal_data)
    if key == "country":
        return [_country_rank("member__country")]
    if key == "channel":
        return [_rank("channel", Contact.Channel.choices)]
    if key == "formality":
        return [_rank("formality", Contact.Formality.choices)]
    if key == "initiated_by":
        return [_rank("initiated_by", Contact.InitiatedBy.choices)]
    return [F(key)]


def contact_order(value: str, *, personal_data: bool) -> list[OrderBy]:
    """The ORDER BY of a ``sort`` value (one of ``sort_choices``)."""
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key == "date" and descending:
        return [F("date").desc(), F("id").desc()]
    if key == "date":
        return [F("date").asc(), F("id").asc()]
    columns = [
        expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        for expression in _keys(key, personal_data=personal_data)
    ]
    return [*columns, F("date").desc(), F("id").desc()]
