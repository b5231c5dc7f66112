"""The one read path of contacts: campaigns.selectors.contact_list."""

import datetime

import pytest

from campaigns.selectors import contact_list
from core.filters import InvalidFilters
from tests.factories import ContactFactory


@pytest.fixture
def same_day_contacts(db, member_a):
    day = datetime.date(2015, 8, 11)
    return [ContactFactory(member=member_a, date=day) for _ in range(3)]


def test_dates_must_be_iso_8601(staff_user, same_day_contacts):
    assert contact_list(user=staff_user, filters={"since": "2015-08-11"}).count() == 3
    with pytest.raises(InvalidFilters) as error:
        contact_list(user=staff_user, filters={"since": "11/08/2015"})
    assert "since" in error.value.message_dict


def test_empty_parameters_mean_no_filter(staff_user, same_day_contacts):
    rows = contact_list(user=staff_user, filters={"section": "", "member": ["", ""], "q": " "})
    assert rows.count() == 3


def test_same_day_contacts_keep_a_stable_order_both_ways(staff_user, same_day_contacts):
    ids = sorted(c.pk for c in same_day_contacts)
    oldest_first = contact_list(user=staff_user, filters={"sort": "date"})
    newest_first = contact_list(user=staff_user, filters={"sort": "-date"})
    assert [c.pk for c in oldest_first] == ids
    assert [c.pk for c in newest_first] == ids[::-1]


def test_unknown_value_names_the_parameter(staff_user, same_day_contacts):
    with pytest.raises(InvalidFilters) as error:
        contact_list(user=staff_user, filters={"channel": "pigeon", "region": "mars"})
    assert set(error.value.message_dict) == {"channel", "region"}
