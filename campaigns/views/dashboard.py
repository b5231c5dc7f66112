from django.shortcuts import render

from accounts.permissions import EVERY_ROLE, allow_roles


@allow_roles(*EVERY_ROLE)
def dashboard(request):
    return render(request, "base.html")


@allow_roles(*EVERY_ROLE)
def campaign(request):
    return render(request, "base.html")
