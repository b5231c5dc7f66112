"""The window of dates people may type (core.dates), where it is enforced, and what they see
when a date falls outside it: a message at the field naming the window, nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CheckIn, Contact, Milestone
from campaigns.services import check_in_record, contact_create
from core import dates
from tests.campaigns.test_contact_forms import field_error, valid_data
from tests.factories import CampaignFactory, CheckInFactory, SectionFactory

TODAY = timezone.localdate()
END_OF_NEXT_YEAR = datetime.date(TODAY.year + 1, 12, 31)
LIST = reverse("campaigns:contact-list")
API = reverse("campaigns:api-engagement")
CREATE = reverse("campaigns:contact-create")
CHECK_INS = reverse("campaigns:check-ins")


def test_the_windows_are_the_documented_ones():
    assert dates.record_window() == (datetime.date(1990, 1, 1), END_OF_NEXT_YEAR)
    assert dates.latest_plan_date(datetime.date(2026, 6, 15)) == datetime.date(2031, 6, 15)
    # Five years after a 29 February there is none: the day before stands in.
    assert dates.latest_plan_date(datetime.date(2024, 2, 29)) == datetime.date(2029, 2, 28)


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (datetime.date(1989, 12, 31), False),
        (datetime.date(1990, 1, 1), True),
        (END_OF_NEXT_YEAR, True),
        (END_OF_NEXT_YEAR + datetime.timedelta(days=1), False),
        (datetime.date(1, 1, 1), False),
        (datetime.date(9999, 12, 31), False),
    ],
)
def test_a_record_date_is_accepted_inside_the_window_only(day, ok):
    if ok:
        dates.validate_record_date(day)
    else:
        with pytest.raises(ValidationError, match="Enter a date between"):
            dates.validate_record_date(day)


# The contact form -----------------------------------------------------------------------------


@pytest.fixture
def section(db):
    return SectionFactory()


@pytest.mark.parametrize("day", ["0001-01-01", "1989-12-31", "9999-12-31"])
def test_the_contact_form_refuses_a_date_outside_the_window_at_the_field(
    client_for, staff_user, section, member_a, day
):
    response = client_for(staff_user).post(CREATE, valid_data(section, member_a, date=day))

    assert response.status_code == 200
    message = field_error(response, "id_date")
    assert "Enter a date between Jan. 1, 1990 and" in message
    assert str(END_OF_NEXT_YEAR.year) in message
    assert not Contact.objects.exists()


def test_the_contact_form_refuses_a_follow_up_more_than_five_years_ahead(
    client_for, staff_user, section, member_a
):
    too_late = dates.latest_plan_date() + datetime.timedelta(days=1)
    data = valid_data(section, member_a, follow_up="Meet again", follow_up_date=too_late)

    response = client_for(staff_user).post(CREATE, data)

    assert "Enter a date between" in field_error(response, "id_follow_up_date")
    assert not Contact.objects.exists()


def test_the_contact_form_takes_the_last_day_of_each_window(
    client_for, staff_user, section, member_a
):
    data = valid_data(
        section,
        member_a,
        date=END_OF_NEXT_YEAR,
        follow_up="Meet again",
        follow_up_date=dates.latest_plan_date(),
    )

    response = client_for(staff_user).post(CREATE, data)

    assert response.status_code == 302
    assert Contact.objects.get().date == END_OF_NEXT_YEAR


def test_the_date_pickers_offer_only_the_window(client_for, staff_user):
    html = client_for(staff_user).get(CREATE).content.decode()

    assert f'min="1990-01-01" max="{END_OF_NEXT_YEAR.isoformat()}"' in html
    assert f'max="{dates.latest_plan_date().isoformat()}"' in html


def test_the_service_refuses_a_date_outside_the_window(staff_user, section, member_a):
    with pytest.raises(ValidationError) as error:
        contact_create(
            user=staff_user,
            date=datetime.date(9999, 12, 31),
            section=section,
            member=member_a,
            channel=Contact.Channel.EMAIL,
            summary="From a script",
        )

    assert "date" in error.value.message_dict
    assert not Contact.objects.exists()


# Check-ins ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("asked_on", {"asked_on": "0001-01-01"}),
        (
            "answered_on",
            {"asked_on": "2015-10-01", "answer": "contacted", "answered_on": "9999-12-31"},
        ),
    ],
)
def test_a_check_in_outside_the_window_is_refused_at_the_field(
    client_for, staff_user, member_a, field, data
):
    response = client_for(staff_user).post(CHECK_INS, {"member": member_a.name, **data})

    assert response.status_code == 200
    assert "Enter a date between" in response.context["form"].errors[field][0]
    assert not CheckIn.objects.exists()


def test_a_check_in_answer_outside_the_window_is_refused(client_for, staff_user, member_a):
    check_in = CheckInFactory(member=member_a)
    url = reverse("campaigns:check-in-answer", args=[check_in.pk])

    response = client_for(staff_user).post(
        url, {"answer": "contacted", "answered_on": "9999-12-31"}
    )

    assert "Enter a date between" in response.context["form"].errors["answered_on"][0]
    check_in.refresh_from_db()
    assert check_in.answered_on is None


def test_the_check_in_service_refuses_a_date_outside_the_window(staff_user, member_a):
    with pytest.raises(ValidationError) as error:
        check_in_record(member=member_a, asked_on=datetime.date(1, 1, 1), asked_by=staff_user)

    assert "asked_on" in error.value.message_dict


# Milestones (admin) ---------------------------------------------------------------------------


def test_the_admin_refuses_a_milestone_outside_the_window(client_for, admin_user):
    campaign = CampaignFactory()
    url = reverse("admin:campaigns_milestone_add")

    response = client_for(admin_user).post(
        url,
        {
            "campaign": campaign.pk,
            "date": "9999-12-31",
            "precision": "day",
            "title": "Far away",
            "kind": "other",
        },
    )

    assert response.status_code == 200
    assert "Enter a date between" in str(response.context["adminform"].form.errors["date"])
    assert not Milestone.objects.exists()


# Filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize("param", ["since", "until"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_filter_outside_the_window_is_a_400_at_the_field(client_for, staff_user, param, day):
    client = client_for(staff_user)

    page = client.get(LIST, {param: day})
    data = client.get(API, {param: day})

    assert page.status_code == 400
    assert "Enter a date between" in page.content.decode()
    assert data.status_code == 400
    assert "Enter a date between" in data.json()["errors"][param][0]
