"""The REST API, ``/api/v1/``: thin views over the same selectors, FilterSets, form and
services as the pages.

- Reads start from the selectors (``campaigns.selectors.contact_list`` and friends), which
  scope rows with ``visible_to`` and validate the filters; a filter outside its form is a 400
  naming the parameter. Outsiders get 404 for a record they may not see, as on the pages.
- Writes of contacts go through ``ContactSerializer`` (shape, then the pages' ContactForm)
  into ``campaigns.services``. Updates need ``If-Match`` with the version from the ``ETag``:
  none is 428, a stale one 412, and of two concurrent updates from one version exactly one
  wins (the service's conditional UPDATE); the loser gets 412 and writes nothing.
- Each view names the roles that may read and write it (``api.permissions``).
"""

import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.exceptions import Throttled
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import APIRootView, DefaultRouter

from accounts.models import AuditEvent
from accounts.permissions import EVERY_ROLE, LOGGERS, ROW_READERS, SECRETARIAT, allow_roles
from accounts.ratelimit import ExportLimitReached
from accounts.roles import Role, can_see_personal_data
from accounts.services import audit_event_create
from api import selectors as api_selectors
from api.engagement_schema import ENGAGEMENT_SCHEMA
from api.exceptions import PreconditionFailed, PreconditionRequired
from api.pagination import ContactCursorPagination, PagePagination
from api.permissions import RolePermission
from api.reference import api_reference
from api.renderers import NDJSON_TYPE, NDJSONRenderer, ndjson_line
from api.serializers import (
    CheckInSerializer,
    ContactSerializer,
    MemberSerializer,
    MilestoneSerializer,
    PersonSerializer,
    PetitionSerializer,
    SectionSerializer,
    StrategySerializer,
)
from campaigns.exchange.services import completing, export_record
from campaigns.filtersets import ContactFilterSet
from campaigns.models import Contact
from campaigns.selectors import check_in_queryset, contact_list, member_list, section_list
from campaigns.services import ContactVersionConflict, contact_delete
from campaigns.views.dashboard import api_engagement
from core.filters import InvalidFilters
from members.filtersets import MemberFilterSet
from members.selectors import person_queryset
from sections.filtersets import SectionFilterSet

NDJSON_CHUNK_SIZE = 1000
NDJSON_PIECE_BYTES = 65536


class SelectorFilterBackend(DjangoFilterBackend):
    """Publishes the view's FilterSet in the schema through django-filter's integration; the
    filtering itself is the selector's, in the view's ``get_queryset``, as for the pages."""

    def filter_queryset(self, request, queryset, view):
        return queryset


class ApiRootView(APIRootView):
    read_roles = EVERY_ROLE


class Router(DefaultRouter):
    """Ids in paths are digits, at most 18 (any other path is a 404 without a query)."""

    APIRootView = ApiRootView
    include_format_suffixes = False

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        return f"(?P<{lookup_prefix}pk>[0-9]{{1,18}})"


class JsonRefusalsMixin:
    """For views whose content is not JSON (NDJSON, the YAML schema): a refusal is the API's
    usual JSON, whatever format was asked for."""

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def _etag(contact: Contact) -> dict[str, str]:
    return {"ETag": f'"{contact.version}"'}


def _expected_version(request, contact: Contact, *, required: bool) -> int | None:
    """The version the client read, from If-Match; 428 without one (when required), 412 when
    it is not the current one."""
    header = request.headers.get("If-Match")
    if header is None:
        if required:
            raise PreconditionRequired
        return None
    tags = {tag.strip() for tag in header.split(",")}
    if "*" in tags or _etag(contact)["ETag"] in tags:
        return contact.version
    raise PreconditionFailed


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the version you are changing, as read from GET.",
)
ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description="The contact's version, for If-Match.",
)


