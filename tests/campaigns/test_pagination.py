"""The contact list's paginator: exact below the cap, "N+" and next-page links above it."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import reverse

from campaigns.models import Contact
from campaigns.pagination import CappedPaginator
from tests.factories import ContactFactory

LIST_URL = reverse("campaigns:contact-list")


def test_below_the_cap_counts_exactly_like_django():
    paginator = CappedPaginator(list(range(23)), 10, cap=30)

    assert paginator.count == 23
    assert not paginator.is_capped
    assert paginator.num_pages == 3
    assert list(paginator.page(3)) == [20, 21, 22]
    assert not paginator.page(3).has_next()


def test_past_the_cap_pages_by_reading_one_row_more():
    paginator = CappedPaginator(list(range(95)), 10, cap=30)

    assert paginator.count == 31
    assert paginator.is_capped
    assert paginator.num_pages is None
    page = paginator.page(5)
    assert list(page) == list(range(40, 50))
    assert page.has_next()
    assert page.has_previous()
    assert (page.start_index(), page.end_index()) == (41, 50)
    last = paginator.page(10)
    assert list(last) == list(range(90, 95))
    assert not last.has_next()
    with pytest.raises(EmptyPage):
        paginator.page(11)
    with pytest.raises(EmptyPage):
        paginator.page(0)
    with pytest.raises(PageNotAnInteger):
        paginator.page("last")


def test_count_query_stops_at_the_cap(db, django_assert_num_queries):
    ContactFactory.create_batch(6)
    paginator = CappedPaginator(Contact.objects.order_by("-date", "-id"), 2, cap=4)

    with django_assert_num_queries(2) as captured:
        page = paginator.page(2)
        rows = list(page)

    assert paginator.count == 5
    assert len(rows) == 2
    assert page.has_next()
    assert "LIMIT 5" in captured.captured_queries[0]["sql"]
    assert "LIMIT 3" in captured.captured_queries[1]["sql"]


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 30)


def test_list_past_the_cap_says_n_plus_and_offers_next(
    small_cap, client_for, staff_user, django_assert_num_queries
):
    ContactFactory.create_batch(60)
    client = client_for(staff_user)

    first = client.get(LIST_URL).content.decode()
    assert "30+ contacts" in first
    assert "Page 1<" in first
    assert "Page 1 of" not in first
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first

    last = client.get(LIST_URL, {"page": 3})
    html = last.content.decode()
    assert len(last.context["contacts"]) == 10
    assert 'rel="prev"' in html
    assert 'rel="next"' not in html


def test_list_past_the_cap_shows_the_last_page_for_a_page_past_the_end(
    small_cap, client_for, staff_user
):
    ContactFactory.create_batch(60)
    client = client_for(staff_user)

    for page in ("4", "999999999999999999999"):
        past = client.get(LIST_URL, {"page": page})
        assert past.status_code == 200
        assert past.context["page_obj"].number == 3
        assert len(past.context["contacts"]) == 10


@pytest.mark.parametrize(("page", "shown"), [("9", 2), ("last", 1), ("-1", 1), ("0", 1)])
def test_list_below_the_cap_forgives_a_page_past_the_end_or_not_a_number(
    client_for, staff_user, page, shown
):
    ContactFactory.create_batch(27)

    response = client_for(staff_user).get(LIST_URL, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert f"Page {shown} of 2" in response.content.decode()


def test_list_past_the_cap_shows_the_first_page_for_a_page_that_is_not_a_number(
    small_cap, client_for, staff_user
):
    ContactFactory.create_batch(60)

    for page in ("last", "0", "-2"):
        response = client_for(staff_user).get(LIST_URL, {"page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].number == 1


def test_list_below_the_cap_keeps_the_exact_count_and_page_total(small_cap, client_for, staff_user):
    ContactFactory.create_batch(27)

    html = client_for(staff_user).get(LIST_URL, {"page": 2}).content.decode()

    assert "27 contacts" in html
    assert "Page 2 of 2" in html
