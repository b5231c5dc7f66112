"""The admin's CSV import with preview, for members, sections and contacts.

Upload → preview → confirm, over the import's own plan (``campaigns.exchange.planning``): the
same reading, columns, rules and ``line N: column: message`` problems as ``manage.py
import_csv``, and bounded like it:

- an upload over ``IMPORT_MAX_BYTES`` is refused before its body is read: by its
  Content-Length, and, for a body without one, by an upload handler that stops at the limit
  (the view is CSRF-exempt only so that the handler goes in before anything reads the body;
  the token is then checked as usual);
- the file is read as a stream and stops at ``MAX_ROWS`` rows; the preview shows the first
  ``PREVIEW_ROWS`` rows and every problem;
- nothing holds a transaction while a file is read or previewed: the confirm step plans the
  kept file again and only the writing (``import_apply``) is atomic.

Between preview and confirm the file waits in the server's temporary folder for an hour under
a random name, which the confirm form carries signed with the user and the kind: the confirm
must reach the same server (one server, or sticky sessions; docs/exchange.md).
"""

import secrets
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db.models.options import Options
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from campaigns.exchange.kinds import KINDS
from campaigns.exchange.planning import MAX_ROWS, PREVIEW_ROWS, Plan, plan_file
from campaigns.exchange.services import import_apply

# What a multipart body adds to the file: the boundaries, the CSRF token, the file's name.
MULTIPART_ALLOWANCE = 64 * 1024
KEEP_SECONDS = 60 * 60
_SALT = "campaigns.exchange.admin_import"
ACTIONS = {
    "create": gettext_lazy("New"),
    "update": gettext_lazy("Update"),
    "skip": gettext_lazy("Already present"),
}


class UploadLimit(FileUploadHandler):
    """Stops reading an upload as soon as it passes ``limit`` bytes."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _kept_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "tracker-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _keep(upload) -> str:
    """Save the upload for the confirm step; forget uploads older than ``KEEP_SECONDS``."""
    folder = _kept_folder()
    for old in folder.iterdir():
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    name = secrets.token_hex(16)
    upload.seek(0)
    with (folder / name).open("xb") as kept:
        for chunk in upload.chunks():
            kept.write(chunk)
    return name


class CsvImportAdmin:
    """Adds "Import CSV" to a model admin's change list; ``import_kind`` names the file."""

    import_kind = ""
    change_list_template = "admin/exchange/change_list.html"

    if TYPE_CHECKING:  # what the ModelAdmin this is mixed into provides
        opts: Options
        admin_site: admin.AdminSite

        def has_add_permission(self, request: HttpRequest) -> bool: ...
        def has_change_permission(self, request: HttpRequest) -> bool: ...
        def message_user(self, request: HttpRequest, message: str, level: int = ...) -> None: ...

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(csrf_exempt(self.import_view)),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/confirm/",
                self.admin_site.admin_view(require_POST(self.import_confirm_view)),
                name="{}_{}_import_confirm".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)  # type: ignore[misc]  # ModelAdmin's

    def has_import_permission(self, request: HttpRequest) -> bool:
        """Adding rows, and changing them where an import updates (members, sections)."""
        updates = self.import_kind != "contacts"
        return self.has_add_permission(request) and (
            not updates or self.has_change_permission(request)
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._page(request)
        limit = settings.IMPORT_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit + MULTIPART_ALLOWANCE:
            return self._too_large(request)
        handler = UploadLimit(request, limit)
        request.upload_handlers.insert(0, handler)
        return csrf_protect(self._upload)(request, handler)

    def _upload(self, request: HttpRequest, handler: UploadLimit) -> HttpResponse:
        upload = request.FILES.get("import_file")
        if handler.exceeded:
            return self._too_large(request)
        if upload is None:
            return self._page(request, error=_("Choose a CSV file to import."))
        plan = plan_file(self.import_kind, upload, user=request.user)
        token = None
        if not plan.problems:
            token = signing.dumps(
                {"file": _keep(upload), "kind": self.import_kind, "user": request.user.pk},
                salt=_SALT,
            )
        return self._page(request, plan=plan, token=token)

    def import_confirm_view(self, request: SignedInRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            kept = signing.loads(request.POST.get("token", ""), salt=_SALT, max_age=KEEP_SECONDS)
        except signing.BadSignature:
            kept = {}
        source = _kept_folder() / str(kept.get("file", "-"))
        if (
            kept.get("kind") != self.import_kind
            or kept.get("user") != request.user.pk
            or not source.is_file()
        ):
            return self._page(request, error=_("The upload has expired; choose the file again."))
        with source.open("rb") as stream:
            plan = plan_file(self.import_kind, stream, user=request.user)
        if plan.problems:
            # The database changed since the preview: show why, import nothing.
            return self._page(request, plan=plan)
        import_apply(plan=plan, user=request.user, reason=f"CSV import of {self.import_kind}")
        source.unlink(missing_ok=True)
        self.message_user(
            request,
            _("Imported: %(created)d new, %(updated)d updated, %(skipped)d already present.")
            % {
                "created": plan.count("create"),
                "updated": plan.count("update"),
                "skipped": plan.count("skip"),
            },
            messages.SUCCESS,
        )
        info = self.opts.app_label, self.opts.model_name
        return redirect(reverse("admin:{}_{}_changelist".format(*info)))

    def _too_large(self, request: HttpRequest) -> HttpResponse:
        message = _(
            "The file is larger than %(limit)s, the most an import takes; split it, or ask an "
            "operator to run import_csv on the server."
        ) % {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
        return self._page(request, error=message, status=413)

    def _page(
        self,
        request: HttpRequest,
        *,
        plan: Plan | None = None,
        token: str | None = None,
        error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        kind = KINDS[self.import_kind]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(things)s from CSV") % {"things": self.opts.verbose_name_plural},
            "kind": kind,
            "columns": [c for c in kind.columns if c.read],
            "ignored": [c for c in kind.columns if not c.read],
            "max_bytes": settings.IMPORT_MAX_BYTES,
            "max_rows": MAX_ROWS,
            "preview_rows": PREVIEW_ROWS,
            "error": error,
            "plan": plan,
            "problems": sorted(plan.problems, key=lambda p: p.line) if plan else [],
            "preview": [(row, ACTIONS[row.action]) for row in plan.preview] if plan else [],
            "shown_all": plan is None or len(plan.preview) == sum(plan.counts.values()),
            "token": token,
        }
        return TemplateResponse(request, "admin/exchange/import.html", context, status=status)
