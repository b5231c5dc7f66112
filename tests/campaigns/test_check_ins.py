"""Check-ins (strategy #5): recording that a member was asked, marking its answer, and the
lists of members never asked and members who have not answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CheckIn
from tests.factories import CheckInFactory, MemberFactory

URL = reverse("campaigns:check-ins")


def answer_url(check_in):
    return reverse("campaigns:check-in-answer", args=[check_in.pk])


def snapshot():
    return list(CheckIn.objects.order_by("pk").values())


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("staff", 200),
        ("focal_point", 403),
        ("viewer", 403),
        ("no_role", 302),
        ("anonymous", 302),
    ],
)
def test_check_in_pages_are_for_the_secretariat(personas, client_for, member_a, persona, status):
    check_in = CheckInFactory(member=member_a)
    client = client_for(personas[persona])
    assert client.get(URL).status_code == status
    assert client.get(answer_url(check_in)).status_code == status


@pytest.mark.parametrize("persona", ["focal_point", "viewer"])
def test_others_cannot_post_check_ins_or_answers(personas, client_for, member_a, persona):
    check_in = CheckInFactory(member=member_a)
    before = snapshot()
    client = client_for(personas[persona])

    assert client.post(URL, {"member": "Member A", "asked_on": "2015-10-01"}).status_code == 403
    response = client.post(
        answer_url(check_in), {"answer": "contacted", "answered_on": "2015-10-02"}
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_form_defaults_to_today_and_offers_member_names(client_for, staff_user, member_a):
    response = client_for(staff_user).get(URL)
    html = response.content.decode()

    assert response.context["form"]["asked_on"].value() == timezone.localdate()
    assert 'list="check-in-members"' in html
    assert '<option value="Member A">' in html


def test_recording_a_check_in_by_name_saves_and_redirects_with_a_message(
    client_for, staff_user, member_a
):
    response = client_for(staff_user).post(
        URL,
        {"member": "member a", "asked_on": "2015-10-01", "answer": "no-answer", "note": ""},
        follow=True,
    )

    assert response.redirect_chain == [(URL, 302)]
    assert "Check-in with Member A recorded." in response.content.decode()
    check_in = CheckIn.objects.get()
    assert check_in.member == member_a
    assert check_in.asked_on == datetime.date(2015, 10, 1)
    assert check_in.answer == CheckIn.Answer.NO_ANSWER
    assert check_in.asked_by == staff_user


def test_recording_a_check_in_with_its_answer(client_for, staff_user, member_a):
    client_for(staff_user).post(
        URL,
        {
            "member": "Member A",
            "asked_on": "2015-10-01",
            "answer": "contacted",
            "answered_on": "2015-10-03",
            "note": "AI Poland asked for a workshop.",
        },
    )

    check_in = CheckIn.objects.get()
    assert check_in.answer == CheckIn.Answer.CONTACTED
    assert check_in.answered_on == datetime.date(2015, 10, 3)
    assert check_in.note == "AI Poland asked for a workshop."


def test_asked_today_button_records_a_check_in_by_id(client_for, staff_user, member_a):
    today = timezone.localdate().isoformat()
    response = client_for(staff_user).post(
        URL, {"member": str(member_a.pk), "asked_on": today, "answer": "no-answer"}
    )

    assert response.status_code == 302
    assert CheckIn.objects.get().member == member_a


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"member": "Nobody here", "asked_on": "2015-10-01", "answer": "no-answer"},
            "member",
            "No member organisation is called “Nobody here”.",
        ),
        ({"member": "", "asked_on": "2015-10-01", "answer": "no-answer"}, "member", "required"),
        ({"member": "Member A", "asked_on": "", "answer": "no-answer"}, "asked_on", "required"),
        (
            {
                "member": "Member A",
                "asked_on": "2015-10-05",
                "answer": "contacted",
                "answered_on": "2015-10-01",
            },
            "answered_on",
            "The answer cannot come before the question",
        ),
        (
            {"member": "Member A", "asked_on": "2015-10-05", "answer": "contacted"},
            "answered_on",
            "Give the date of the answer.",
        ),
        (
            {
                "member": "Member A",
                "asked_on": "2015-10-05",
                "answer": "no-answer",
                "answered_on": "2015-10-06",
            },
            "answer",
            "Choose the answer",
        ),
        (
            {"member": "Member A", "asked_on": "5 Oct", "answer": "no-answer"},
            "asked_on",
            "Enter a valid date.",
        ),
    ],
)
def test_bad_check_in_shows_the_error_at_the_field_and_saves_nothing(
    client_for, staff_user, member_a, data, field, message
):
    response = client_for(staff_user).post(URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not CheckIn.objects.exists()


def test_answer_page_records_the_answer(client_for, staff_user, member_a):
    check_in = CheckInFactory(member=member_a, asked_on=datetime.date(2015, 10, 1), note="")
    response = client_for(staff_user).post(
        answer_url(check_in),
        {"answer": "not-contacted", "answered_on": "2015-10-08", "note": "Nothing yet."},
        follow=True,
    )

    assert response.redirect_chain == [(URL, 302)]
    assert "Answer from Member A recorded." in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.answer == CheckIn.Answer.NOT_CONTACTED
    assert check_in.answered_on == datetime.date(2015, 10, 8)
    assert check_in.note == "Nothing yet."


def test_answer_form_defaults_to_today_and_offers_only_real_answers(
    client_for, staff_user, member_a
):
    check_in = CheckInFactory(member=member_a, note="Asked at the AGM")
    response = client_for(staff_user).get(answer_url(check_in))
    form = response.context["form"]

    assert form["answered_on"].value() == timezone.localdate()
    assert form["note"].value() == "Asked at the AGM"
    assert [value for value, _label in form.fields["answer"].choices] == [
        "contacted",
        "not-contacted",
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"answer": "contacted", "answered_on": "2015-09-30"}, "answered_on"),
        ({"answer": "contacted", "answered_on": ""}, "answered_on"),
        ({"answer": "no-answer", "answered_on": "2015-10-02"}, "answer"),
        ({"answer": "", "answered_on": "2015-10-02"}, "answer"),
    ],
)
def test_bad_answer_shows_the_error_at_the_field_and_changes_nothing(
    client_for, staff_user, member_a, data, field
):
    check_in = CheckInFactory(member=member_a, asked_on=datetime.date(2015, 10, 1))
    before = snapshot()
    response = client_for(staff_user).post(answer_url(check_in), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert snapshot() == before


def test_answer_of_unknown_check_in_is_404(client_for, staff_user, db):
    response = client_for(staff_user).post(
        reverse("campaigns:check-in-answer", args=[999]),
        {"answer": "contacted", "answered_on": "2015-10-02"},
    )
    assert response.status_code == 404


def test_lists_of_members_never_asked_and_waiting_for_an_answer(client_for, staff_user, db):
    never = MemberFactory(name="Never asked")
    MemberFactory(name="Former, never asked", status="former")
    waiting = MemberFactory(name="Waiting")
    CheckInFactory(
        member=waiting,
        asked_on=datetime.date(2015, 9, 1),
        answer="contacted",
        answered_on=datetime.date(2015, 9, 2),
    )
    latest = CheckInFactory(member=waiting, asked_on=datetime.date(2015, 11, 1))
    answered = MemberFactory(name="Answered")
    CheckInFactory(member=answered, asked_on=datetime.date(2015, 9, 1))
    CheckInFactory(
        member=answered,
        asked_on=datetime.date(2015, 11, 1),
        answer="not-contacted",
        answered_on=datetime.date(2015, 11, 2),
    )

    response = client_for(staff_user).get(URL)
    html = response.content.decode()

    assert [m.name for m in response.context["never_asked"]] == [never.name]
    assert [m.name for m in response.context["awaiting"]] == [waiting.name]
    assert response.context["awaiting"][0].latest_check_in_id == latest.pk
    assert answer_url(latest) in html
    assert "Never asked (1)" in html
    assert "Waiting for an answer (1)" in html
    assert len(response.context["recent"]) == 4


@pytest.mark.parametrize("size", [2, 20])
def test_page_runs_a_fixed_number_of_queries(
    client_for, staff_user, size, django_assert_num_queries
):
    for _ in range(size):
        MemberFactory()
        CheckInFactory()
        CheckInFactory(
            answer="contacted",
            asked_on=datetime.date(2015, 10, 1),
            answered_on=datetime.date(2015, 10, 2),
        )
    client = client_for(staff_user)
    # session, user, groups, recent check-ins with member and asker, members never asked,
    # members waiting for an answer, the latest rounds with their counts, the names offered
    # by the member field
    with django_assert_num_queries(8):
        response = client.get(URL)
    assert len(response.context["never_asked"]) == size
    assert len(response.context["awaiting"]) == size
