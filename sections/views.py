from django.shortcuts import render

from accounts.permissions import EVERY_ROLE, allow_roles


@allow_roles(*EVERY_ROLE)
def section_list(request):
    return render(request, "base.html")
