"""The engagement dashboard (``/``), the campaign page and the dashboard's JSON.

Each builds one ``ContactQuery`` from the request and hands it to its presenter in
``campaigns.dashboard_page``; the numbers come from ``campaigns.engagement``.
"""

from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render

from accounts.permissions import EVERY_ROLE, allow_roles
from campaigns.contact_query import ContactQuery
from campaigns.dashboard_page import campaign_page, dashboard_page, engagement_json
from campaigns.positions import positions_panel
from core.filters import redirect_to_short_url


class EngagementEncoder(DjangoJSONEncoder):
    """Dates as ISO strings (DjangoJSONEncoder) and hours as numbers rather than strings."""

    def default(self, o):
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


@allow_roles(*EVERY_ROLE)
def dashboard(request):
    # A submitted filter form sends its untouched fields empty: the address keeps the rest.
    if short := redirect_to_short_url(request):
        return short
    page = dashboard_page(ContactQuery(user=request.user, filters=request.GET))
    # Sections' positions are no contacts: their panel reads its own date, ?positions_on.
    positions = positions_panel(params=request.GET)
    status = 400 if positions.errors else page.status
    context = {**page.context, "positions": positions}
    return render(request, "campaigns/dashboard.html", context, status=status)


@allow_roles(*EVERY_ROLE)
def campaign(request):
    page = campaign_page(ContactQuery(user=request.user, filters=request.GET))
    return render(request, "campaigns/campaign.html", page.context, status=page.status)


@allow_roles(*EVERY_ROLE)
def api_engagement(request):
    """The dashboard's numbers as JSON; keys documented in docs/api.md."""
    page = engagement_json(ContactQuery(user=request.user, filters=request.GET))
    if page.errors:
        return JsonResponse({"errors": page.errors}, status=400)
    return JsonResponse(
        page.context, encoder=EngagementEncoder, json_dumps_params={"ensure_ascii": False}
    )
