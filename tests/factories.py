"""factory_boy factories for every model; tests build their data with these."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.roles import Role
from campaigns.models import (
    Campaign,
    CheckIn,
    CheckInRound,
    Contact,
    Endorsement,
    Event,
    Goal,
    Milestone,
    Petition,
    Resource,
    SavedView,
    SectionPosition,
    SectionRequest,
    Strategy,
    SupporterCount,
)
from core.regions import Region
from members.models import MemberOrganisation, Person
from notifications.models import EmailPreferences, OutgoingEmail
from sections.models import Section

COUNTRIES = [
    ("NO", Region.EUROPE),
    ("PL", Region.EUROPE),
    ("NG", Region.AFRICA),
    ("US", Region.NORTH_AMERICA_CARIBBEAN),
    ("IN", Region.ASIA_PACIFIC),
    ("AR", Region.LATIN_AMERICA),
    ("SE", Region.EUROPE),
    ("DE", Region.EUROPE),
]


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberOrganisation

    name = factory.Sequence(lambda n: f"Member organisation {n}")
    country = factory.Sequence(lambda n: COUNTRIES[n % len(COUNTRIES)][0])
    region = factory.Sequence(lambda n: COUNTRIES[n % len(COUNTRIES)][1])
    name_public = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    # Countries are unique per section: a sequence over real ISO codes, skipping those that
    # tests and the case study name explicitly, so an automatic one never takes their country.
    country = factory.Sequence(lambda n: _iso_codes()[n % len(_iso_codes())])
    name = factory.LazyAttribute(lambda o: f"AI {o.country}")
    region = Region.EUROPE


NAMED_COUNTRIES = {
    "AR",
    "BE",
    "CA",
    "CI",
    "DE",
    "FR",
    "GB",
    "HU",
    "IN",
    "IT",
    "KE",
    "NG",
    "NO",
    "PE",
    "PL",
    "SE",
    "SN",
    "TR",
    "US",
}


def _iso_codes() -> list[str]:
    from django_countries import countries

    return [code for code, _name in countries if code not in NAMED_COUNTRIES]


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    member = factory.SubFactory(MemberFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ["name"]

    name = "Amnesty policy process 2014–2016"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Goal {n}")


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Strategy {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    campaign = factory.SubFactory(CampaignFactory)
    date = datetime.date(2015, 8, 11)
    title = factory.Sequence(lambda n: f"Milestone {n}")


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Petition {n}")
    position = Petition.Position.FOR


class SupporterCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupporterCount

    petition = factory.SubFactory(PetitionFactory)
    date = datetime.date(2015, 8, 10)
    count = 100


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    campaign = factory.SubFactory(CampaignFactory)
    organisation = factory.Sequence(lambda n: f"Ally {n}")
    kind = Endorsement.Kind.LETTER


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    date = datetime.date(2015, 9, 1)
    section = factory.SubFactory(SectionFactory)
    member = factory.SubFactory(MemberFactory)
    initiated_by = Contact.InitiatedBy.SECTION
    formality = Contact.Formality.FORMAL
    channel = Contact.Channel.MEETING
    summary = factory.Sequence(lambda n: f"Contact summary {n}")


class SavedViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedView

    name = factory.Sequence(lambda n: f"Saved view {n}")
    owner = factory.SubFactory("tests.factories.UserFactory")
    query = "follow_up=overdue"


class SectionPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionPosition

    section = factory.SubFactory(SectionFactory)
    date = datetime.date(2015, 9, 1)
    position = SectionPosition.Position.SUPPORTS
    source_note = "Test"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.PROTEST
    title = factory.Sequence(lambda n: f"Event {n}")
    date = datetime.date(2015, 10, 23)
    countries = ["NO"]

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        if create and extracted:
            self.sections.set(extracted)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class SectionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionRequest

    section = factory.SubFactory(SectionFactory)
    member = factory.SubFactory(MemberFactory)
    kind = SectionRequest.Kind.PANEL
    date = datetime.date(2015, 9, 1)
    description = factory.Sequence(lambda n: f"Request {n}")


class CheckInRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckInRound

    since = datetime.date(2015, 8, 11)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    member = factory.SubFactory(MemberFactory)
    asked_on = datetime.date(2015, 10, 1)


class ResourceFactory(factory.django.DjangoModelFactory):
    """A link for everyone; tests that need a file use campaigns.resource_services."""

    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Advocacy guide {n}")
    kind = Resource.Kind.GUIDE
    audience = Resource.Audience.EVERYONE
    url = "https://example.org/guide"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=Role(extracted).value))


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingEmail

    to_address = factory.Sequence(lambda n: f"recipient{n}@example.org")
    language = "en"
    kind = OutgoingEmail.Kind.DIGEST
    subject = factory.Sequence(lambda n: f"Message {n}")
    body_text = "Hello."


class EmailPreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailPreferences

    user = factory.SubFactory(UserFactory)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row whose secret nobody knows (tests that call the API use
    ``accounts.services.api_token_create``, which returns one)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "script"
    scope = ApiToken.Scope.READ
    prefix = factory.Sequence(lambda n: f"{n:08x}")
    digest = "0" * 64
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
