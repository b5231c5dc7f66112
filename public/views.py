"""``/public/``: the public numbers page and its JSON and CSV, and the admins' switch.

The public views are open to anyone (``login_not_required``) but answer 404 to everyone,
signed in or not, while the page is off. They set no cookie: no session is written for an
anonymous visitor, no form carries a CSRF token, and the language is chosen in the link.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import allow_roles
from accounts.roles import Role
from public.data_files import as_csv, as_json
from public.display import page_context
from public.forms import LanguageForm, SwitchForm
from public.selectors import (
    public_page_changes,
    public_page_is_on,
    public_page_setting,
    published_numbers,
)
from public.services import public_page_switch
from public.throttle import seconds_to_wait


def public_when_on(view):
    """Anyone may open the view while the page is on; over the per-address limit, 429."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        wait = seconds_to_wait(request)
        if wait:
            response = HttpResponse(
                _("Too many requests from your address. Try again in a minute."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(wait)
            return response
        if not public_page_is_on():
            raise Http404
        return view(request, *args, **kwargs)

    return login_not_required(require_safe(wrapped))


@public_when_on
def page(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            _("Unknown language. Choose one of: %(codes)s.")
            % {"codes": ", ".join(code for code, _name in settings.LANGUAGES)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if form.cleaned_data["language"]:
        translation.activate(form.cleaned_data["language"])
        request.LANGUAGE_CODE = translation.get_language()
    return render(request, "public/page.html", page_context(published_numbers()))


@public_when_on
def numbers_json(request: HttpRequest) -> JsonResponse:
    """The page's numbers; keys in docs/public.md."""
    return JsonResponse(
        as_json(published_numbers()),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


@public_when_on
def numbers_csv(request: HttpRequest) -> HttpResponse:
    """The page's numbers, one per line: table, row, column, value."""
    response = HttpResponse(as_csv(published_numbers()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nswp-public-numbers.csv"'
    return response


@allow_roles(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def switch(request: HttpRequest) -> HttpResponse:
    """Turn the public page on or off (secretariat admins); each change is audited."""
    form = SwitchForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            on = form.cleaned_data["state"] == "on"
            if public_page_switch(on=on, request=request):
                messages.success(
                    request,
                    _("The public page is on: anyone can open it.")
                    if on
                    else _("The public page is off: it answers “not found” to everyone."),
                )
            else:
                messages.info(request, _("Nothing changed: the public page already was so."))
            return redirect("public:switch")
        status = 400
    else:
        status = 200
    return render(
        request,
        "public/switch.html",
        {"form": form, "setting": public_page_setting(), "changes": public_page_changes()},
        status=status,
    )
