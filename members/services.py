"""Writes about members: check-ins of strategy #5 (the secretariat asking a member whether
its section has contacted it) and the erasure of a person's personal data."""

import datetime
import re

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.models import CheckIn
from members.models import MemberOrganisation, Person


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


# --- Erasure (right to erasure) -------------------------------------------------------------

ERASED_TEXT = "[erased]"
# Shorter values (initials, a two-digit extension) would match too much text by accident.
MIN_ERASABLE_LENGTH = 3
_PERSONAL_TEXT_FIELDS = ("role", "email", "phone", "preferred_language", "notes", "source_note")


def _erasable_fields(model) -> list[models.Field]:
    """Free-text columns that could quote a person: not choices, keys, passwords or sessions."""
    if model._meta.proxy or not model._meta.managed or model is Session:
        return []
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
        and field.name != "password"
    ]


def _scrub_everywhere(values: list[str]) -> int:
    """Replace whole-word mentions of ``values`` (any case) in every text column of every
    model, history tables and the admin's change log included. Returns the rows changed."""
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(v) for v in values) + r")(?!\w)", re.IGNORECASE
    )
    changed = 0
    for model in apps.get_models():
        manager = model._base_manager
        for field in _erasable_fields(model):
            mentions = models.Q()
            for value in values:
                mentions |= models.Q(**{f"{field.attname}__icontains": value})
            for pk, text in manager.filter(mentions).values_list("pk", field.attname):
                scrubbed = pattern.sub(ERASED_TEXT, text)
                if field.max_length:
                    scrubbed = scrubbed[: field.max_length]
                if scrubbed != text:
                    manager.filter(pk=pk).update(**{field.attname: scrubbed})
                    changed += 1
    return changed


@transaction.atomic
def person_erase(*, person_id: int, operator: str = "") -> int:
    """Remove a person's personal data everywhere, for the right to erasure.

    The person row stays (contacts keep pointing at "Erased person #ID", so counts and the
    contacts' non-personal facts survive) but its name, contact details and notes go, in the
    row and in every historical version of it; then every name, email and phone the person
    ever had is replaced by "[erased]" wherever free text quotes it (other records' summaries
    and notes, their history, the admin's change log). Nothing is written to the log but the
    person's id. Backups made before the erasure still hold the data until they are rotated.
    Returns the number of other rows scrubbed.
    """
    from accounts.models import AuditEvent
    from accounts.services import audit_event_create

    person = Person.objects.select_for_update().get(pk=person_id)
    versions = Person.history.filter(id=person.pk)
    values = {person.name, person.email, person.phone}
    for name, email, phone in versions.values_list("name", "email", "phone"):
        values |= {name, email, phone}
    erasable = sorted(
        {v.strip() for v in values if v and len(v.strip()) >= MIN_ERASABLE_LENGTH},
        key=len,
        reverse=True,
    )

    erased_name = f"Erased person #{person.pk}"
    blank = dict.fromkeys(_PERSONAL_TEXT_FIELDS, "")
    facts = {"name": erased_name, "speaks_to_media": False, "public_as_sex_worker": False}
    for field, value in {**blank, **facts}.items():
        setattr(person, field, value)
    person._change_reason = "erasure"
    person.full_clean()
    person.save()
    versions.update(**blank, **facts, history_change_reason="erasure")

    scrubbed = _scrub_everywhere(erasable) if erasable else 0
    audit_event_create(
        kind=AuditEvent.Kind.PERSON_ERASED,
        username=operator,
        detail={"person": person.pk, "rows_scrubbed": scrubbed},
    )
    return scrubbed
