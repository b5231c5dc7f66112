"""The weekly digest: each user's open and overdue follow-ups and, for a focal point, what was
logged for its organisation that week; for everyone, how many contacts they may see were
logged. Built from ``Contact.objects.visible_to(user)``, so a focal point's digest holds only
its own organisation's records, and member names are shown as the reader may see them.
Follow-up actions and summaries (free text) go only to a focal point of the contact's own
organisation; others get the section, the member and the link."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, can_see_personal_data, role_of
from campaigns.models import Contact
from notifications.models import OutgoingEmail
from notifications.services import absolute_url, email_queue

WEEK = datetime.timedelta(days=7)
# A second run in the same week queues nothing for someone who already has this week's.
NOT_AGAIN_WITHIN = datetime.timedelta(days=6)
LISTED = 50


def _row(contact: Contact, *, personal_data: bool, own: bool) -> dict:
    return {
        "contact": contact,
        "member_name": contact.member.display_name(personal_data=personal_data),
        "own": own,
        "url": absolute_url(reverse("campaigns:contact-detail", args=[contact.pk])),
    }


def digest_context(*, user: User, now: datetime.datetime) -> dict | None:
    """What the user's digest says; None when it would say nothing."""
    role = role_of(user)
    if role is None:
        return None
    today = timezone.localdate(now)
    personal_data = can_see_personal_data(user)
    visible = Contact.objects.visible_to(user).select_related("section", "member")
    own_member = user.member_id if role == Role.FOCAL_POINT else None
    open_follow_ups = []
    if role in (Role.ADMIN, Role.STAFF, Role.FOCAL_POINT):
        open_follow_ups = [
            _row(c, personal_data=personal_data, own=c.member_id == own_member)
            for c in visible.filter(follow_up_owner=user, follow_up_done_on__isnull=True)
            .filter(~Q(follow_up="") | Q(follow_up_date__isnull=False))
            .order_by("follow_up_date", "pk")[:LISTED]
        ]
    logged_for_us = []
    if own_member is not None:
        logged_for_us = [
            _row(c, personal_data=personal_data, own=True)
            for c in visible.filter(created_at__gte=now - WEEK).order_by("-date", "-pk")[:LISTED]
        ]
    logged_count = visible.filter(created_at__gte=now - WEEK).count()
    if not open_follow_ups and not logged_for_us and not logged_count:
        return None
    overdue = [
        r
        for r in open_follow_ups
        if r["contact"].follow_up_date and r["contact"].follow_up_date < today
    ]
    return {
        "overdue": overdue,
        "coming": [r for r in open_follow_ups if r not in overdue],
        "logged_for_us": logged_for_us,
        "logged_count": logged_count,
        "follow_ups_url": absolute_url(reverse("campaigns:follow-ups") + "?owner=me"),
    }


def digests_queue(*, now: datetime.datetime | None = None) -> int:
    """Queue this week's digest for every active user with a role and an address."""
    now = now or timezone.now()
    queued = 0
    recent = OutgoingEmail.objects.filter(
        kind=OutgoingEmail.Kind.DIGEST, created_at__gte=now - NOT_AGAIN_WITHIN
    ).values("recipient_id")
    users = User.objects.filter(is_active=True).exclude(email="").exclude(pk__in=recent)
    for user in users.order_by("pk"):
        context = digest_context(user=user, now=now)
        if context is None:
            continue
        queued += (
            email_queue(
                recipient=user,
                kind=OutgoingEmail.Kind.DIGEST,
                template="campaigns/emails/digest",
                context=context,
            )
            is not None
        )
    return queued
