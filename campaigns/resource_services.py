"""Writes of the resource library. The secretariat adds resources in the admin, whose form
runs the same checks (``Resource.clean``: the uploaded file's size and content)."""

from typing import Any

from django.db import transaction

from accounts.models import User
from campaigns.models import Resource


@transaction.atomic
def resource_create(*, user: User | None = None, **fields: Any) -> Resource:
    """Add a resource; a ValidationError naming the field (``file``, ``url``...) saves nothing."""
    resource = Resource(**fields)
    resource.full_clean()
    resource._history_user = user  # type: ignore[attr-defined]  # read by simple_history
    resource.save()
    return resource
