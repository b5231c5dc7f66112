"""Writes of the public app: turning the public numbers page on or off."""

from django.db import transaction
from django.http import HttpRequest

from accounts.models import AuditEvent, User
from accounts.services import audit_event_create
from public.models import THE_ROW, PublicPage
from public.selectors import forget_published_numbers


@transaction.atomic
def public_page_switch(
    *,
    on: bool,
    request: HttpRequest | None = None,
    user: User | None = None,
    operator: str = "",
    via: str = "web",
) -> bool:
    """Turn ``/public/`` on or off; False when it already was. Each change is audited with
    who made it (the signed-in user, or the operating-system account for ``via="cli"``).

    The row is locked while it changes, so two admins switching at once are logged in the
    order they took effect. The cached numbers are dropped either way: a page turned back on
    starts from numbers computed then, not from a copy kept while it was off.
    """
    setting, _created = PublicPage.objects.select_for_update().get_or_create(pk=THE_ROW)
    if setting.on == on:
        return False
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    setting.on = on
    setting.changed_by = user.get_username() if user is not None else operator
    setting.full_clean()
    setting.save()
    audit_event_create(
        kind=AuditEvent.Kind.PUBLIC_PAGE_ON if on else AuditEvent.Kind.PUBLIC_PAGE_OFF,
        request=request,
        user=user,
        username=operator,
        detail={"via": via},
    )
    forget_published_numbers()
    return True
