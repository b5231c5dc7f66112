"""Writes about members and people: the erasure of a person's personal data."""

import re

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models, transaction

from accounts.models import AuditEvent
from accounts.services import audit_event_create
from members.models import Person

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
    person._change_reason = "erasure"  # type: ignore[attr-defined]  # read by simple_history
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