@extend_schema_view(
    list=extend_schema(summary="Contacts the token's user may see, newest first"),
    retrieve=extend_schema(summary="One contact", parameters=[ETAG_HEADER]),
    create=extend_schema(summary="Log a contact", parameters=[ETAG_HEADER]),
    update=extend_schema(summary="Replace a contact", parameters=[IF_MATCH, ETAG_HEADER]),
    partial_update=extend_schema(
        summary="Change some fields of a contact", parameters=[IF_MATCH, ETAG_HEADER]
    ),
    destroy=extend_schema(
        summary="Delete a contact (an admin can restore it)",
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Optional: delete only if the contact is still at this version.",
            )
        ],
    ),
)
class ContactViewSet(viewsets.ModelViewSet):
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    filter_backends = [SelectorFilterBackend]
    pagination_class = ContactCursorPagination
    # Viewers see aggregates only: no contact rows, as on the pages.
    read_roles = ROW_READERS
    write_roles = LOGGERS

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            contacts = contact_list(user=user, filters=self.request.query_params)
        else:
            contacts = Contact.objects.visible_to(user)
        return api_selectors.contact_columns(contacts, personal_data=can_see_personal_data(user))

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        return Response(self.get_serializer(contact).data, headers=_etag(contact))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = serializer.save()
        headers = {
            **_etag(contact),
            "Location": request.build_absolute_uri(
                reverse("api:contact-detail", args=[contact.pk])
            ),
        }
        return Response(self.get_serializer(contact).data, status=201, headers=headers)

    def update(self, request, *args, partial=False, **kwargs):
        contact = self.get_object()
        expected = _expected_version(request, contact, required=True)
        serializer = self.get_serializer(contact, data=request.data, partial=partial)
        serializer.context["expected_version"] = expected
        serializer.is_valid(raise_exception=True)
        try:
            contact = serializer.save()
        except ContactVersionConflict:
            raise PreconditionFailed from None
        return Response(self.get_serializer(contact).data, headers=_etag(contact))

    def destroy(self, request, *args, **kwargs):
        contact = self.get_object()
        _expected_version(request, contact, required=False)
        contact_delete(contact=contact, user=request.user)
        return Response(status=204)


def _chunks(lines: Iterable[str]) -> Iterator[bytes]:
    """Lines gathered into pieces of about 64 kB: fewer, larger writes to the socket."""
    piece: list[str] = []
    size = 0
    for line in lines:
        piece.append(line)
        size += len(line)
        if size >= NDJSON_PIECE_BYTES:
            yield "".join(piece).encode()
            piece, size = [], 0
    if piece:
        yield "".join(piece).encode()


