from django.shortcuts import render

from accounts.permissions import EVERY_ROLE, allow_roles


@allow_roles(*EVERY_ROLE)
def member_list(request):
    return render(request, "base.html")
