"""Reads of check-in rounds: the list, a round's progress by region and its answers, and the
check-ins a user may answer. The secretariat reads rounds; a focal point reads only its own
organisation's check-ins."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from accounts.roles import Role, can_see_personal_data, role_of
from campaigns.models import CheckIn, CheckInRound, Contact
from core.regions import Region

ANSWERED = ~Q(answer=CheckIn.Answer.NO_ANSWER)
COUNTS = {
    "asked": Count("pk"),
    "answered": Count("pk", filter=ANSWERED),
    "contacted": Count("pk", filter=Q(answer=CheckIn.Answer.CONTACTED)),
    "not_contacted": Count("pk", filter=Q(answer=CheckIn.Answer.NOT_CONTACTED)),
    "no_answer": Count("pk", filter=Q(answer=CheckIn.Answer.NO_ANSWER)),
}


def check_in_round_list(*, user) -> QuerySet[CheckInRound]:
    """Rounds, newest first, with how many members each asked and how many answered."""
    if not can_see_personal_data(user):
        return CheckInRound.objects.none()
    return CheckInRound.objects.annotate(
        asked=Count("check_ins"),
        answered=Count("check_ins", filter=Q(check_ins__answered_on__isnull=False)),
    ).order_by("-created_at", "-id")


def check_in_round_queryset(*, user) -> QuerySet[CheckInRound]:
    if not can_see_personal_data(user):
        return CheckInRound.objects.none()
    return CheckInRound.objects.select_related("opened_by")


def check_in_round_progress(*, round_: CheckInRound) -> dict:
    """Asked, answered, contacted, not contacted and no answer: per region and in all.

    One query, grouped by region; every region is listed, with zeros where none was asked.
    """
    rows: dict[str, Mapping[str, Any]] = {
        row["member__region"]: row
        for row in round_.check_ins.values("member__region").annotate(**COUNTS).order_by()
    }
    regions: list[dict[str, Any]] = [
        {"region": value, "label": label, **{k: rows.get(value, {}).get(k, 0) for k in COUNTS}}
        for value, label in Region.choices
    ]
    total = {k: sum(region[k] for region in regions) for k in COUNTS}
    return {"regions": regions, "total": total}


def focal_point_exists(member_ref) -> Exists:
    """Whether the member has an active focal point with an email address."""
    return Exists(
        User.objects.filter(
            member_id=member_ref, is_active=True, groups__name=Role.FOCAL_POINT.value
        ).exclude(email="")
    )


def check_in_round_check_ins(*, round_: CheckInRound) -> list[CheckIn]:
    """Every member the round asked, by region, answer and name, with whether it has a focal
    point to email and the live contacts its answer reported (two queries)."""
    reported = Contact.objects.filter(deleted_at__isnull=True).select_related("section")
    return list(
        round_.check_ins.select_related("member", "answered_by")
        .annotate(has_focal_point=focal_point_exists(OuterRef("member_id")))
        .prefetch_related(Prefetch("reported_contacts", queryset=reported.order_by("date", "pk")))
        .order_by("member__region", "answer", "member__name", "pk")
    )


def check_ins_to_answer(*, user) -> QuerySet[CheckIn]:
    """The round check-ins a user may open to answer: a focal point its own organisation's,
    the secretariat every one (to type in an answer given by other means)."""
    role = role_of(user)
    check_ins = CheckIn.objects.filter(round__isnull=False).select_related("member", "round")
    if role in (Role.ADMIN, Role.STAFF):
        return check_ins
    if role == Role.FOCAL_POINT:
        return check_ins.filter(member_id=user.member_id)
    return CheckIn.objects.none()


def reported_contacts(*, check_in: CheckIn, user) -> QuerySet[Contact]:
    return (
        Contact.objects.visible_to(user)
        .filter(check_in=check_in)
        .select_related("section")
        .order_by("date", "pk")
    )
