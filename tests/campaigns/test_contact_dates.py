"""Contacts dated as roughly as the source knows them: a day, a month, a year or a range.

Filter boundaries (``since``/``until`` keep a contact whose period overlaps theirs):

- day: the day itself.
- month: stored on the 1st; its period runs to the month's last day.
- year: stored on 1 January; its period runs to 31 December.
- range: from ``date`` to ``date_end``, both included.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from campaigns.engagement import by_month
from campaigns.models import Contact
from campaigns.selectors import contact_list
from campaigns.templatetags.dates_as_written import contact_date, milestone_date
from tests.campaigns.test_contact_forms import valid_data
from tests.factories import ContactFactory, MilestoneFactory, SectionFactory

D = datetime.date


def ids(user, **filters):
    return set(contact_list(user=user, filters=filters).values_list("pk", flat=True))


@pytest.fixture
def rough(db):
    return {
        "day": ContactFactory(date=D(2015, 8, 11)),
        "month": ContactFactory(date=D(2015, 8, 1), date_precision="month"),
        "year": ContactFactory(date=D(2015, 1, 1), date_precision="year"),
        "range": ContactFactory(
            date=D(2015, 8, 11), date_precision="range", date_end=D(2015, 11, 30)
        ),
    }


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        # The post-vote range reaches past 1 September; the day of the vote does not.
        ({"since": "2015-09-01"}, {"range", "year"}),
        ({"since": "2015-08-31"}, {"month", "range", "year"}),
        ({"since": "2015-08-12"}, {"month", "year", "range"}),
        ({"since": "2015-08-11"}, {"day", "month", "year", "range"}),
        ({"since": "2015-11-30"}, {"range", "year"}),
        ({"since": "2015-12-01"}, {"year"}),
        ({"since": "2015-12-31"}, {"year"}),
        ({"since": "2016-01-01"}, set()),
        ({"until": "2015-08-10"}, {"month", "year"}),
        ({"until": "2015-08-11"}, {"day", "month", "year", "range"}),
        ({"until": "2015-07-31"}, {"year"}),
        ({"until": "2014-12-31"}, set()),
        ({"since": "2015-09-01", "until": "2015-09-30"}, {"year", "range"}),
    ],
)
def test_since_and_until_keep_contacts_whose_period_overlaps(staff_user, rough, filters, kept):
    names = {c.pk: name for name, c in rough.items()}

    assert {names[pk] for pk in ids(staff_user, **filters)} == kept


def test_a_month_or_a_year_is_stored_as_its_first_day(db):
    month = ContactFactory.build(
        date=D(2015, 8, 20), date_precision="month", section=SectionFactory()
    )
    month.member.save()
    month.member_id = month.member.pk
    month.full_clean()

    assert month.date == D(2015, 8, 1)


def test_the_database_refuses_a_range_without_end_and_a_month_off_its_first(db):
    contact = ContactFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(date_precision="range")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(date_precision="month", date=D(2015, 8, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(date_end=D(2015, 9, 2))

    assert Contact.objects.get(pk=contact.pk).date_precision == "day"


def test_dates_are_shown_as_written_in_the_readers_language(rough):
    with translation.override("en"):
        assert contact_date(rough["day"]) == "11 Aug 2015"
        assert contact_date(rough["month"]) == "August 2015"
        assert contact_date(rough["year"]) == "2015"
        assert contact_date(rough["range"]) == "11 Aug 2015 – 30 Nov 2015"
    with translation.override("fr"):
        assert contact_date(rough["month"]).lower() == "août 2015"


def test_milestone_of_a_month_is_shown_as_that_month(db):
    milestone = MilestoneFactory(date=D(2014, 2, 1), precision="month")

    assert milestone_date(milestone) == "February 2014"


def test_the_form_takes_august_2015_and_the_list_marks_it_approximate(
    client_for, staff_user, member_a
):
    section = SectionFactory(name="AI Norway", country="NO")
    client = client_for(staff_user)

    response = client.post(
        reverse("campaigns:contact-create"),
        valid_data(section, member_a, date="2015-08-20", date_precision="month"),
    )

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.date, contact.date_precision, contact.date_end) == (
        D(2015, 8, 1),
        "month",
        None,
    )
    page = client.get(reverse("campaigns:contact-list")).content.decode()
    assert "August 2015" in page
    assert 'class="badge approximate"' in page
    detail = client.get(reverse("campaigns:contact-detail", args=[contact.pk])).content.decode()
    assert "August 2015" in detail
    assert "1 Aug 2015" not in detail


def test_the_form_refuses_a_range_without_its_end_and_saves_nothing(
    client_for, staff_user, member_a
):
    section = SectionFactory(name="AI Norway", country="NO")

    response = client_for(staff_user).post(
        reverse("campaigns:contact-create"),
        valid_data(section, member_a, date="2015-08-11", date_precision="range"),
    )

    assert response.status_code == 200
    assert "Give the last day the contact can have happened." in response.content.decode()
    assert not Contact.objects.exists()


def test_monthly_chart_spreads_a_range_over_its_months(staff_user, rough):
    months = {row["month"]: row for row in by_month(contacts=Contact.objects.all())}

    # The day and the month count whole in August; the range is a quarter in each of its four
    # months; the year a twelfth in each of its twelve.
    assert months[D(2015, 8, 1)]["contacts"] == 2
    assert months[D(2015, 8, 1)]["approximate"] == pytest.approx(0.25 + 1 / 12, abs=0.01)
    assert months[D(2015, 11, 1)]["approximate"] == pytest.approx(0.25 + 1 / 12, abs=0.01)
    assert months[D(2015, 12, 1)]["approximate"] == pytest.approx(1 / 12, abs=0.01)
    assert sum(row["contacts"] for row in months.values()) == 2
    assert sum(row["approximate"] for row in months.values()) == pytest.approx(2, abs=0.05)


def test_dashboard_draws_approximate_contacts_hatched_not_on_their_first_day(
    client_for, staff_user
):
    ContactFactory(date=D(2015, 8, 11), date_precision="range", date_end=D(2015, 11, 30))

    page = client_for(staff_user).get(reverse("campaigns:dashboard")).content.decode()

    assert page.count('<rect class="seg-approximate"') == 4  # August to November
    assert 'class="seg-0"' not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
