"""The campaign and its outreach: goals, strategies, milestones, petitions, endorsements,
contacts between sections and member organisations, and check-ins with members."""

from campaigns.models.campaign import (
    Campaign,
    Endorsement,
    Goal,
    Milestone,
    Petition,
    Strategy,
    SupporterCount,
)
from campaigns.models.check_in import CheckIn
from campaigns.models.contact import Contact, ContactQuerySet

__all__ = [
    "Campaign",
    "CheckIn",
    "Contact",
    "ContactQuerySet",
    "Endorsement",
    "Goal",
    "Milestone",
    "Petition",
    "Strategy",
    "SupporterCount",
]
