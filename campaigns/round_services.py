"""Writes of check-in rounds: opening one (and inviting each addressed member's focal
points), a member's answer with the contacts it reports, reminders, closing.

Every function is atomic; the emails are queued in the same transaction, so a round that
fails to open invites nobody.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from campaigns.emails import check_in_invitation_queue, check_in_reminder_queue, focal_points_of
from campaigns.models import CheckIn, CheckInRound
from campaigns.services import contact_create
from members.models import MemberOrganisation


@transaction.atomic
def check_in_round_open(
    *,
    opened_by: User | None,
    since: datetime.date,
    closes_on: datetime.date,
    members: Iterable[MemberOrganisation],
    reminder_days: int = 7,
) -> CheckInRound:
    """Ask ``members`` which sections contacted them since ``since``; invite their focal
    points by email. Raises ValidationError naming the field at fault."""
    today = timezone.localdate()
    members = list(members)
    errors = {}
    if not members:
        errors["members"] = _("Choose at least one member organisation.")
    if since > today:
        errors["since"] = _("The date asked about cannot be in the future.")
    if closes_on < today:
        errors["closes_on"] = _("The closing date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    round_ = CheckInRound(
        since=since, closes_on=closes_on, reminder_days=reminder_days, opened_by=opened_by
    )
    round_.full_clean()
    round_.save()
    bulk_create_with_history(
        [
            CheckIn(member=member, asked_on=today, asked_by=opened_by, round=round_)
            for member in members
        ],
        CheckIn,
        default_user=opened_by,
    )
    check_ins = list(round_.check_ins.select_related("member", "round"))
    recipients = focal_points_of(check_in.member_id for check_in in check_ins)
    for check_in in check_ins:
        check_in_invitation_queue(
            check_in=check_in, recipients=recipients.get(check_in.member_id, [])
        )
    return round_


@transaction.atomic
def check_in_round_close(*, round_: CheckInRound) -> CheckInRound:
    """Close the round now: no more answers, no more reminders."""
    current = CheckInRound.objects.select_for_update().get(pk=round_.pk)
    if current.closed_at is None:
        current.closed_at = timezone.now()
        current.save(update_fields=["closed_at", "updated_at"])
    return current


@transaction.atomic
def check_in_respond(
    *,
    check_in: CheckIn,
    user: User,
    contacted: bool,
    contacts: Iterable[dict[str, Any]] = (),
    note: str = "",
) -> CheckIn:
    """Record a member's answer to a round: "not contacted", or the contacts it reports,
    each logged as a contact by ``user`` and linked to the answer. Answering again adds
    contacts; an answer that reported contacts cannot become "not contacted"."""
    current = (
        CheckIn.objects.select_for_update(of=("self",)).select_related("round").get(pk=check_in.pk)
    )
    contacts = list(contacts)
    if current.round is None or not current.round.is_open():
        raise ValidationError(_("This check-in round is closed; it takes no more answers."))
    reported = current.reported_contacts.filter(deleted_at__isnull=True).exists()
    if contacted and not contacts and not reported:
        raise ValidationError(
            {"answer": _("Add at least one contact below, or answer that none was made.")}
        )
    if not contacted and (contacts or reported):
        raise ValidationError(
            {
                "answer": _(
                    "Contacts are reported for this check-in: answer that sections "
                    "contacted you, or delete those contacts first."
                )
            }
        )
    for fields in contacts:
        contact_create(user=user, member=current.member, check_in=current, **fields)
    current.answer = CheckIn.Answer.CONTACTED if contacted else CheckIn.Answer.NOT_CONTACTED
    current.answered_on = timezone.localdate()
    current.answered_by = user
    if note:
        current.note = note
    current._history_user = user  # type: ignore[attr-defined]  # read by simple_history
    current.full_clean()
    current.save()
    return current


def check_in_reminders_queue(*, today: datetime.date | None = None) -> int:
    """Remind the focal points of members that have not answered an open round, at most once
    per the round's interval (counted from the question, then from the last reminder).
    Each check-in is claimed by a conditional UPDATE, so two runs at once remind once."""
    today = today or timezone.localdate()
    reminded = 0
    rounds = CheckInRound.objects.filter(closed_at__isnull=True, closes_on__gte=today)
    for round_ in rounds:
        cutoff = today - datetime.timedelta(days=round_.reminder_days)
        due = (
            round_.check_ins.filter(answer=CheckIn.Answer.NO_ANSWER)
            .filter(
                Q(last_reminded_on__isnull=True, asked_on__lte=cutoff)
                | Q(last_reminded_on__lte=cutoff)
            )
            .select_related("member", "round")
        )
        for check_in in due:
            reminded += _remind(check_in=check_in, today=today)
    return reminded


@transaction.atomic
def _remind(*, check_in: CheckIn, today: datetime.date) -> int:
    unchanged = (
        Q(last_reminded_on__isnull=True)
        if check_in.last_reminded_on is None
        else Q(last_reminded_on=check_in.last_reminded_on)
    )
    claimed = CheckIn.objects.filter(
        unchanged, pk=check_in.pk, answer=CheckIn.Answer.NO_ANSWER
    ).update(last_reminded_on=today)
    if not claimed:
        return 0
    recipients = focal_points_of([check_in.member_id]).get(check_in.member_id, [])
    return check_in_reminder_queue(check_in=check_in, recipients=recipients)
