from django.shortcuts import render

from accounts.permissions import EVERY_ROLE, LOGGERS, allow_roles


@allow_roles(*EVERY_ROLE)
def contact_list(request):
    return render(request, "base.html")


@allow_roles(*LOGGERS)
def follow_ups(request):
    return render(request, "base.html")
