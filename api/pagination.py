"""Pages of API lists: a cursor for contacts, page numbers for the rest.

Contacts come in ``date`` order (newest first, or oldest first with ``sort=date``), ties broken
by id, and the cursor is the last row's (date, id): the next page starts strictly after it, so
contacts logged while a client pages through never make it see a row twice or miss one that
was there when it started. Page sizes and cursors outside their form are 400s naming the
parameter, like every filter.
"""

import base64
import binascii
import datetime

from django.core.paginator import InvalidPage
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGE_SIZE_PARAM = "page_size"


def page_size_of(request) -> int:
    raw = request.query_params.get(PAGE_SIZE_PARAM)
    if raw in (None, ""):
        return PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        message = _("A whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}
        raise ValidationError({PAGE_SIZE_PARAM: [message]})
    return int(raw)


def _page_size_parameter() -> dict:
    return {
        "name": PAGE_SIZE_PARAM,
        "in": "query",
        "required": False,
        "description": _("Rows per page (default %(default)s).") % {"default": PAGE_SIZE},
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    }


class PagePagination(PageNumberPagination):
    page_size = PAGE_SIZE

    def get_page_size(self, request) -> int:
        return page_size_of(request)

    def paginate_queryset(self, queryset, request, view=None) -> list:
        self.request = request
        raw = request.query_params.get(self.page_query_param, "1")
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(int(raw) if raw.isdigit() else 0)
        except InvalidPage:
            message = _("A page number from 1 to %(n)s.") % {"n": paginator.num_pages}
            raise ValidationError({self.page_query_param: [message]}) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        return [p for p in parameters if p["name"] != PAGE_SIZE_PARAM] + [_page_size_parameter()]


class ContactCursorPagination(BasePagination):
    cursor_query_param = "cursor"

    # Only ever given the contacts' QuerySet, which it filters: narrower than its base's.
    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:  # type: ignore[override]
        self.request = request
        sort = request.query_params.get("sort", "-date") or "-date"
        if sort not in ("date", "-date"):
            raise ValidationError({"sort": [_("The API pages contacts by date: date or -date.")]})
        newest_first = sort == "-date"
        queryset = queryset.order_by(*(("-date", "-id") if newest_first else ("date", "id")))
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            date, pk = self._decode(raw)
            if newest_first:
                queryset = queryset.filter(Q(date__lt=date) | Q(date=date, id__lt=pk))
            else:
                queryset = queryset.filter(Q(date__gt=date) | Q(date=date, id__gt=pk))
        size = page_size_of(request)
        rows = list(queryset[: size + 1])
        self.next_cursor = self._encode(rows[size - 1]) if len(rows) > size else None
        return rows[:size]

    def _encode(self, contact) -> str:
        text = f"{contact.date.isoformat()}|{contact.pk}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def _decode(self, raw: str) -> tuple[datetime.date, int]:
        try:
            text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
            date, pk = text.split("|")
            return datetime.date.fromisoformat(date), int(pk)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            message = _("Not a cursor this API gave: follow the “next” link as it is.")
            raise ValidationError({self.cursor_query_param: [message]}) from None

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": _("Where the page starts: the “next” link of the previous page."),
                "schema": {"type": "string"},
            },
            _page_size_parameter(),
        ]
