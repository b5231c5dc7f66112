"""Input that once answered 500: each now gets a 4xx (or is ignored where it is only a hint)
and changes nothing. Found by a production-like probe; tests/test_fuzz.py looks for more."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import CheckIn, Contact
from campaigns.pagination import CappedPaginator
from campaigns.views.contacts import ContactListView
from core.ids import as_id
from tests.factories import CheckInFactory, ContactFactory, SectionFactory

LIST = reverse("campaigns:contact-list")
CREATE = reverse("campaigns:contact-create")
CHECK_INS = reverse("campaigns:check-ins")
# int() reads these as 2 and 12; str.isdigit() says yes to the first, isdecimal() to both.
NOT_ASCII_DIGITS = ["²", "١٢", "１２"]


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
@pytest.mark.parametrize("param", ["section", "member"])
def test_an_id_in_other_digits_on_the_contact_list_is_a_400_naming_it(
    client_for, staff_user, param, value
):
    SectionFactory()

    response = client_for(staff_user).get(LIST, {param: value})

    assert response.status_code == 400
    assert value in response.content.decode()
    assert list(response.context["contacts"]) == []


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
@pytest.mark.parametrize("param", ["section", "member"])
def test_an_id_in_other_digits_preselects_nothing_on_the_new_contact_form(
    client_for, staff_user, param, value
):
    SectionFactory()

    response = client_for(staff_user).get(CREATE, {param: value})

    assert response.status_code == 200
    assert param not in response.context["form"].initial


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_a_check_in_for_a_member_in_other_digits_is_refused_at_the_field(
    client_for, staff_user, member_a, value
):
    response = client_for(staff_user).post(CHECK_INS, {"member": value, "asked_on": "2015-10-01"})

    assert response.status_code == 200
    assert response.context["form"].errors["member"]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775808"])
def test_a_page_number_past_any_row_shows_the_last_page(client_for, staff_user, monkeypatch, page):
    # Past the cap the paginator reads the page by OFFSET (never past what the database
    # takes), finds it empty and counts the rows for the last page.
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    monkeypatch.setattr(ContactListView, "paginate_by", 2)
    contacts = ContactFactory.create_batch(3)

    response = client_for(staff_user).get(LIST, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert [c.pk for c in response.context["contacts"]] == [contacts[0].pk]


# NUL is refused by PostgreSQL in any text it is given (SQLite takes it): these fail there.
@pytest.mark.parametrize(
    "url", [reverse("campaigns:member-search"), reverse("campaigns:section-search")]
)
@pytest.mark.parametrize("text", ["\x00", "AI\x00Norway"])
def test_a_nul_in_a_picker_search_is_a_400(client_for, staff_user, url, text):
    response = client_for(staff_user).get(url, {"q": text})

    assert response.status_code == 400
    assert "q" in response.json()["errors"]


@pytest.mark.parametrize("next_url", ["0", "contacts", "", "https://evil.example/", "//evil"])
def test_follow_up_done_with_an_unusable_next_goes_to_the_follow_ups(
    client_for, staff_user, next_url
):
    contact = ContactFactory(follow_up="Call back", follow_up_date=datetime.date(2015, 9, 10))
    url = reverse("campaigns:follow-up-done", args=[contact.pk])

    response = client_for(staff_user).post(url, {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:follow-ups")
    assert Contact.objects.get(pk=contact.pk).follow_up_done_on is not None


def test_follow_up_done_goes_back_to_a_page_of_this_site(client_for, staff_user):
    contact = ContactFactory(follow_up="Call back")
    url = reverse("campaigns:follow-up-done", args=[contact.pk])
    back = f"{LIST}?follow_up=open"

    response = client_for(staff_user).post(url, {"next": back})

    assert response["Location"] == back


def test_check_in_answer_with_other_digits_is_refused(client_for, staff_user, member_a):
    check_in = CheckInFactory(member=member_a)
    url = reverse("campaigns:check-in-answer", args=[check_in.pk])

    response = client_for(staff_user).post(url, {"answer": "contacted", "answered_on": "²"})

    assert response.status_code == 200
    assert response.context["form"].errors["answered_on"]


def test_a_search_longer_than_any_name_is_a_400_at_the_field(client_for, staff_user):
    # SQLite refuses a LIKE pattern past 50,000 bytes; nobody types a search that long.
    ContactFactory()

    response = client_for(staff_user).get(LIST, {"q": "x" * 60_000})

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("²", None),
        ("١٢", None),
        ("１２", None),
        ("-1", None),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("9" * 5000, None),
    ],
)
def test_only_ascii_digits_make_an_id(text, expected):
    assert as_id(text) == expected


# Found by tests/test_fuzz.py -----------------------------------------------------------------

HUGE_ID = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [LIST, reverse("campaigns:dashboard"), reverse("campaigns:api-engagement")],
)
@pytest.mark.parametrize("param", ["section", "member"])
def test_an_id_past_64_bits_is_a_400_naming_it(client_for, staff_user, url, param):
    # SQLite cannot compare such an integer in pk__in (OverflowError); PostgreSQL can.
    response = client_for(staff_user).get(url, {param: [HUGE_ID, "1"]})

    assert response.status_code == 400
    assert HUGE_ID in response.content.decode()


@pytest.mark.parametrize("field", ["member", "section", "people"])
def test_a_contact_edit_with_an_id_past_64_bits_is_refused_at_the_field(
    client_for, staff_user, field
):
    contact = ContactFactory()
    url = reverse("campaigns:contact-update", args=[contact.pk])
    data = {
        "date": "2015-09-01",
        "section": contact.section_id,
        "member": contact.member_id,
        "initiated_by": "section",
        "channel": "meeting",
        "summary": "Edited",
        "hours_paid": "unknown",
        "version": contact.version,
        field: HUGE_ID,
    }

    response = client_for(staff_user).post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Contact.objects.get(pk=contact.pk).summary != "Edited"


def test_a_check_in_member_longer_than_any_name_is_refused_at_the_field(
    client_for, staff_user, member_a
):
    # SQLite refuses a LIKE pattern (name__iexact) past 50,000 bytes.
    response = client_for(staff_user).post(
        CHECK_INS, {"member": "x" * 60_000, "asked_on": "2015-10-01"}
    )

    assert response.status_code == 200
    assert "at most 200 characters" in response.context["form"].errors["member"][0]


@pytest.mark.parametrize("value", ["x", "²", HUGE_ID])
@pytest.mark.parametrize(
    ("page", "field"),
    [
        ("admin:campaigns_contact_add", "section"),
        ("admin:campaigns_milestone_add", "campaign"),
        ("admin:campaigns_checkin_add", "asked_by"),
        ("admin:members_person_add", "member"),
    ],
)
def test_an_admin_add_form_ignores_a_preselection_that_is_no_id(
    client_for, admin_user, page, field, value
):
    response = client_for(admin_user).get(reverse(page), {field: value})

    assert response.status_code == 200
    assert field not in response.context["adminform"].form.initial


@pytest.mark.parametrize("value", ["x", "2015-09-01 10:00"])
def test_an_admin_add_form_reads_a_preselected_date_and_time_or_ignores_it(
    client_for, admin_user, value
):
    response = client_for(admin_user).get(
        reverse("admin:campaigns_contact_add"), {"deleted_at": value, "summary": "Prefilled"}
    )

    assert response.status_code == 200
    initial = response.context["adminform"].form.initial
    assert ("deleted_at" in initial) == (value != "x")
    assert initial["summary"] == "Prefilled"
