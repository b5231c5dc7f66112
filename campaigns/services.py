"""Writes of the campaigns app. Every change to a contact or a check-in goes through these
functions.

Each one is atomic, validates the model with ``full_clean()`` before saving, and names the user
on the history record, so a change made from the command line is attributed as well as one
made through a page (where simple-history's middleware would also know the user).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, role_of
from campaigns.emails import contact_notice_queue
from campaigns.models import CheckIn, Contact
from members.models import MemberOrganisation, Person

# Change reasons stored on history records; contact_history turns them into words.
DELETED = "Deleted"
RESTORED = "Restored"
FOLLOW_UP_DONE = "Follow-up done"
PEOPLE_CHANGED = "People involved changed"


class ContactVersionConflict(Exception):
    """Someone saved the contact after the editor opened it; ``current`` is their version."""

    def __init__(self, current: Contact):
        super().__init__(f"Contact {current.pk} is at version {current.version}.")
        self.current = current


def _default_follow_up_owner(contact: Contact, user: User | None) -> None:
    """A focal point's follow-up without an owner is the focal point's own."""
    has_follow_up = contact.follow_up or contact.follow_up_date
    if has_follow_up and contact.follow_up_owner_id is None and role_of(user) == Role.FOCAL_POINT:
        contact.follow_up_owner = user


def _save(contact: Contact, *, user: User | None, reason: str = "") -> None:
    # django-simple-history reads these attributes; it ships no types.
    contact._history_user = user  # type: ignore[attr-defined]
    if reason:
        contact._change_reason = reason  # type: ignore[attr-defined]
    contact.full_clean()
    contact.save()


@transaction.atomic
def contact_create(
    *, user: User | None, people: Iterable[Person] | None = None, **fields: Any
) -> Contact:
    """Log a contact; ``logged_by`` is the user who logs it, whatever ``fields`` says.

    A contact the secretariat logs is announced to the member's focal points (queued in this
    transaction)."""
    fields.pop("logged_by", None)
    contact = Contact(logged_by=user, **fields)
    _default_follow_up_owner(contact, user)
    _save(contact, user=user)
    if people:
        contact.people.set(people)
    if role_of(user) in (Role.ADMIN, Role.STAFF):
        contact_notice_queue(contact=contact)
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    user: User | None,
    expected_version: int,
    people: Iterable[Person] | None = None,
    **fields: Any,
) -> Contact:
    """Apply ``fields`` if nobody saved the contact since ``expected_version``.

    The version check is a conditional UPDATE, so of two concurrent saves from the same
    version exactly one wins, on SQLite and PostgreSQL alike; the loser gets
    ContactVersionConflict carrying the winner's values and nothing of it is written.
    ``people`` None leaves the people involved as they are (for users who may not see them).
    """
    won = Contact.objects.filter(
        pk=contact.pk, version=expected_version, deleted_at__isnull=True
    ).update(version=expected_version + 1)
    current = Contact.objects.select_related("section", "member", "strategy").get(pk=contact.pk)
    if not won:
        raise ContactVersionConflict(current)
    for name in ("logged_by", "version", "deleted_at", "pk", "id"):
        fields.pop(name, None)
    for name, value in fields.items():
        setattr(current, name, value)
    _default_follow_up_owner(current, user)
    people = list(people) if people is not None else None
    # The history keeps each version's fields; a change of people is recorded as the reason
    # of the version that made it (by fact, not by name: the names are personal data).
    people_changed = people is not None and {p.pk for p in people} != set(
        current.people.values_list("pk", flat=True)
    )
    _save(current, user=user, reason=PEOPLE_CHANGED if people_changed else "")
    if people is not None and people_changed:
        current.people.set(people)
    return current


@transaction.atomic
def contact_delete(*, contact: Contact, user: User | None) -> Contact:
    """Soft delete: the contact leaves every list but stays in the database for an admin."""
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if current.deleted_at is None:
        current.deleted_at = timezone.now()
        current.version += 1
        _save(current, user=user, reason=DELETED)
    return current


@transaction.atomic
def contact_restore(*, contact: Contact, user: User | None) -> bool:
    """Bring a soft-deleted contact back into every list; False if it was not deleted."""
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if current.deleted_at is None:
        return False
    current.deleted_at = None
    current.version += 1
    _save(current, user=user, reason=RESTORED)
    return True


@transaction.atomic
def follow_up_mark_done(*, contact: Contact, user: User | None) -> Contact:
    """Mark the follow-up done today; a follow-up already done keeps its first date."""
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if current.follow_up_done_on is None:
        current.follow_up_done_on = timezone.localdate()
        current.version += 1
        _save(current, user=user, reason=FOLLOW_UP_DONE)
    return current


# Check-ins: strategy #5, the secretariat asking a member whether its section has contacted it.


def _check_answer(*, asked_on: datetime.date, answer: str, answered_on: datetime.date | None):
    """An answer and its date come together, and no answer precedes the question."""
    errors = {}
    if answered_on is not None and answered_on < asked_on:
        errors["answered_on"] = _("The answer cannot come before the question (asked on %s).") % (
            formats.date_format(asked_on)
        )
    elif answer != CheckIn.Answer.NO_ANSWER and answered_on is None:
        errors["answered_on"] = _("Give the date of the answer.")
    elif answer == CheckIn.Answer.NO_ANSWER and answered_on is not None:
        errors["answer"] = _("Choose the answer that came on that date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def check_in_record(
    *,
    member: MemberOrganisation,
    asked_on: datetime.date,
    asked_by: User,
    answer: str = CheckIn.Answer.NO_ANSWER,
    answered_on: datetime.date | None = None,
    note: str = "",
) -> CheckIn:
    """Record that the secretariat asked ``member`` whether its section had contacted it."""
    _check_answer(asked_on=asked_on, answer=answer, answered_on=answered_on)
    check_in = CheckIn(
        member=member,
        asked_on=asked_on,
        asked_by=asked_by,
        answer=answer,
        answered_on=answered_on,
        note=note,
    )
    check_in.full_clean()
    check_in.save()
    return check_in


@transaction.atomic
def check_in_answer(
    *, check_in: CheckIn, answer: str, answered_on: datetime.date | None, note: str
) -> CheckIn:
    """Record the member's answer to an earlier check-in (or correct it)."""
    check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    _check_answer(asked_on=check_in.asked_on, answer=answer, answered_on=answered_on)
    check_in.answer = answer
    check_in.answered_on = answered_on
    check_in.note = note
    check_in.full_clean()
    check_in.save()
    return check_in
