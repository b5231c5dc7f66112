from django.shortcuts import render

from accounts.permissions import EVERY_ROLE, LOGGERS, SECRETARIAT, allow_roles


@allow_roles(*EVERY_ROLE)
def dashboard(request):
    return render(request, "base.html")


@allow_roles(*EVERY_ROLE)
def contact_list(request):
    return render(request, "base.html")


@allow_roles(*EVERY_ROLE)
def campaign(request):
    return render(request, "base.html")


@allow_roles(*LOGGERS)
def follow_ups(request):
    return render(request, "base.html")


@allow_roles(*SECRETARIAT)
def check_ins(request):
    return render(request, "base.html")
