"""The resource library: the list of documents and links, and the download of a file.

Files are never served by URL (core.storage.PrivateFileStorage): ``resource_download`` finds
the resource in what the reader may see, so a secretariat-only resource is a 404 for anyone
else whatever id they try, and sends the file as an attachment the browser may not sniff.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from accounts.permissions import EVERY_ROLE, SECRETARIAT, allow_roles
from accounts.roles import role_of
from campaigns.resource_selectors import resource_list as read_resources
from campaigns.resource_selectors import resource_queryset


@allow_roles(*EVERY_ROLE)
def resource_list(request):
    resources = list(read_resources(user=request.user))
    show_audience = role_of(request.user) in SECRETARIAT
    return render(
        request,
        "campaigns/resources.html",
        {"resources": resources, "show_audience": show_audience},
    )


@allow_roles(*EVERY_ROLE)
def resource_download(request, pk: int):
    resource = get_object_or_404(resource_queryset(user=request.user).exclude(file=""), pk=pk)
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resource.file_name or (resource.file.name or "").rsplit("/", 1)[-1],
        content_type=resource.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
