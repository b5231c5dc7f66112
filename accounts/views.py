"""The two pages that stand outside the roles: the health check and "no access yet".

Sign-in and password reset are Django's own views, which Django marks login_not_required.
"""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.roles import role_of


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the app answers and its database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def no_access(request: HttpRequest) -> HttpResponse:
    """Signed in but given no role yet: nothing to see until an admin grants one."""
    if role_of(request.user) is not None:
        return redirect("campaigns:dashboard")
    return render(request, "accounts/no_access.html", status=403)
