"""Reads of the API beyond the selectors it shares with the pages.

The campaign's own facts (strategies, milestones, petitions) are the same for every role (the
campaign page shows them to all), so they need no scoping, only the joins that keep a page of
them at a fixed number of queries. Contacts come scoped and filtered from
``campaigns.selectors``; ``contact_columns`` only narrows what is loaded of them.
"""

from django.db.models import Prefetch, QuerySet

from campaigns.models import Contact, Milestone, Petition, Strategy
from members.models import Person


def strategy_list() -> QuerySet[Strategy]:
    return Strategy.objects.prefetch_related("goals").order_by("campaign", "number", "pk")


def milestone_list() -> QuerySet[Milestone]:
    return Milestone.objects.order_by("campaign", "date", "number", "pk")


def petition_list() -> QuerySet[Petition]:
    return Petition.objects.prefetch_related("supporter_counts").order_by(
        "campaign", "opened_on", "pk"
    )


def contact_columns(contacts: QuerySet[Contact], *, personal_data: bool) -> QuerySet[Contact]:
    """The selector's contacts with only what the API's contact object shows: the contact's
    own columns, the names of its section, member and logger, and (for the secretariat) the
    ids of the people involved in one more query per page or chunk. Whole related rows
    (timestamps, a user's password hash...) would cost most of an export's time and memory."""
    contacts = (
        contacts.select_related(None)
        .select_related("section", "member", "logged_by")
        .only(
            *(field.attname for field in Contact._meta.concrete_fields),
            "section__name",
            "member__name",
            "member__name_public",
            "member__placeholder",
            "member__country",
            "logged_by__username",
        )
    )
    if personal_data:
        contacts = contacts.prefetch_related(
            Prefetch("people", queryset=Person.objects.only("pk").order_by("pk"))
        )
    return contacts
