"""One request's read of contacts: the FilterSet built and validated once, its queryset, and
what the pages show of it.

The contact list, the dashboard, its JSON, the campaign page and the exports each build one
``ContactQuery`` from the request's parameters and pass it on, so the filters are parsed and
validated once per request and every number and row of a page comes from the same queryset.
"""

from collections.abc import Collection, Mapping
from functools import cached_property
from typing import NamedTuple
from urllib.parse import urlencode

import django_filters.fields
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from accounts.roles import can_see_personal_data
from campaigns.contact_order import DEFAULT_SORT, sort_choices
from campaigns.filtersets import ContactFilterSet
from campaigns.models import Contact
from campaigns.widgets import option_tags, with_fast_selects
from core.filters import InvalidFilters, as_query_dict
from core.ids import as_id
from members.filtersets import name_order
from members.models import MemberOrganisation
from sections.models import Section


class SortHeader(NamedTuple):
    query: str  # the query string sorting by this column
    state: str  # "ascending" or "descending" on the active column (its aria-sort), else ""


# The list's only ordering parameter; it changes no number on the dashboard.
ORDERING = "sort"
# The filters the shared form draws in their own way: the search box, the two pickers with
# their chips, and the order.
_DRAWN_APART = ("q", "section", "member", ORDERING)


