"""Check-in rounds: the secretariat opens one (page or command), each addressed member's focal
points are invited, answer for their organisation with the contacts they had, the round page
counts it by region, reminders go to those who have not answered, and closing stops them."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from campaigns.models import CheckIn, CheckInRound, Contact
from campaigns.round_services import check_in_reminders_queue, check_in_round_open
from notifications.models import OutgoingEmail
from tests.factories import MemberFactory, SectionFactory, UserFactory

CREATE = reverse("campaigns:check-in-round-create")
INVITATION = OutgoingEmail.Kind.CHECK_IN_INVITATION
REMINDER = OutgoingEmail.Kind.CHECK_IN_REMINDER


def respond_url(check_in):
    return reverse("campaigns:check-in-respond", args=[check_in.pk])


def emails(kind):
    return sorted(OutgoingEmail.objects.filter(kind=kind).values_list("to_address", flat=True))


def today():
    return timezone.localdate()


def open_round(members, **kwargs):
    return check_in_round_open(
        opened_by=None,
        since=datetime.date(2015, 8, 11),
        closes_on=kwargs.pop("closes_on", today() + datetime.timedelta(days=28)),
        members=members,
        **kwargs,
    )


def management(prefix="contacts", total=1):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "10",
    }


def contact_row(n, section, **fields):
    row = {
        "section": section.pk,
        "date_precision": "month",
        "date": "2015-09-01",
        "channel": "meeting",
        "initiated_by": "section",
        "summary": f"Reported meeting {n}",
        "outcome": "They agreed to consult us",
        "hours": "3",
        "hours_paid": "false",
        **fields,
    }
    return {f"contacts-{n}-{name}": value for name, value in row.items()}


def test_secretariat_opens_a_round_for_a_region_and_focal_points_are_invited(
    client_for, staff_user, focal_point, member_a, member_b, other_focal_point
):
    no_focal = MemberFactory(name="Member C", region="europe")
    MemberFactory(name="Former", region="europe", status="former")
    response = client_for(staff_user).post(
        CREATE,
        {
            "since": "2015-08-11",
            "audience": "region",
            "region": "europe",
            "closes_on": (today() + datetime.timedelta(days=14)).isoformat(),
            "reminder_days": "7",
        },
        follow=True,
    )

    round_ = CheckInRound.objects.get()
    assert response.redirect_chain == [(reverse("campaigns:check-in-round", args=[round_.pk]), 302)]
    assert "Round opened: 2 members asked." in response.content.decode()
    assert set(round_.check_ins.values_list("member__name", flat=True)) == {
        "Member A",
        "Member C",
    }
    assert round_.opened_by == staff_user
    assert emails(INVITATION) == ["focal-a@example.org"]
    assert [c.member for c in response.context["without_focal_point"]] == [no_focal]
    invitation = OutgoingEmail.objects.get()
    assert respond_url(round_.check_ins.get(member=member_a)) in invitation.body_text
    assert "Member A" in invitation.body_text
    assert invitation.stop_url == ""  # an invitation cannot be turned off


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"audience": "region"}, "region"),
        ({"audience": "list"}, "members"),
        ({"closes_on": "2000-01-01"}, "closes_on"),
        ({"since": "2999-01-01"}, "since"),
        ({"since": "11 Aug"}, "since"),
    ],
)
def test_bad_round_shows_the_error_at_the_field_and_opens_nothing(
    client_for, staff_user, focal_point, data, field
):
    post = {
        "since": "2015-08-11",
        "audience": "all",
        "closes_on": (today() + datetime.timedelta(days=14)).isoformat(),
        "reminder_days": "7",
        **data,
    }
    response = client_for(staff_user).post(CREATE, post)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not CheckInRound.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_command_opens_a_round_for_chosen_members(focal_point, member_a, member_b, capsys):
    call_command(
        "open_check_in_round",
        "--member",
        str(member_a.pk),
        "--member",
        str(member_b.pk),
        "--since",
        "2015-08-11",
        "--closes",
        (today() + datetime.timedelta(days=7)).isoformat(),
    )

    assert "2 members asked" in capsys.readouterr().out
    assert CheckIn.objects.filter(round__isnull=False).count() == 2
    assert emails(INVITATION) == ["focal-a@example.org"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday", "--closes", "2999-01-01"], "not a date"),
        (["--since", "2015-08-11", "--closes", "2999-01-01", "--member", "999"], "id 999"),
        (["--since", "2015-08-11", "--closes", "2000-01-01"], "cannot be in the past"),
    ],
)
def test_command_refuses_bad_input_and_opens_nothing(member_a, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("open_check_in_round", *args)
    assert not CheckInRound.objects.exists()


def test_focal_point_reports_contacts_that_become_its_own(client_for, focal_point, member_a):
    section = SectionFactory(country="PL", name="AI Poland")
    other = SectionFactory(country="NO", name="AI Norway")
    check_in = open_round([member_a]).check_ins.get()
    client = client_for(focal_point)

    page = client.get(respond_url(check_in))
    assert page.context["formset"].forms[0]["section"].value() == section.pk  # national first

    data = {
        "answer": "contacted",
        "note": "",
        **management(total=2),
        **contact_row(0, section),
        **contact_row(1, other, date_precision="range", date="2015-08-11", date_end="2015-11-30"),
    }
    response = client.post(respond_url(check_in), data, follow=True)

    assert "Thank you: your answer is recorded." in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.answer == CheckIn.Answer.CONTACTED
    assert check_in.answered_by == focal_point
    assert check_in.answered_on == today()
    reported = Contact.objects.filter(check_in=check_in).order_by("pk")
    assert [(c.section, c.member, c.logged_by) for c in reported] == [
        (section, member_a, focal_point),
        (other, member_a, focal_point),
    ]
    assert reported[1].date_end == datetime.date(2015, 11, 30)
    assert reported[0].hours_paid is False
    edit = client.get(reverse("campaigns:contact-update", args=[reported[0].pk]))
    assert edit.status_code == 200
    assert not OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.CONTACT_NOTICE).exists()


def test_not_contacted_is_recorded_as_such(client_for, focal_point, member_a):
    check_in = open_round([member_a]).check_ins.get()
    client_for(focal_point).post(
        respond_url(check_in), {"answer": "not-contacted", **management(total=1)}
    )
    check_in.refresh_from_db()
    assert check_in.answer == CheckIn.Answer.NOT_CONTACTED
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("answer", "rows", "message"),
    [
        ("contacted", {}, "Add at least one contact"),
        ("not-contacted", "row", "Contacts are reported"),
        ("contacted", {"contacts-0-section": "", "contacts-0-summary": "x"}, "required"),
    ],
)
def test_bad_answer_changes_nothing(client_for, focal_point, member_a, answer, rows, message):
    section = SectionFactory(country="PL")
    check_in = open_round([member_a]).check_ins.get()
    if rows == "row":
        rows = contact_row(0, section)
    response = client_for(focal_point).post(
        respond_url(check_in), {"answer": answer, **management(total=1), **rows}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.answer == CheckIn.Answer.NO_ANSWER
    assert not Contact.objects.exists()


def test_focal_point_of_another_member_cannot_open_or_answer(
    client_for, other_focal_point, member_a
):
    check_in = open_round([member_a]).check_ins.get()
    client = client_for(other_focal_point)
    assert client.get(respond_url(check_in)).status_code == 404
    response = client.post(respond_url(check_in), {"answer": "not-contacted", **management()})
    assert response.status_code == 404
    check_in.refresh_from_db()
    assert check_in.answer == CheckIn.Answer.NO_ANSWER


def test_closed_round_takes_no_answer(client_for, staff_user, focal_point, member_a):
    round_ = open_round([member_a])
    check_in = round_.check_ins.get()
    client_for(staff_user).post(reverse("campaigns:check-in-round-close", args=[round_.pk]))
    response = client_for(focal_point).post(
        respond_url(check_in), {"answer": "not-contacted", **management()}
    )
    assert "closed" in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.answer == CheckIn.Answer.NO_ANSWER


def test_round_page_counts_answers_by_region(client_for, staff_user, focal_point, member_a):
    section = SectionFactory(country="PL")
    member_b = MemberFactory(region="africa")
    member_c = MemberFactory(region="africa")
    round_ = open_round([member_a, member_b, member_c])
    client_for(focal_point).post(
        respond_url(round_.check_ins.get(member=member_a)),
        {"answer": "contacted", **management(), **contact_row(0, section)},
    )
    client_for(staff_user).post(
        respond_url(round_.check_ins.get(member=member_b)),
        {"answer": "not-contacted", **management()},
    )

    response = client_for(staff_user).get(reverse("campaigns:check-in-round", args=[round_.pk]))
    progress = response.context["progress"]
    europe = next(r for r in progress["regions"] if r["region"] == "europe")
    africa = next(r for r in progress["regions"] if r["region"] == "africa")
    counts = ("asked", "answered", "contacted", "not_contacted", "no_answer")
    assert tuple(europe[k] for k in counts) == (1, 1, 1, 0, 0)
    assert tuple(africa[k] for k in counts) == (2, 1, 0, 1, 1)
    assert tuple(progress["total"][k] for k in counts) == (3, 2, 1, 1, 1)
    assert "Reported meeting 0" not in response.content.decode()  # sections and dates only
    assert section.name in response.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_round_page_runs_a_fixed_number_of_queries(
    client_for, staff_user, size, django_assert_num_queries
):
    members = MemberFactory.create_batch(size)
    for member in members[: size // 2]:
        UserFactory(role=Role.FOCAL_POINT, member=member)
    round_ = open_round(members)
    for check_in in round_.check_ins.all()[: size // 2]:
        Contact.objects.create(
            check_in=check_in,
            member=check_in.member,
            section=SectionFactory(),
            date=datetime.date(2015, 9, 1),
            channel="email",
            summary="x",
        )
    client = client_for(staff_user)
    # session, user, groups; the round with its opener; progress by region; the check-ins with
    # members, answerers and whether each has a focal point; their reported contacts with
    # sections
    with django_assert_num_queries(7):
        response = client.get(reverse("campaigns:check-in-round", args=[round_.pk]))
    assert len(response.context["check_ins"]) == size
    assert len(response.context["without_focal_point"]) == size - size // 2


def test_reminders_once_per_interval_to_those_who_have_not_answered(
    focal_point, member_a, other_focal_point, member_b
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        round_ = open_round([member_a, member_b], reminder_days=7)
    check_in_b = round_.check_ins.get(member=member_b)

    def run(days):
        with time_machine.travel(start + datetime.timedelta(days=days), tick=False):
            call_command("remind_check_in_rounds")

    run(3)
    assert emails(REMINDER) == []
    with time_machine.travel(start + datetime.timedelta(days=4), tick=False):
        CheckIn.objects.filter(pk=check_in_b.pk).update(
            answer="not-contacted", answered_on=timezone.localdate()
        )
    run(7)
    run(7)
    run(10)
    assert emails(REMINDER) == ["focal-a@example.org"]
    run(14)
    assert emails(REMINDER) == ["focal-a@example.org"] * 2
    reminder = OutgoingEmail.objects.filter(kind=REMINDER).first()
    assert reminder.stop_url

    with time_machine.travel(start + datetime.timedelta(days=15), tick=False):
        from campaigns.round_services import check_in_round_close

        check_in_round_close(round_=round_)
    run(21)
    run(28)
    assert len(emails(REMINDER)) == 2


def test_no_reminders_after_the_closing_date(focal_point, member_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        open_round([member_a], reminder_days=7, closes_on=timezone.localdate())
    with time_machine.travel(start + datetime.timedelta(days=8), tick=False):
        assert check_in_reminders_queue() == 0


def _csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_answers_export_links_each_answer_to_its_rows_in_the_contacts_export(
    client_for, staff_user, focal_point, member_a, member_b
):
    section = SectionFactory(country="PL", name="AI Poland")
    round_ = open_round([member_a, member_b])
    check_in = round_.check_ins.get(member=member_a)
    data = {
        "answer": "contacted",
        "note": "Asked at our meeting",
        **management(total=2),
        **contact_row(0, section),
        **contact_row(1, section, date="2015-10-02"),
    }
    client_for(focal_point).post(respond_url(check_in), data)
    reported = list(Contact.objects.filter(check_in=check_in).order_by("date", "pk"))
    client = client_for(staff_user)

    answers = client.get(reverse("campaigns:check-in-round-answers-csv", args=[round_.pk]))

    assert answers.status_code == 200
    assert (
        answers["Content-Disposition"] == f'attachment; filename="check-in-round-{round_.pk}.csv"'
    )
    rows = {row["member_id"]: row for row in _csv_rows(answers)}
    assert set(rows) == {str(member_a.pk), str(member_b.pk)}
    answered = rows[str(member_a.pk)]
    assert answered["answer"] == "contacted"
    assert answered["contact_ids"] == f"{reported[0].pk}; {reported[1].pk}"
    assert "note" not in answered  # personal data only when asked for
    assert rows[str(member_b.pk)]["answer"] == "no-answer"
    assert rows[str(member_b.pk)]["contact_ids"] == ""
    contacts = _csv_rows(client.get(reverse("campaigns:contact-export-csv")))
    exported = {row["id"] for row in contacts}
    assert set(answered["contact_ids"].split("; ")) <= exported

    with_notes = client.get(
        reverse("campaigns:check-in-round-answers-csv", args=[round_.pk]), {"personal_data": "1"}
    )
    assert {r["note"] for r in _csv_rows(with_notes)} == {"Asked at our meeting", ""}
    bad = client.get(
        reverse("campaigns:check-in-round-answers-csv", args=[round_.pk]), {"personal_data": "2"}
    )
    assert bad.status_code == 400
    assert "personal_data: must be 0 or 1." in bad.content.decode()
