"""The JSON behind the contact form's "People involved" choices: the people of a section and
a member, for the secretariat only, as the form offers them."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories import PersonFactory, SectionFactory

URL = reverse("campaigns:people-options")


def labels(response) -> list[str]:
    assert response.status_code == 200
    return [result["label"] for result in response.json()["results"]]


def test_lists_the_people_of_the_section_and_the_member(client_for, staff_user, member_a):
    section = SectionFactory(name="AI Sweden", country="SE")
    PersonFactory(name="Sara", section=section, member=None, role="Director")
    PersonFactory(name="Anna", member=member_a)
    PersonFactory(name="Olle")
    client = client_for(staff_user)

    both = client.get(URL, {"section": section.pk, "member": member_a.pk})
    section_only = client.get(URL, {"section": section.pk})

    assert labels(both) == ["Anna (Member A)", "Sara (Director, AI Sweden)"]
    assert labels(section_only) == ["Sara (Director, AI Sweden)"]
    assert labels(client.get(URL)) == []


def test_offers_what_the_contact_form_offers(client_for, staff_user, member_a):
    section = SectionFactory()
    PersonFactory(name="Sara", section=section, member=None)
    PersonFactory(name="Anna", member=member_a)
    PersonFactory(name="Olle")
    client = client_for(staff_user)
    params = {"section": section.pk, "member": member_a.pk}

    form = client.get(reverse("campaigns:contact-create"), params).context["form"]
    offered = [label for _value, label in form.fields["people"].choices]

    assert labels(client.get(URL, params)) == offered


@pytest.mark.parametrize(
    ("params", "named"), [({"section": "abc"}, "section"), ({"member": 999999}, "member")]
)
def test_an_id_naming_nothing_is_a_400_naming_the_parameter(client_for, staff_user, params, named):
    response = client_for(staff_user).get(URL, params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [named]


def test_each_answer_is_audited_as_people_shown(client_for, staff_user, member_a):
    anna = PersonFactory(name="Anna", member=member_a)

    client_for(staff_user).get(URL, {"member": member_a.pk})

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_VIEWED)
    assert event.detail == {"person_ids": [anna.pk], "page": "campaigns:people-options"}


def test_focal_point_gets_no_people(client_for, focal_point, member_a):
    PersonFactory(name="Anna", member=member_a)

    response = client_for(focal_point).get(URL, {"member": member_a.pk})

    assert response.status_code == 403
    assert "Anna" not in response.content.decode()


def test_query_count_does_not_grow_with_people(
    client_for, staff_user, member_a, django_assert_num_queries
):
    section = SectionFactory()
    client = client_for(staff_user)
    for size in (1, 10):
        PersonFactory.create_batch(size, member=member_a)
        # Session, user, role; the section's and the member's validation; the people (with
        # their section and member); the audit event of the people shown (savepoint, insert,
        # release).
        with django_assert_num_queries(8):
            response = client.get(URL, {"section": section.pk, "member": member_a.pk})
        assert response.status_code == 200
