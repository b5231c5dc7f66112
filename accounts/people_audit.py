"""One record of who saw which people, for every page that shows them.

The app's person page calls ``people_shown_record`` itself; the Django admin gets it through
``PeopleAuditAdminMixin``, which the tracker's admin site (``TrackerAdminSite``) puts on every
registered ModelAdmin, so a model registered later is covered without anyone remembering to.
The mixin reads the people from what the page is about to render: the list's rows, the change
form and its inlines (a field choosing people shows the chosen ones by name; a plain select
would show every person it offers), the record's history and versions, and what a deletion
would remove or is protected by. The site adds the people picker (autocomplete) and the
"Recent actions" of the admin's home page.

One page is one ``person-viewed`` event holding the sorted ids and the page's URL name: ids
only, never names, since the audit log holds no personal data.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.admin.widgets import (
    AutocompleteMixin,
    ForeignKeyRawIdWidget,
    RelatedFieldWidgetWrapper,
)
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router
from django.forms import HiddenInput, ModelChoiceField, MultipleHiddenInput

from accounts.models import AuditEvent
from accounts.services import audit_event_create

# Widgets that show only the chosen people, not every person the field could take.
_SHOWS_CHOSEN_ONLY = (AutocompleteMixin, ForeignKeyRawIdWidget, HiddenInput, MultipleHiddenInput)
_DELETING = "_tracker_people_in_deletion"
_HISTORY_CONTEXT = "_tracker_history_context"


def _person_model():
    """The model of people, named by a setting as ``AUTH_USER_MODEL`` is: accounts sits below
    the app that defines people and must not import it."""
    return apps.get_model(settings.PERSON_MODEL)


def _is_person(model) -> bool:
    return model is not None and issubclass(model, _person_model())


def _as_ids(values) -> set[int]:
    if values is None or values == "":
        return set()
    if not isinstance(values, list | tuple | set):
        values = [values]
    found = set()
    for value in values:
        value = getattr(value, "pk", value)
        try:
            found.add(int(value))
        except (TypeError, ValueError):
            continue
    return found


def people_shown_record(request, person_ids, *, page: str) -> AuditEvent | None:
    """Log that the request's user was shown these people (nothing when there are none)."""
    ids = sorted(_as_ids(list(person_ids)))
    if not ids:
        return None
    return audit_event_create(
        kind=AuditEvent.Kind.PERSON_VIEWED,
        request=request,
        detail={"person_ids": ids, "page": page},
    )


def form_person_ids(form) -> set[int]:
    """The people a form shows: its own instance when it is a person's, and the people its
    fields show (the chosen ones, or every one a plain select offers)."""
    ids = set()
    instance = getattr(form, "instance", None)
    if instance is not None and _is_person(type(instance)) and instance.pk is not None:
        ids.add(instance.pk)
    for name, field in form.fields.items():
        if not isinstance(field, ModelChoiceField) or field.queryset is None:
            continue
        if not _is_person(field.queryset.model):
            continue
        widget = field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget = widget.widget
        if isinstance(widget, _SHOWS_CHOSEN_ONLY):
            ids |= _as_ids(form[name].value())
        else:
            ids |= set(field.queryset.values_list("pk", flat=True))
    return ids


def instance_person_ids(instance, field_names) -> set[int]:
    """The people that read-only fields naming a relation to people show."""
    ids: set[int] = set()
    if instance is None:
        return ids
    for name in field_names:
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.is_relation or not _is_person(field.related_model):
            continue
        if field.many_to_many or field.one_to_many:
            if instance.pk is not None:
                ids |= set(
                    getattr(
                        instance, field.get_accessor_name() if field.auto_created else name
                    ).values_list("pk", flat=True)
                )
        else:
            ids |= _as_ids(getattr(instance, field.attname, None))
    return ids


