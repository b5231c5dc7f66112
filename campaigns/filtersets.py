"""The one FilterSet of contacts: the list, the dashboard, the JSON and every export take it.

Parameter names and values are a public vocabulary (docs/filters.md); a URL is a shareable
saved view.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from campaigns.contact_order import contact_order, sort_choices
from campaigns.contact_search import word_matches
from campaigns.models import Contact, Strategy
from core.filters import PeriodFilterForm, PeriodFilterMethods, period_bound
from core.ids import IdFilter, IdsFilter
from core.regions import Region
from members.models import MemberOrganisation
from sections.models import Section


class FollowUp:
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"
    NONE = "none"
    choices = [
        (OPEN, _("Open")),
        (OVERDUE, _("Overdue")),
        (DONE, _("Done")),
        (NONE, _("None")),
    ]


def has_follow_up() -> Q:
    """A contact has a follow-up when an action or a date is recorded: the one definition the
    ``follow_up`` filter and the dashboard's counts share."""
    return ~Q(follow_up="") | Q(follow_up_date__isnull=False)


class ContactFilterSet(PeriodFilterMethods, django_filters.FilterSet):
    # Longer than any search anyone types; SQLite refuses LIKE patterns past 50,000 bytes.
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    # distinct=False: both follow a foreign key to one row, so no contact can appear twice, and
    # DISTINCT would make PostgreSQL sort every selected row before a page's LIMIT applies.
    section = IdsFilter(
        label=_("Section"),
        queryset=Section.objects.all(),
        widget=forms.SelectMultiple,
        distinct=False,
    )
    member = IdsFilter(
        label=_("Member organisation"),
        queryset=MemberOrganisation.objects.all(),
        widget=forms.SelectMultiple,
        distinct=False,
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="member__region", choices=Region.choices
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="member__country", choices=countries
    )
    # ISO 8601 only: a URL means the same day in every language. A contact dated roughly is
    # kept when its period overlaps since..until (see core.periods and docs/filters.md).
    # Contact dates lie in the window of core.dates, and so must a filter's bounds.
    since = period_bound(_("Since"), "filter_since")
    until = period_bound(_("Until"), "filter_until")
    initiated_by = django_filters.ChoiceFilter(
        label=_("Initiated by"), choices=Contact.InitiatedBy.choices
    )
    formality = django_filters.ChoiceFilter(label=_("Formality"), choices=Contact.Formality.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Contact.Channel.choices)
    strategy = IdFilter(label=_("Strategy"), queryset=Strategy.objects.select_related("campaign"))
    follow_up = django_filters.ChoiceFilter(
        label=_("Follow-up"), choices=FollowUp.choices, method="filter_follow_up"
    )
    # Without it, the model's order: newest first.
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=sort_choices, method="sort_by", empty_label=None
    )

    class Meta:
        model = Contact
        fields: list[str] = []
        form = PeriodFilterForm

    def __init__(self, *args, personal_data: bool = False, **kwargs):
        # Searching and sorting by member name depend on whether the reader sees withheld
        # names (campaigns.contact_search, campaigns.contact_order).
        self.personal_data = personal_data
        super().__init__(*args, **kwargs)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(word_matches(word, personal_data=self.personal_data))
        return queryset

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*contact_order(value, personal_data=self.personal_data))

    def filter_follow_up(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == FollowUp.NONE:
            return queryset.exclude(has_follow_up())
        if value == FollowUp.DONE:
            return queryset.filter(follow_up_done_on__isnull=False)
        pending = queryset.filter(has_follow_up(), follow_up_done_on__isnull=True)
        if value == FollowUp.OVERDUE:
            return pending.filter(follow_up_date__lt=today)
        return pending
