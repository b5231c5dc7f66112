"""The campaign and its outreach: goals, strategies, milestones, petitions, endorsements,
contacts between sections and member organisations, check-ins with members, and the
sections' positions, the opposition and media events, the sections' requests, the resource
library and the list's saved views."""

from campaigns.models.activity import Event, SectionPosition, SectionRequest
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
from campaigns.models.saved_view import SavedView

__all__ = [
    "Campaign",
    "CheckIn",
    "CheckInRound",
    "Contact",
    "ContactQuerySet",
    "Endorsement",
    "Event",
    "Goal",
    "LoadedFact",
    "Milestone",
    "Petition",
    "Resource",
    "ResourceQuerySet",
    "SavedView",
    "SectionPosition",
    "SectionRequest",
    "Strategy",
    "SupporterCount",
]
