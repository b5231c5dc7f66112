"""Each read of contacts is built once per request: the list, the dashboard, its JSON, the
campaign page and the exports all validate the request's filters with one FilterSet."""

import pytest
from django.urls import reverse

from campaigns.filtersets import ContactFilterSet
from tests.factories import ContactFactory

PAGES = [
    "campaigns:contact-list",
    "campaigns:dashboard",
    "campaigns:api-engagement",
    "campaigns:campaign",
    "campaigns:contact-export-csv",
    "campaigns:contact-export-xlsx",
]


@pytest.fixture
def filtersets_built(monkeypatch):
    """Counts ContactFilterSet constructions."""
    built = []
    original = ContactFilterSet.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ContactFilterSet, "__init__", counting_init)
    return built


@pytest.mark.parametrize("url_name", PAGES)
def test_contact_filterset_is_built_once_per_request(
    client_for, staff_user, member_a, filtersets_built, url_name
):
    contact = ContactFactory(member=member_a)

    response = client_for(staff_user).get(
        reverse(url_name), {"member": member_a.pk, "since": "2000-01-01", "region": "europe"}
    )
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)

    assert response.status_code == 200
    assert len(filtersets_built) == 1
    if url_name == "campaigns:contact-list":
        assert contact.summary in response.content.decode()


@pytest.mark.parametrize("url_name", PAGES)
def test_a_bad_filter_is_reported_from_the_same_single_filterset(
    client_for, staff_user, filtersets_built, url_name
):
    response = client_for(staff_user).get(reverse(url_name), {"channel": "pigeon"})

    assert response.status_code == 400
    assert len(filtersets_built) == 1
