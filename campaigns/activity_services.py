"""Writes of requests made in the app: a member's answer to a section's request.

The secretariat records and edits requests in the admin; here the addressed member's focal
point (or the secretariat on its behalf) accepts or declines one. Atomic, validated, and the
user named on the history record as for every other write.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.models import SectionRequest

ACCEPT = "accept"
DECLINE = "decline"
# Which statuses each answer may follow, and the one it leads to.
ANSWERS = {
    ACCEPT: ((SectionRequest.Status.REQUESTED,), SectionRequest.Status.ACCEPTED),
    DECLINE: (
        (SectionRequest.Status.REQUESTED, SectionRequest.Status.ACCEPTED),
        SectionRequest.Status.DECLINED,
    ),
}


@transaction.atomic
def request_answer(*, section_request: SectionRequest, user: User, answer: str) -> SectionRequest:
    """Accept or decline the request; a request already past that point is left unchanged
    and the error says what it is now."""
    if answer not in ANSWERS:
        raise ValidationError({"answer": _("Answer “accept” or “decline”.")})
    current = SectionRequest.objects.select_for_update().get(pk=section_request.pk)
    allowed, status = ANSWERS[answer]
    if current.status not in allowed:
        raise ValidationError(
            {
                "status": _("This request is already %(status)s; it cannot be answered so.")
                % {"status": current.get_status_display().lower()}
            }
        )
    current.status = status
    current.answered_by = user
    current.answered_at = timezone.now()
    current._history_user = user  # type: ignore[attr-defined]  # read by simple_history
    current._change_reason = "Accepted" if answer == ACCEPT else "Declined"  # type: ignore[attr-defined]
    current.full_clean()
    current.save()
    return current
