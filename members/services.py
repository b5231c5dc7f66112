"""Writes about members: the audit trail of opened person records and the check-ins of
strategy #5 (the secretariat asking a member whether its section has contacted it)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from campaigns.models import CheckIn
from members.models import MemberOrganisation, Person


@transaction.atomic
def person_view_record(*, user: User, person: Person, ip_address: str | None) -> AuditEvent:
    """Log that ``user`` opened a person's record. Only the id: logs hold no personal data."""
    event = AuditEvent(
        kind=AuditEvent.Kind.PERSON_VIEWED,
        user=user,
        username=user.get_username(),
        ip_address=ip_address or None,
        detail={"person_id": person.pk},
    )
    event.full_clean()
    event.save()
    return event


def _check_answer(*, asked_on: datetime.date, answer: str, answered_on: datetime.date | None):
    """An answer and its date come together, and no answer precedes the question."""
    errors = {}
    if answered_on is not None and answered_on < asked_on:
        errors["answered_on"] = _("The answer cannot come before the question (asked on %s).") % (
            asked_on.isoformat()
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
