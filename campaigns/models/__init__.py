"""The campaign and its outreach: goals, strategies, milestones, petitions, endorsements,
contacts between sections and member organisations, check-ins with members, and the
resource library."""

from campaigns.models.campaign import (
    Campaign,
    Endorsement,
    Goal,
    Milestone,
    Petition,
    Strategy,
    SupporterCount,
)
from campaigns.models.check_in import CheckIn, CheckInRound
from campaigns.models.contact import Contact, ContactQuerySet
from campaigns.models.loaded_fact import LoadedFact
from campaigns.models.resource import Resource, ResourceQuerySet

__all__ = [
    "Campaign",
    "CheckIn",
    "CheckInRound",
    "Contact",
    "ContactQuerySet",
    "Endorsement",
    "Goal",
    "LoadedFact",
    "Milestone",
    "Petition",
    "Resource",
    "ResourceQuerySet",
    "Strategy",
    "SupporterCount",
]