class ContactQuery:
    """The contacts a user may see under a set of filter parameters."""

    def __init__(self, *, user, filters: Mapping | None = None):
        self.user = user
        self.params = as_query_dict(filters)
        self.filterset = ContactFilterSet(
            data=self.params,
            queryset=Contact.objects.visible_to(user),
            personal_data=self.personal_data,
        )

    @cached_property
    def personal_data(self) -> bool:
        return can_see_personal_data(self.user)

    @cached_property
    def errors(self) -> dict[str, list[str]]:
        """Each bad parameter with its messages; empty when every filter applies."""
        if self.filterset.is_valid():
            return {}
        return {
            name: [str(m) for m in messages] for name, messages in self.filterset.errors.items()
        }

    @property
    def cleaned(self) -> dict:
        """The parameters as values (objects for ids, dates); raises InvalidFilters."""
        self._check()
        return self.filterset.form.cleaned_data

    @property
    def contacts(self) -> QuerySet[Contact]:
        """The filtered contacts with what a row shows, in a stable order (same-day contacts by
        id, so pages never repeat or skip one: campaigns.contact_order); raises InvalidFilters."""
        self._check()
        return self.filterset.qs.select_related("section", "member", "strategy", "logged_by")

    @property
    def unordered(self) -> QuerySet[Contact]:
        """The filtered contacts without ordering or joins, for aggregates; raises
        InvalidFilters."""
        self._check()
        return self.filterset.qs.order_by()

    def _check(self) -> None:
        if self.errors:
            raise InvalidFilters(self.errors)

    # What the pages show of the filters ------------------------------------------------------

    @property
    def sort(self) -> str:
        return self.params.get(ORDERING, DEFAULT_SORT)

    def sort_headers(self) -> dict[str, SortHeader]:
        """Each sortable column's link and state, for the list's column headers: the active
        column's link reverses its order, another column's sorts by it (dates newest first,
        everything else ascending)."""
        active = self.sort.lstrip("-")
        descending = self.sort.startswith("-")
        headers = {}
        for value, _label in sort_choices():
            key = value.lstrip("-")
            if key in headers:
                continue
            if key == active:
                state = "descending" if descending else "ascending"
                target = key if descending else f"-{key}"
            else:
                state, target = "", DEFAULT_SORT if key == "date" else key
            headers[key] = SortHeader(query=self.query_with(ORDERING, target), state=state)
        return headers

    def error_rows(self) -> list[tuple[str, str, str]]:
        """(label, parameter, messages) for each bad parameter, for the page's error box."""
        fields = self.filterset.form.fields
        return [
            (fields[name].label if name in fields else name, name, "; ".join(messages))
            for name, messages in self.errors.items()
        ]

    def filter_context(self, *, hide: Collection[str] = (), keep: Collection[str] = ()) -> dict:
        """What ``templates/campaigns/includes/contact_filters.html`` shows: the one filter form
        of the contact list and the dashboard, with the same fields, pickers, chips and words.

        ``hide`` names the filters a page does not offer (the dashboard's numbers do not depend
        on the order, so it has no ``sort``); ``keep`` names the page's display parameters
        (``stack``, ``matrix``...), carried through the form as hidden inputs so that applying
        or clearing the filters keeps the view.
        """
        form = self._filter_form(hide=hide)
        kept = [(key, value) for key in keep for value in self.params.getlist(key)]
        offered = form.fields.keys()
        return {
            "filter_form": form,
            "filter_errors": self.error_rows(),
            # The fields drawn one like the other, after the search box and the pickers.
            "plain_filters": [form[name] for name in form.fields if name not in _DRAWN_APART],
            "chosen_sections": self.chosen("section") if "section" in offered else [],
            "chosen_members": self.chosen("member") if "member" in offered else [],
            "section_options": option_tags(self.section_options() if "section" in offered else []),
            "member_options": option_tags(self.member_options() if "member" in offered else []),
            "sort": self.sort,
            "sort_choices": sort_choices(),
            "kept_params": kept,
            "clear_query": urlencode(kept),
            "has_filters": any(name in self.params for name in offered if name != ORDERING),
        }

    def _filter_form(self, *, hide: Collection[str]) -> forms.Form:
        """The FilterSet's bound form (its errors at their fields) without the hidden filters;
        an empty choice reads "Any", and the selects write their options in Python."""
        # Validated with every field first: a bad value of a hidden filter is still refused.
        self.filterset.is_valid()
        form = self.filterset.form
        for name in hide:
            form.fields.pop(name, None)
        for field in form.fields.values():
            if isinstance(field, django_filters.fields.ChoiceField):
                # Its choices iterator adds the empty choice; rebuild it around the new label.
                choices = [choice for choice in field.choices if choice[0] != ""]
                field.empty_label = _("Any")
                field.choices = choices
            elif getattr(field, "empty_label", None) is not None:
                field.empty_label = _("Any")
        return with_fast_selects(form)

    def chosen(self, name: str) -> list[tuple[int, str, str]]:
        """(id, name, query string without it) for each section or member filtered on: the
        chips above a picker, each with a link that removes it."""
        ids = [i for v in self.params.getlist(name) if (i := as_id(v)) is not None]
        if name == "section":
            rows = [(s.pk, s.name) for s in Section.objects.filter(pk__in=ids).order_by("name")]
        else:
            members = MemberOrganisation.objects.visible_to(self.user).filter(pk__in=ids)
            rows = [(m.pk, m.display_name(personal_data=self.personal_data)) for m in members]
        return [(pk, label, self.query_without(name, str(pk))) for pk, label in rows]

    def section_options(self) -> list[tuple[int, str]]:
        return list(Section.objects.order_by("name").values_list("pk", "name"))

    def member_options(self) -> list[tuple[int, str]]:
        """Members the reader may see, as named to them: in the alphabet, except that for a
        reader who may not see withheld names those come after the named ones, by country, so
        a withheld name's place in the alphabet gives nothing away (docs/security.md)."""
        members = (
            MemberOrganisation.objects.visible_to(self.user)
            .only(*MemberOrganisation.DISPLAY_NAME_FIELDS)
            .order_by(*name_order(personal_data=self.personal_data))
        )
        return [(m.pk, m.display_name(personal_data=self.personal_data)) for m in members]

    def query_without(self, key: str, value: str | None = None) -> str:
        """The query string minus ``key`` (or only its ``value``) and the page number."""
        query = self._copy()
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, [v for v in query.getlist(key) if v != value])
        return query.urlencode()

    def query_with(self, key: str, value: str) -> str:
        """The query string with ``key`` set to ``value``, back on the first page."""
        query = self._copy()
        query[key] = value
        return query.urlencode()

    def _copy(self) -> QueryDict:
        query = self.params.copy()
        query.pop("page", None)
        return query
