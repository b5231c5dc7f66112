"""The published schema against the running API.

Schemathesis reads ``/api/v1/schema/`` from a live server and generates requests for every
operation in it (valid and invalid input, from the schema alone), sent with a read-write
token of a secretariat user on a seeded database. Every response must be something the
schema describes: no server error, a documented status code, content type, headers and body.
Examples per operation are capped so the whole run stays well under a minute.
"""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.roles import Role
from tests import factories
from tests.api.conftest import token_for
from tests.conftest import recreate_role_groups

# Per operation and mode (valid and invalid input): ~20 operations × 2 × 6 requests.
EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def seeded(transactional_db, settings):
    """A little of everything, committed for the live server's thread; and limits out of the
    way (they have tests of their own), so that every request reaches its view."""
    recreate_role_groups()
    settings.API_REQUESTS_PER_MINUTE = 1_000_000
    settings.EXPORTS_PER_HOUR = 1_000_000
    staff = factories.UserFactory(username="schema-staff", role=Role.STAFF)
    campaign = factories.CampaignFactory()
    strategy = factories.StrategyFactory(campaign=campaign)
    strategy.goals.add(factories.GoalFactory(campaign=campaign))
    factories.MilestoneFactory(campaign=campaign)
    factories.SupporterCountFactory(petition=factories.PetitionFactory(campaign=campaign))
    named = factories.MemberFactory(name="Named")
    withheld = factories.MemberFactory(name="Withheld", name_public=False)
    section = factories.SectionFactory()
    for day, member in enumerate([named, withheld, named], start=1):
        contact = factories.ContactFactory(
            member=member,
            section=section,
            strategy=strategy,
            date=datetime.date(2015, 9, day),
            hours=2,
            follow_up="Call back",
        )
        contact.people.add(factories.PersonFactory(member=member))
    factories.CheckInFactory(member=withheld)
    return token_for(staff, scope="write")


def _fuzz(operation, mode, *, base_url: str, token: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
        )

    run()


def test_every_operation_answers_as_the_schema_says(seeded, live_server):
    token = seeded
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/v1/schema/?format=json",
        headers={"Authorization": f"Bearer {token}"},
    )
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, base_url=live_server.url, token=token)
            except Exception as failure:  # each operation's failures are reported together
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    assert len(operations) >= 20
    assert not failures, "\n\n".join(failures)
