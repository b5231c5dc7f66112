"""Contact dates far outside the tracker's window: refused at the form, and harmless to the
dashboard when one is stored anyway (written by SQL, an old import, a restored backup)."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Contact
from tests.campaigns.test_contact_forms import field_error, valid_data
from tests.factories import ContactFactory, MilestoneFactory, SectionFactory

DASHBOARD = reverse("campaigns:dashboard")
API = reverse("campaigns:api-engagement")
CREATE = reverse("campaigns:contact-create")
FAR_PAST = datetime.date(1, 1, 1)
FAR_FUTURE = datetime.date(9999, 12, 31)


def window_months() -> int:
    """Months from January 1990 to December of next year: the longest the series may be."""
    return (datetime.date.today().year + 1 - 1990 + 1) * 12


def test_a_focal_point_cannot_log_a_contact_dated_9999(client_for, focal_point, member_a):
    section = SectionFactory()

    response = client_for(focal_point).post(
        CREATE, valid_data(section, member_a, date=FAR_FUTURE.isoformat())
    )

    assert response.status_code == 200
    assert "Enter a date between Jan. 1, 1990 and Dec. 31," in field_error(response, "id_date")
    assert not Contact.objects.exists()


@pytest.mark.parametrize("stored", [FAR_FUTURE, FAR_PAST], ids=["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("persona", ["admin", "staff", "focal_point", "viewer"])
def test_a_stored_out_of_range_date_keeps_the_dashboard_up(
    client_for, personas, member_a, stored, persona
):
    ContactFactory(member=member_a, date=datetime.date(2015, 9, 1))
    # Written past every validator, as a raw SQL insert or an old backup would.
    ContactFactory(member=member_a, date=stored)
    client = client_for(personas[persona])

    page = client.get(DASHBOARD)
    data = client.get(API)

    assert page.status_code == 200
    assert data.status_code == 200
    months = data.json()["by_month"]
    assert 0 < len(months) <= window_months()
    assert data.json()["headline"]["contacts"] == 2
    assert data.json()["by_month_outside"] == 1


def test_a_stored_far_past_date_leaves_the_page_the_size_it_was(client_for, staff_user, member_a):
    ContactFactory(member=member_a, date=datetime.date(2015, 9, 1))
    MilestoneFactory(date=datetime.date(2015, 8, 11))
    client = client_for(staff_user)
    before = len(client.get(DASHBOARD).content)

    ContactFactory(member=member_a, date=FAR_PAST)
    MilestoneFactory(date=FAR_PAST)
    MilestoneFactory(date=FAR_FUTURE)
    response = client.get(DASHBOARD)

    assert response.status_code == 200
    # Without the window, 24,000 months of bars and ticks made this page 9.7 MB.
    assert len(response.content) < before + 20_000
    assert "1 contact is dated outside" in response.content.decode()
