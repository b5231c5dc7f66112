"""Reads of the resource library, scoped by ``Resource.objects.visible_to``."""

from django.db.models import QuerySet

from campaigns.models import Resource


def resource_queryset(*, user) -> QuerySet[Resource]:
    """The resources a user may see or download; anything else answers 404."""
    return Resource.objects.visible_to(user)


def resource_list(*, user) -> QuerySet[Resource]:
    """The library, by title, with each resource's strategy (one query whatever its size)."""
    return resource_queryset(user=user).select_related("strategy__campaign").order_by("title", "id")
