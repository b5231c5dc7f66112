"""Contact exports for the web: CSV (streamed) and XLSX of exactly what the filters select.

Staff and admins get the ``people`` and ``notes`` columns only when they ask for them with
``personal_data=1`` (the safest export is the default, and the widening is logged with the
export); everyone else never gets them, whatever the URL says. ``bom=1`` starts the CSV with
a byte-order mark, for Excel. The columns are ``campaigns.exchange.contacts``'s.
"""

import tempfile
from collections.abc import Iterator
from typing import IO, TypeVar

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import SignedInRequest
from accounts.permissions import ROW_READERS, allow_roles
from accounts.ratelimit import ExportLimitReached
from campaigns.exchange.columns import Reader, audience_of
from campaigns.exchange.contacts import CONTACTS
from campaigns.exchange.copy import contacts_csv_chunks
from campaigns.exchange.export import Tally, export_rows, write_xlsx
from campaigns.exchange.services import completing, export_record
from campaigns.filtersets import ContactFilterSet
from campaigns.selectors import contact_list, contact_selection
from core.filters import InvalidFilters

R = TypeVar("R", bound=HttpResponseBase)
PERSONAL_DATA_PARAM = "personal_data"
BOM_PARAM = "bom"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plain_text(status: int, message: str) -> HttpResponse:
    """A refusal an export link answers with: plain text, never cached."""
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


def _prepare(request: SignedInRequest, export_format: str, flags: tuple[str, ...]):
    """The queryset, the audience, the flags and the started audit record; or the response
    that refuses."""
    values = {}
    for flag in flags:
        raw = request.GET.get(flag, "0")
        if raw not in ("0", "1"):
            return None, plain_text(400, _("%(param)s: must be 0 or 1.") % {"param": flag})
        values[flag] = raw == "1"
    audience = audience_of(request.user, personal_data=values[PERSONAL_DATA_PARAM])
    try:
        queryset = contact_list(user=request.user, filters=request.GET)
    except InvalidFilters as error:
        lines = [f"{param}: {' '.join(messages)}" for param, messages in error.message_dict.items()]
        return None, plain_text(400, _("Invalid filter.") + "\n" + "\n".join(lines))
    try:
        event = export_record(
            kind=CONTACTS.name,
            export_format=export_format,
            filters=_filters_for_log(request),
            personal_data=audience.personal_data,
            via="web",
            request=request,
            user=request.user,
        )
    except ExportLimitReached:
        return None, plain_text(
            429, _("Too many exports in the last hour. Please try again later.")
        )
    return (queryset, audience, event, values), None


def _attachment(response: R, extension: str) -> R:
    filename = f"contacts-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@allow_roles(*ROW_READERS)
def contact_export_csv(request: SignedInRequest) -> HttpResponseBase:
    prepared, refusal = _prepare(request, "csv", (PERSONAL_DATA_PARAM, BOM_PARAM))
    if refusal:
        return refusal
    queryset, audience, event, flags = prepared
    return _csv_response(queryset, audience, event, bom=flags[BOM_PARAM])


def _csv_response(queryset, audience, event, *, bom: bool) -> HttpResponseBase:
    tally = Tally()
    chunks = contacts_csv_chunks(queryset, audience, bom=bom, tally=tally)
    response = StreamingHttpResponse(
        completing(chunks, event=event, rows=lambda: tally.rows),
        content_type="text/csv; charset=utf-8",
    )
    return _attachment(response, "csv")


def selection_csv(request: SignedInRequest, *, ids: list[int]) -> HttpResponseBase:
    """The contacts chosen in the list (a bulk action), as the CSV export writes them: the
    same columns (without personal data), the same audit record (the ids as its filter) and
    the same hourly limit."""
    audience = audience_of(request.user, personal_data=False)
    try:
        event = export_record(
            kind=CONTACTS.name,
            export_format="csv",
            filters={"id": ids},
            personal_data=audience.personal_data,
            via="web",
            request=request,
            user=request.user,
        )
    except ExportLimitReached:
        return plain_text(429, _("Too many exports in the last hour. Please try again later."))
    queryset = contact_selection(user=request.user, ids=ids)
    return _csv_response(queryset, audience, event, bom=False)


def _blocks(spool: IO[bytes]) -> Iterator[bytes]:
    with spool:
        while block := spool.read(65536):
            yield block


@require_GET
@allow_roles(*ROW_READERS)
def contact_export_xlsx(request: SignedInRequest) -> HttpResponseBase:
    """Headers are the columns' labels in the reader's language (the request's, as for every
    page)."""
    prepared, refusal = _prepare(request, "xlsx", (PERSONAL_DATA_PARAM,))
    if refusal:
        return refusal
    queryset, audience, event, _flags = prepared
    columns = CONTACTS.columns_for(audience)
    rows = export_rows(queryset, columns, Reader(audience))
    # A file on disk, not memory: the write-only workbook and the finished file both stay
    # out of the process's memory however many rows there are.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    count = write_xlsx(CONTACTS, columns, rows, spool)
    size = spool.tell()
    spool.seek(0)
    response = StreamingHttpResponse(
        completing(_blocks(spool), event=event, rows=lambda: count), content_type=XLSX_TYPE
    )
    response["Content-Length"] = str(size)
    return _attachment(response, "xlsx")
