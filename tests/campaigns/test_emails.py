"""What the tracker emails, received by a real SMTP server: round invitations in each focal
point's language, exactly once however the sender runs, kept through a relay outage; contact
notices; weekly digests that hold only what the reader may see."""

import datetime
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from campaigns.digests import digests_queue
from campaigns.round_services import check_in_round_open
from campaigns.services import contact_create
from notifications import services as notification_services
from notifications.models import OutgoingEmail
from notifications.sending import send_due
from tests.factories import ContactFactory, MemberFactory, SectionFactory, UserFactory
from tests.smtp_server import body_of, smtp_server  # noqa: F401

HAS_PREFERRED_LANGUAGE = any(f.name == "preferred_language" for f in User._meta.get_fields())
# How each language writes the round's date: proof the email was rendered in it.
SINCE_AS_WRITTEN = {"fr": "11 août 2015", "es": "11 de agosto de 2015", "ru": "11 августа 2015"}


@pytest.fixture
def three_focal_points(db, monkeypatch):
    """Three members, each with a focal point speaking another language. Where the user model
    has ``preferred_language`` it is set; until then the one function that reads it
    (``language_of``, as the outbox calls it) answers from the same table."""
    languages = {}
    members = []
    for code in ("fr", "es", "ru"):
        member = MemberFactory(name=f"Member {code}")
        user = UserFactory(username=f"focal-{code}", role=Role.FOCAL_POINT, member=member)
        if HAS_PREFERRED_LANGUAGE:
            user.preferred_language = code
            user.save(update_fields=["preferred_language"])
        languages[user.pk] = code
        members.append(member)
    if not HAS_PREFERRED_LANGUAGE:
        monkeypatch.setattr(
            notification_services, "language_of", lambda user: languages.get(user.pk, "en")
        )
    return members


def open_round(members):
    return check_in_round_open(
        opened_by=None,
        since=datetime.date(2015, 8, 11),
        closes_on=timezone.localdate() + datetime.timedelta(days=28),
        members=members,
    )


def received(server):
    return sorted((m["To"], m["Content-Language"], body_of(m)) for m in server.messages)


def test_round_invites_three_focal_points_in_their_languages_once(
    smtp_server,  # noqa: F811
    three_focal_points,
):
    open_round(three_focal_points)
    call_command("send_notifications")
    call_command("send_notifications")

    messages = received(smtp_server)
    assert [(to, language) for to, language, _body in messages] == [
        ("focal-es@example.org", "es"),
        ("focal-fr@example.org", "fr"),
        ("focal-ru@example.org", "ru"),
    ]
    for _to, language, body in messages:
        assert SINCE_AS_WRITTEN[language] in body
        assert "/check-ins/" in body
        assert "/respond/" in body
    html = body_of(smtp_server.messages[0], "html")
    assert "/respond/" in html


def test_relay_down_keeps_the_invitations_until_it_is_back(
    smtp_server,  # noqa: F811
    three_focal_points,
):
    open_round(three_focal_points)
    smtp_server.stop()
    with pytest.raises(CommandError):
        call_command("send_notifications")
    assert OutgoingEmail.objects.filter(state="queued").count() == 3

    smtp_server.start()
    call_command("send_notifications")
    assert len(smtp_server.messages) == 3
    assert OutgoingEmail.objects.filter(state="sent").count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks: one sender at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_the_three_invitations_once(
    smtp_server,  # noqa: F811
    role_groups,
    monkeypatch,
):
    members = [MemberFactory() for _ in range(3)]
    for member in members:
        UserFactory(role=Role.FOCAL_POINT, member=member)
    open_round(members)
    barrier = threading.Barrier(2)

    def sender():
        try:
            barrier.wait()
            send_due()
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(smtp_server.messages) == 3
    assert len({m["To"] for m in smtp_server.messages}) == 3


def test_secretariat_contact_is_announced_to_the_focal_point_only(
    staff_user, focal_point, other_focal_point, member_a
):
    contact_create(
        user=staff_user,
        section=SectionFactory(name="AI Poland", country="PL"),
        member=member_a,
        date=datetime.date(2015, 9, 1),
        channel="meeting",
        summary="Met about the policy",
        notes="Private: do not send",
    )
    notice = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.CONTACT_NOTICE)
    assert notice.to_address == focal_point.email
    assert "AI Poland" in notice.subject
    assert "Met about the policy" in notice.body_text
    assert "Private" not in notice.body_text
    assert notice.stop_url


def test_focal_points_own_contact_sends_no_notice(focal_point, member_a):
    contact_create(
        user=focal_point,
        section=SectionFactory(),
        member=member_a,
        date=datetime.date(2015, 9, 1),
        channel="meeting",
        summary="x",
    )
    assert not OutgoingEmail.objects.exists()


def test_focal_points_digest_holds_only_its_organisations_records(
    focal_point, member_a, member_b, viewer, staff_user
):
    hidden = MemberFactory(name="Hidden Collective", name_public=False)
    ContactFactory(
        member=member_a,
        summary="Workshop for our members",
        follow_up="Send the guide",
        follow_up_date=datetime.date(2015, 9, 5),
        follow_up_owner=focal_point,
    )
    ContactFactory(member=member_b, summary="Other organisation's meeting")
    ContactFactory(member=hidden, summary="Meeting with a hidden member")
    digests_queue()

    digest = OutgoingEmail.objects.get(recipient=focal_point)
    assert "Workshop for our members" in digest.body_text
    assert "Send the guide" in digest.body_text
    assert "Overdue follow-ups" in digest.body_text
    assert "Member B" not in digest.body_text
    assert "Other organisation" not in digest.body_text
    assert "Hidden Collective" not in digest.body_text
    assert "1 contact was logged this week." in digest.body_text

    viewers = OutgoingEmail.objects.get(recipient=viewer)
    assert "3 contacts were logged this week." in viewers.body_text
    for name in ("Member A", "Member B", "Hidden Collective", "Workshop", "meeting"):
        assert name not in viewers.body_text
        assert name not in viewers.body_html


def test_digest_goes_once_a_week_and_can_be_stopped(client, focal_point, member_a):
    ContactFactory(member=member_a)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert digests_queue() == 1
        assert digests_queue() == 0
    digest = OutgoingEmail.objects.get()
    client.get(digest.stop_url.removeprefix("http://127.0.0.1:8000"))
    ContactFactory(member=member_a)
    with time_machine.travel(start + datetime.timedelta(days=7), tick=False):
        assert digests_queue() == 0


def test_secretariat_digest_lists_owned_follow_ups_without_free_text(staff_user, member_a):
    ContactFactory(
        member=member_a,
        section=SectionFactory(name="AI Norway", country="NO"),
        follow_up="Call Jane Doe at the section",
        follow_up_date=datetime.date(2999, 1, 1),
        follow_up_owner=staff_user,
    )
    digests_queue()
    digest = OutgoingEmail.objects.get(recipient=staff_user)
    assert "Open follow-ups" in digest.body_text
    assert "AI Norway · Member A" in digest.body_text
    assert "Jane Doe" not in digest.body_text