def context_person_ids(model_admin, context: dict) -> set[int]:
    """Every person id a rendered admin page's context shows."""
    ids = set()
    for key in ("original", "object"):
        obj = context.get(key)
        if obj is not None and _is_person(type(obj)) and obj.pk is not None:
            ids.add(obj.pk)
    changelist = context.get("cl")
    if changelist is not None:
        rows = list(changelist.result_list)
        if _is_person(changelist.model):
            ids |= {row.pk for row in rows}
        columns = [name for name in changelist.list_display if isinstance(name, str)]
        for row in rows:
            ids |= instance_person_ids(row, columns)
    adminform = context.get("adminform")
    if adminform is not None:
        ids |= form_person_ids(adminform.form)
        ids |= instance_person_ids(adminform.form.instance, adminform.readonly_fields)
    for inline in context.get("inline_admin_formsets") or ():
        for form in inline.formset.forms:
            ids |= form_person_ids(form)
            ids |= instance_person_ids(form.instance, inline.readonly_fields)
    return ids


class PeopleAuditAdminMixin:
    """Logs the people each page of this ModelAdmin shows, one event per page."""

    model: type[models.Model]  # the ModelAdmin's

    def _people_audit(self, request, response, page: str):
        context = getattr(response, "context_data", None)
        if context is None:  # django-simple-history renders its pages itself (see below)
            context = getattr(request, _HISTORY_CONTEXT, None)
        if response.status_code != 200 or context is None:
            return response
        ids = context_person_ids(self, context) | getattr(request, _DELETING, set())
        opts = self.model._meta
        people_shown_record(request, ids, page=f"admin:{opts.app_label}_{opts.model_name}_{page}")
        return response

    def get_deleted_objects(self, objs, request):
        """The deletion page lists by name what would go and what protects it: note the
        people among them for the page's record."""
        result = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        people = list(collector.data.get(_person_model(), ()))
        people += [obj for obj in collector.protected if _is_person(type(obj))]
        setattr(request, _DELETING, {obj.pk for obj in people})
        return result

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        return self._people_audit(request, response, "changelist")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        return self._people_audit(request, response, "change" if object_id else "add")

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        return self._people_audit(request, response, "history")

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        return self._people_audit(request, response, "delete")

    def render_history_view(self, request, template, context, **kwargs):
        """django-simple-history's pages return a rendered response, without its context:
        keep the context for the record."""
        setattr(request, _HISTORY_CONTEXT, context)
        return super().render_history_view(request, template, context, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's page of one past version."""
        response = super().history_form_view(request, object_id, version_id, extra_context)
        return self._people_audit(request, response, "simple_history")


class TrackerAdminSite(admin.AdminSite):
    """The Django admin, with every ModelAdmin logging the people its pages show."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, PeopleAuditAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (PeopleAuditAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        """The home page's "Recent actions" names the records the admin last touched."""
        from django.contrib.admin.models import LogEntry
        from django.contrib.contenttypes.models import ContentType

        response = super().index(request, extra_context)
        if response.status_code == 200 and request.user.is_authenticated:
            recent = LogEntry.objects.filter(user=request.user).order_by("-action_time")[:10]
            person_type = ContentType.objects.get_for_model(_person_model())
            ids = [e.object_id for e in recent if e.content_type_id == person_type.pk]
            people_shown_record(request, ids, page="admin:index")
        return response

    def autocomplete_view(self, request):
        """The people picker: the people it offers for the search typed."""
        import json

        response = super().autocomplete_view(request)
        if response.status_code != 200:
            return response
        try:
            source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            field = source._meta.get_field(request.GET["field_name"])
        except (KeyError, LookupError, FieldDoesNotExist):
            return response
        if _is_person(field.related_model):
            results = json.loads(response.content).get("results", [])
            to_field = field.remote_field.get_related_field().attname
            values = [row["id"] for row in results]
            if to_field != "pk" and to_field != _person_model()._meta.pk.attname:
                values = _person_model().objects.filter(**{f"{to_field}__in": values})
            people_shown_record(request, values, page="admin:autocomplete")
        return response
