from django.shortcuts import render

from accounts.permissions import SECRETARIAT, allow_roles


@allow_roles(*SECRETARIAT)
def check_ins(request):
    return render(request, "base.html")
