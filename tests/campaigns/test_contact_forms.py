"""Logging and editing a contact through the form: what saves, and what is refused where."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Contact
from tests.factories import ContactFactory, PersonFactory, SectionFactory, StrategyFactory

CREATE_URL = reverse("campaigns:contact-create")


@pytest.fixture
def section(db):
    return SectionFactory(name="AI Norway", country="NO")


def valid_data(section, member, **overrides):
    """A complete POST of the contact form; ``overrides`` replace or add fields."""
    data = {
        "date": "2015-09-01",
        "section": section.pk,
        "member": member.pk,
        "initiated_by": "member",
        "formality": "informal",
        "channel": "meeting",
        "summary": "Met the section's board about the resolution.",
        "outcome": "",
        "follow_up": "",
        "follow_up_date": "",
        "participants": "",
        "participants_max": "",
        "hours": "",
        "hours_paid": "unknown",
        "notes": "",
        "save": "1",
    }
    data.update(overrides)
    return data


def field_error(response, field_id: str) -> str:
    """The text of the error element rendered next to the field (empty if none)."""
    html = response.content.decode()
    marker = f'id="{field_id}_error">'
    start = html.find(marker)
    if start < 0:
        return ""
    start += len(marker)
    return html[start : html.index("</p>", start)]


def test_form_defaults_the_date_to_today(client_for, staff_user):
    response = client_for(staff_user).get(CREATE_URL)

    assert response.status_code == 200
    assert f'value="{datetime.date.today().isoformat()}"' in response.content.decode()


def test_staff_logs_a_contact_and_sees_it_with_a_message(client_for, staff_user, section, member_a):
    strategy = StrategyFactory()
    person = PersonFactory(member=member_a)
    data = valid_data(
        section,
        member_a,
        strategy=strategy.pk,
        people=[person.pk],
        participants="15",
        participants_max="18",
        hours="3.5",
        hours_paid="false",
        notes="Board member asked us not to quote her.",
        follow_up="Send the policy brief",
        follow_up_date="2015-09-15",
    )

    response = client_for(staff_user).post(CREATE_URL, data, follow=True)

    contact = Contact.objects.get()
    assert response.redirect_chain[-1][0] == reverse("campaigns:contact-detail", args=[contact.pk])
    assert "logged" in response.content.decode()
    assert contact.logged_by == staff_user
    assert contact.strategy == strategy
    assert list(contact.people.all()) == [person]
    assert contact.participants_label == "15–18"
    assert str(contact.hours) == "3.5"
    assert contact.hours_paid is False
    assert contact.follow_up_date == datetime.date(2015, 9, 15)


def test_save_and_log_another_returns_a_blank_form(client_for, staff_user, section, member_a):
    data = valid_data(section, member_a, save_and_add="1")
    del data["save"]

    response = client_for(staff_user).post(CREATE_URL, data, follow=True)

    assert response.redirect_chain[-1][0] == CREATE_URL
    assert Contact.objects.count() == 1
    html = response.content.decode()
    assert "logged" in html
    assert "Met the section&#x27;s board" not in html


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"section": ""}, "id_section", "This field is required."),
        ({"summary": ""}, "id_summary", "This field is required."),
        (
            {"follow_up_date": "2015-08-01"},
            "id_follow_up_date",
            "The follow-up date cannot be before the contact date.",
        ),
        ({"hours": "-2"}, "id_hours", "Hours cannot be negative."),
        ({"member": "999999"}, "id_member", "Select a valid choice."),
        ({"section": "999999"}, "id_section", "Select a valid choice."),
        ({"channel": "carrier-pigeon"}, "id_channel", "Select a valid choice."),
        ({"date": "1 Sept"}, "id_date", "Enter a valid date."),
        (
            {"participants": "18", "participants_max": "15"},
            "id_participants_max",
            "The upper bound of participants cannot be below the lower bound.",
        ),
    ],
)
def test_invalid_input_shows_the_error_next_to_the_field_and_saves_nothing(
    client_for, staff_user, section, member_a, overrides, field_id, message
):
    data = {**valid_data(section, member_a), **overrides}

    response = client_for(staff_user).post(CREATE_URL, data)

    assert response.status_code == 200
    assert message in field_error(response, field_id)
    assert Contact.objects.count() == 0


def test_focal_point_form_offers_only_its_own_organisation(client_for, focal_point, member_b):
    response = client_for(focal_point).get(CREATE_URL)

    html = response.content.decode()
    assert response.context["form"].fields["member"].queryset.get() == focal_point.member
    assert member_b.name not in html
    assert 'name="people"' not in html


def test_focal_point_logs_for_its_own_organisation(client_for, focal_point, section, member_a):
    data = valid_data(section, member_a, notes="Our own note.")

    response = client_for(focal_point).post(CREATE_URL, data)

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert contact.member == member_a
    assert contact.notes == "Our own note."
    assert contact.logged_by == focal_point


def test_focal_point_posting_another_organisations_id_is_refused(
    client_for, focal_point, section, member_b
):
    response = client_for(focal_point).post(CREATE_URL, valid_data(section, member_b))

    assert response.status_code == 200
    assert "your own organisation" in field_error(response, "id_member")
    assert Contact.objects.count() == 0


def test_people_outside_the_chosen_section_and_member_are_refused(
    client_for, staff_user, section, member_a, member_b
):
    stranger = PersonFactory(member=member_b)

    response = client_for(staff_user).post(
        CREATE_URL, valid_data(section, member_a, people=[stranger.pk])
    )

    assert "Select a valid choice." in field_error(response, "id_people")
    assert Contact.objects.count() == 0


def test_focal_point_cannot_set_people_by_posting_them(client_for, focal_point, section, member_a):
    person = PersonFactory(member=member_a)

    client_for(focal_point).post(CREATE_URL, valid_data(section, member_a, people=[person.pk]))

    assert Contact.objects.get().people.count() == 0


def test_viewer_cannot_open_or_post_the_form(client_for, viewer, section, member_a):
    client = client_for(viewer)

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, valid_data(section, member_a)).status_code == 403
    assert Contact.objects.count() == 0


def test_create_form_can_preselect_section_and_member(client_for, staff_user, section, member_a):
    response = client_for(staff_user).get(
        CREATE_URL, {"section": section.pk, "member": member_a.pk}
    )

    form = response.context["form"]
    assert form["section"].value() == section.pk
    assert form["member"].value() == member_a.pk


def test_edit_invalid_input_changes_nothing(client_for, staff_user, section, member_a):
    contact = ContactFactory(section=section, member=member_a, summary="Original")
    data = valid_data(section, member_a, version=contact.version, summary="Changed", hours="-1")

    response = client_for(staff_user).post(
        reverse("campaigns:contact-update", args=[contact.pk]), data
    )

    assert "Hours cannot be negative." in field_error(response, "id_hours")
    contact.refresh_from_db()
    assert contact.summary == "Original"
    assert contact.version == 1


@pytest.mark.django_db
def test_a_person_of_nswps_secretariat_is_named_without_an_organisation():
    """NSWP's own staff belong to no member or section: their label (on the conflict page of an
    edit, which lists the saved people) names them and their role, and does not fail."""
    from campaigns.forms import PeopleField
    from members.models import Person

    coordinator = PersonFactory(
        name="Ruth Morgan Thomas", member=None, nswp_secretariat=True, role="Global coordinator"
    )
    field = PeopleField(queryset=Person.objects.all())

    assert field.label_from_instance(coordinator) == "Ruth Morgan Thomas (Global coordinator)"
