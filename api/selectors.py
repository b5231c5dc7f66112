"""Reads of the campaign's own facts for the API: strategies, milestones and petitions are
the same for every role (the campaign page shows them to all), so they need no scoping, only
the joins that keep a page of them at a fixed number of queries."""

from django.db.models import QuerySet

from campaigns.models import Milestone, Petition, Strategy


def strategy_list() -> QuerySet[Strategy]:
    return Strategy.objects.prefetch_related("goals").order_by("campaign", "number", "pk")


def milestone_list() -> QuerySet[Milestone]:
    return Milestone.objects.order_by("campaign", "date", "number", "pk")


def petition_list() -> QuerySet[Petition]:
    return Petition.objects.prefetch_related("supporter_counts").order_by(
        "campaign", "opened_on", "pk"
    )
