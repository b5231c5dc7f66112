"""The campaign's emails: what each says and to whom it goes. The outbox (notifications)
queues, renders in the recipient's language and sends them.

No email carries personal data of anyone outside the recipient's own organisation: a focal
point gets its own organisation's records; people involved and private notes are never sent.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from campaigns.models import CheckIn, Contact
from notifications.models import OutgoingEmail
from notifications.services import absolute_url, email_queue


def focal_points_of(member_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active focal points of each member who can receive email, in one query."""
    found: defaultdict[int, list[User]] = defaultdict(list)
    users = (
        User.objects.filter(
            member_id__in=list(member_ids),
            is_active=True,
            groups__name=Role.FOCAL_POINT.value,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    for user in users:
        if user.member_id is not None:  # always: the filter names members
            found[user.member_id].append(user)
    return found


def _check_in_context(check_in: CheckIn) -> dict:
    return {
        "check_in": check_in,
        "round": check_in.round,
        "member_name": check_in.member.name,
        "answer_url": absolute_url(reverse("campaigns:check-in-respond", args=[check_in.pk])),
    }


def check_in_invitation_queue(*, check_in: CheckIn, recipients: Iterable[User]) -> int:
    """Ask each focal point to answer the round for its organisation."""
    return sum(
        email_queue(
            recipient=user,
            kind=OutgoingEmail.Kind.CHECK_IN_INVITATION,
            template="campaigns/emails/check_in_invitation",
            context=_check_in_context(check_in),
        )
        is not None
        for user in recipients
    )


def check_in_reminder_queue(*, check_in: CheckIn, recipients: Iterable[User]) -> int:
    return sum(
        email_queue(
            recipient=user,
            kind=OutgoingEmail.Kind.CHECK_IN_REMINDER,
            template="campaigns/emails/check_in_reminder",
            context=_check_in_context(check_in),
        )
        is not None
        for user in recipients
    )


def contact_notice_queue(*, contact: Contact) -> int:
    """Tell the member's focal points that the secretariat logged a contact with them: the
    contact's own fields, never the people involved or the private notes."""
    return sum(
        email_queue(
            recipient=user,
            kind=OutgoingEmail.Kind.CONTACT_NOTICE,
            template="campaigns/emails/contact_notice",
            context={
                "contact": contact,
                "member_name": contact.member.name,
                "contact_url": absolute_url(reverse("campaigns:contact-detail", args=[contact.pk])),
            },
        )
        is not None
        for user in focal_points_of([contact.member_id]).get(contact.member_id, [])
    )
