"""Contact exports for the web: CSV (streamed) and XLSX of exactly what the filters select.

Staff and admins get the ``people`` and ``notes`` columns only when they ask for them with
``personal_data=1`` (the safest export is the default, and the widening is logged with the
export); everyone else never gets them, whatever the URL says.
"""

import tempfile

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.client_ip import client_ip
from accounts.permissions import ROW_READERS, allow_roles
from accounts.ratelimit import ExportLimitReached
from accounts.roles import can_see_personal_data
from campaigns import exports
from campaigns.filtersets import ContactFilterSet
from campaigns.selectors import contact_list
from core.filters import InvalidFilters

PERSONAL_DATA_PARAM = "personal_data"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(status: int, message: str) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _filters_for_log(request: HttpRequest) -> dict:
    """The filter parameters as given; others (a list's page number) select nothing."""
    return {
        key: values if len(values) > 1 else values[0]
        for key, values in request.GET.lists()
        if key in ContactFilterSet.base_filters
    }


def _prepare(request: HttpRequest, export_format: str):
    """The queryset and the column choices, recorded in the log; or the response that refuses."""
    raw = request.GET.get(PERSONAL_DATA_PARAM, "0")
    if raw not in ("0", "1"):
        return None, _plain(400, _("%(param)s: must be 0 or 1.") % {"param": PERSONAL_DATA_PARAM})
    names_personal = can_see_personal_data(request.user)
    personal_data = names_personal and raw == "1"
    try:
        queryset = contact_list(user=request.user, filters=request.GET)
    except InvalidFilters as error:
        lines = [f"{param}: {' '.join(messages)}" for param, messages in error.message_dict.items()]
        return None, _plain(400, _("Invalid filter.") + "\n" + "\n".join(lines))
    try:
        exports.export_record(
            queryset=queryset,
            export_format=export_format,
            filters=_filters_for_log(request),
            personal_data=personal_data,
            via="web",
            user=request.user,
            ip_address=client_ip(request),
        )
    except ExportLimitReached:
        return None, _plain(429, _("Too many exports in the last hour. Please try again later."))
    return (queryset, personal_data, names_personal), None


def _filename(extension: str) -> str:
    return f"contacts-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_GET
@allow_roles(*ROW_READERS)
def contact_export_csv(request: HttpRequest) -> HttpResponse:
    prepared, refusal = _prepare(request, "csv")
    if refusal:
        return refusal
    queryset, personal_data, names_personal = prepared
    chunks = exports.csv_export_chunks(
        queryset, personal_data=personal_data, names_personal=names_personal
    )
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@allow_roles(*ROW_READERS)
def contact_export_xlsx(request: HttpRequest) -> HttpResponse:
    prepared, refusal = _prepare(request, "xlsx")
    if refusal:
        return refusal
    queryset, personal_data, names_personal = prepared
    header_row = exports.header(personal_data=personal_data)
    rows = exports.export_rows(queryset, personal_data=personal_data, names_personal=names_personal)
    # A file on disk, not memory: the write-only workbook and the finished file both stay
    # out of the process's memory however many rows there are. FileResponse closes it.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    exports.write_xlsx(header_row, rows, spool)
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response