@extend_schema(
    summary="Every contact the token's user may see, one JSON object per line",
    description=(
        "Streams the filtered contacts (the list's filters, no pages) as NDJSON, each line an "
        "object as GET /api/v1/contacts/{id}/ returns it. Counted and logged as an export."
    ),
    filters=True,
    responses={
        (200, NDJSON_TYPE): OpenApiResponse(
            response=OpenApiTypes.STR, description="One contact object per line."
        )
    },
)
class ContactExportView(JsonRefusalsMixin, GenericAPIView):
    """The contacts' sync stream: constant memory (rows in chunks of 1,000, the people of a
    chunk in one query), logged and rate limited like the CSV and XLSX exports."""

    queryset = Contact.objects.none()  # for the schema: the rows come from contact_list
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    filter_backends = [SelectorFilterBackend]
    pagination_class = None
    renderer_classes = [JSONRenderer, NDJSONRenderer]
    read_roles = ROW_READERS

    def get(self, request):
        user = request.user
        personal_data = can_see_personal_data(user)
        contacts = api_selectors.contact_columns(
            contact_list(user=user, filters=request.query_params), personal_data=personal_data
        )
        try:
            event = export_record(
                kind="contacts",
                export_format="ndjson",
                filters={
                    key: values if len(values) > 1 else values[0]
                    for key, values in request.query_params.lists()
                    if key in ContactFilterSet.base_filters
                },
                personal_data=personal_data,
                via="api",
                request=request,
                user=user,
            )
        except ExportLimitReached:
            raise Throttled(
                wait=3600, detail=_("Too many exports in the last hour. Please try again later.")
            ) from None
        serializer = self.get_serializer()
        written = 0

        def lines() -> Iterator[str]:
            nonlocal written
            for contact in contacts.iterator(chunk_size=NDJSON_CHUNK_SIZE):
                written += 1
                yield ndjson_line(serializer.to_representation(contact))

        chunks = completing(_chunks(lines()), event=event, rows=lambda: written)
        response = StreamingHttpResponse(chunks, content_type=f"{NDJSON_TYPE}; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="contacts.ndjson"'
        return response


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = PagePagination
    read_roles: tuple[Role, ...] = EVERY_ROLE


@extend_schema_view(list=extend_schema(summary="Sections, with the reader's contacts counted"))
class SectionViewSet(ReadOnlyViewSet):
    serializer_class = SectionSerializer
    filterset_class = SectionFilterSet
    filter_backends = [SelectorFilterBackend]

    def get_queryset(self):
        filters = self.request.query_params if self.action == "list" else None
        return section_list(user=self.request.user, filters=filters)


@extend_schema_view(
    list=extend_schema(summary="Member organisations, names as the reader may see them")
)
class MemberViewSet(ReadOnlyViewSet):
    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    filter_backends = [SelectorFilterBackend]

    def get_queryset(self):
        filters = self.request.query_params if self.action == "list" else None
        return member_list(user=self.request.user, filters=filters)


@extend_schema_view(list=extend_schema(summary="People: personal data, the secretariat only"))
class PersonViewSet(ReadOnlyViewSet):
    serializer_class = PersonSerializer
    read_roles = SECRETARIAT

    def get_queryset(self):
        return person_queryset(user=self.request.user).order_by("name", "pk")

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        # As on the person's page: the opening is logged, by id only.
        audit_event_create(
            kind=AuditEvent.Kind.PERSON_VIEWED,
            request=request._request,
            detail={"person_id": person.pk, "via": "api"},
        )
        return Response(self.get_serializer(person).data)


class StrategyViewSet(ReadOnlyViewSet):
    serializer_class = StrategySerializer

    def get_queryset(self):
        return api_selectors.strategy_list()


class MilestoneViewSet(ReadOnlyViewSet):
    serializer_class = MilestoneSerializer

    def get_queryset(self):
        return api_selectors.milestone_list()


class PetitionViewSet(ReadOnlyViewSet):
    serializer_class = PetitionSerializer

    def get_queryset(self):
        return api_selectors.petition_list()


@extend_schema_view(list=extend_schema(summary="Check-ins (strategy #5): the secretariat only"))
class CheckInViewSet(ReadOnlyViewSet):
    serializer_class = CheckInSerializer
    read_roles = SECRETARIAT

    def get_queryset(self):
        return check_in_queryset(user=self.request.user).order_by("-asked_on", "-id")


@extend_schema(
    summary="The engagement dashboard's numbers",
    description="The same numbers as /api/engagement/ and the dashboard, for the same filters.",
    filters=True,
    parameters=[
        OpenApiParameter(
            "matrix",
            OpenApiTypes.STR,
            enum=["engaged", "all"],
            description="all: keep sections and members without contacts in the matrix.",
        ),
        OpenApiParameter(
            "stack",
            OpenApiTypes.STR,
            enum=["formality", "initiated_by"],
            description="Accepted for the dashboard's links; changes nothing in the JSON.",
        ),
    ],
    responses={200: OpenApiResponse(response=ENGAGEMENT_SCHEMA)},
)
class EngagementView(GenericAPIView):
    """``/api/engagement/``'s own view answers, so both addresses give the same numbers; a
    refusal comes in this API's shape (with ``detail``)."""

    queryset = Contact.objects.none()  # for the schema: the numbers come from engagement()
    filterset_class = ContactFilterSet
    filter_backends = [SelectorFilterBackend]
    pagination_class = None
    read_roles = EVERY_ROLE

    def get(self, request):
        response = api_engagement(request._request)
        if response.status_code == 400:
            raise InvalidFilters(json.loads(response.content)["errors"])
        return response


class SchemaView(JsonRefusalsMixin, SpectacularAPIView):
    """The schema in YAML, or JSON with ``?format=json``; a refusal in JSON either way."""

    permission_classes = [RolePermission]
    read_roles = EVERY_ROLE


@allow_roles(*EVERY_ROLE)
def docs(request):
    """The schema as a reference page drawn on the server (``api.reference`` says why)."""
    return render(
        request, "api/docs.html", {"schema_url": reverse("api:schema"), **api_reference()}
    )
