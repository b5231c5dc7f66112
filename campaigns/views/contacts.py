"""Contact pages: the list, logging, detail, editing and deleting; follow-ups; and the JSON
searches behind the section and member pickers and the people choices.

Who sees what (the templates follow these flags, computed here):

- The secretariat and focal points (ROW_READERS) read the list and the detail of the contacts
  ``Contact.objects.visible_to`` gives them; a focal point only its own organisation's,
  anything else is a 404. Viewers get 403: they see aggregates only.
- People involved are personal data: ``can_see_personal_data`` (the secretariat) only.
- Private notes and who logged a contact: the secretariat and the focal point of the contact's
  own organisation (``can_read_private_fields``); viewers never.
- Logging, editing, deleting and marking follow-ups done: LOGGERS; a viewer gets 403.
"""

from django import forms
from django.contrib import messages
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DeleteView, DetailView, FormView, ListView, UpdateView
from django_countries import countries

from accounts.http import SignedInRequest
from accounts.people_audit import people_shown_record
from accounts.permissions import (
    EVERY_ROLE,
    LOGGERS,
    ROW_READERS,
    SECRETARIAT,
    AllowRolesMixin,
    allow_roles,
)
from accounts.roles import can_see_personal_data
from campaigns.contact_history import can_read_private_fields, contact_history
from campaigns.contact_query import ContactQuery
from campaigns.follow_ups import InvalidOwner, follow_up_owner_choices, owner_filter
from campaigns.forms import ContactForm, PeopleOptionsForm, PickerSearchForm, person_label
from campaigns.models import Contact
from campaigns.pagination import CappedPaginator
from campaigns.selectors import contact_list as select_contacts
from campaigns.services import (
    ContactVersionConflict,
    contact_create,
    contact_delete,
    contact_update,
    follow_up_mark_done,
)
from campaigns.views.bulk import bulk_context
from campaigns.views.saved_views import saved_views_context
from core.filters import InvalidFilters, redirect_to_short_url
from core.ids import as_id
from members.filtersets import name_order
from members.models import MemberOrganisation
from members.selectors import people_for_contact
from sections.models import Section

SEARCH_LIMIT = 20


def _visible_contacts(request: HttpRequest):
    return Contact.objects.visible_to(request.user).select_related(
        "section", "member", "strategy__campaign", "logged_by"
    )


class ContactListView(AllowRolesMixin, ListView):
    """The contacts a user may see, filtered by the shared vocabulary of query parameters.

    A filter value outside its form answers 400 with the parameter named and no rows. Empty
    parameters (what a submitted filter form sends for untouched fields) are dropped by a
    redirect, so the address bar holds a short URL worth sharing or exporting. A page number
    past the end shows the last page, one that is not a number the first (an old link still
    lands on rows).
    """

    allowed_roles = ROW_READERS
    template_name = "campaigns/contact_list.html"
    context_object_name = "contacts"
    paginate_by = 25
    # Counting every selected row costs a full scan per request at scale; count up to 1,000.
    paginator_class = CappedPaginator

    def get(self, request, *args, **kwargs):
        if short := redirect_to_short_url(request):
            return short
        self.query = ContactQuery(user=request.user, filters=request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        try:
            return self.query.contacts
        except InvalidFilters:
            return Contact.objects.none()

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query
        context.update(
            query.filter_context(),
            sort_headers=query.sort_headers(),
            page_query=query.query_without("page"),
            can_log=can_read_private_fields(self.request.user),
        )
        # Saved views and bulk actions: campaigns/views/saved_views.py and bulk.py.
        context.update(saved_views_context(self.request, query), **bulk_context(self.request))
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.query.errors:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class ContactDetailView(AllowRolesMixin, DetailView):
    """All of a contact's fields the reader may see, and its change history."""

    allowed_roles = ROW_READERS
    template_name = "campaigns/contact_detail.html"
    context_object_name = "contact"

    def get_queryset(self):
        return _visible_contacts(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        contact = self.object
        personal_data = can_see_personal_data(user)
        people = list(contact.people.select_related("section", "member")) if personal_data else []
        people_shown_record(self.request, [p.pk for p in people], page="campaigns:contact-detail")
        context.update(
            show_people=personal_data,
            people=people,
            show_private=can_read_private_fields(user),
            history=contact_history(contact, user=user),
        )
        return context


class ContactFormMixin(AllowRolesMixin):
    allowed_roles = LOGGERS
    form_class: type[forms.ModelForm] | None = ContactForm
    template_name: str | None = "campaigns/contact_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs


class ContactCreateView(ContactFormMixin, FormView):
    """Log a contact in one page load and one submit.

    ``?section=<id>&member=<id>`` preselects them, for the "Log a contact" links of the section
    and member pages. An id the user may not log for (another organisation, for a focal point)
    or that names nothing is not preselected.
    """

    def get_initial(self):
        initial = super().get_initial()
        section_id = as_id(self.request.GET.get("section"))
        if section_id is not None and Section.objects.filter(pk=section_id).exists():
            initial["section"] = section_id
        member_id = as_id(self.request.GET.get("member"))
        members = MemberOrganisation.objects.visible_to(self.request.user)
        if member_id is not None and members.filter(pk=member_id).exists():
            initial["member"] = member_id
        return initial

    def form_valid(self, form):
        contact = contact_create(user=self.request.user, **form.service_fields())
        messages.success(
            self.request,
            _("Contact of %(date)s between %(section)s and %(member)s logged.")
            % {
                "date": formats.date_format(contact.date),
                "section": contact.section.name,
                "member": contact.member.display_name(
                    personal_data=can_see_personal_data(self.request.user)
                ),
            },
        )
        if "save_and_add" in self.request.POST:
            return redirect("campaigns:contact-create")
        return redirect("campaigns:contact-detail", pk=contact.pk)


class ContactUpdateView(ContactFormMixin, UpdateView):
    """Edit with optimistic locking: a save based on an outdated version is refused, and the
    page shows the saved values beside the submitted ones. The form then carries the newer
    version, so saving again deliberately replaces the other person's values."""

    context_object_name = "contact"

    def get_queryset(self):
        return _visible_contacts(self.request)

    def form_valid(self, form):
        try:
            contact = contact_update(
                contact=self.object,
                user=self.request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except ContactVersionConflict as conflict:
            current = conflict.current
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = current.version
            return self.render_to_response(
                self.get_context_data(form=form, conflict=form.conflict_rows(current)),
                status=409,
            )
        messages.success(self.request, _("Contact saved."))
        return redirect("campaigns:contact-detail", pk=contact.pk)


class ContactDeleteView(AllowRolesMixin, DeleteView):
    """GET asks for confirmation; POST hides the contact everywhere (an admin can restore it)."""

    allowed_roles = LOGGERS
    template_name = "campaigns/contact_confirm_delete.html"
    context_object_name = "contact"
    success_url = reverse_lazy("campaigns:contact-list")

    def get_queryset(self):
        return _visible_contacts(self.request)

    def form_valid(self, form):
        contact_delete(contact=self.object, user=self.request.user)
        messages.success(
            self.request, _("The contact was deleted; an admin can restore it if needed.")
        )
        return redirect(self.success_url)


class FollowUpListView(AllowRolesMixin, ListView):
    """Open follow-ups by due date: the overdue first (earliest due first), then the coming
    ones, then those without a date. ``owner=me`` (My follow-ups) or ``owner=<user id>``
    keeps one owner's; any other value is a 400 with the parameter named."""

    allowed_roles = LOGGERS
    template_name = "campaigns/follow_ups.html"
    context_object_name = "contacts"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.owner_raw = request.GET.get("owner", "")
        try:
            self.owner_id, self.owner_error = owner_filter(self.owner_raw, user=request.user), ""
        except InvalidOwner as error:
            self.owner_id, self.owner_error = None, str(error)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if self.owner_error:
            return Contact.objects.none()
        contacts = select_contacts(user=self.request.user, filters={"follow_up": "open"})
        if self.owner_id is not None:
            contacts = contacts.filter(follow_up_owner_id=self.owner_id)
        return contacts.select_related("follow_up_owner").order_by(
            F("follow_up_date").asc(nulls_last=True), "-date", "-id"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        personal_data = can_see_personal_data(self.request.user)
        context.update(
            owner=self.owner_raw.strip(),
            owner_error=self.owner_error,
            owner_choices=list(follow_up_owner_choices()) if personal_data else [],
            page_query=f"owner={self.owner_raw.strip()}&" if self.owner_raw.strip() else "",
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.owner_error:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


@require_POST
@allow_roles(*LOGGERS)
def follow_up_done(request: SignedInRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.visible_to(request.user), pk=pk)
    already_done = contact.follow_up_done_on is not None
    follow_up_mark_done(contact=contact, user=request.user)
    if already_done:
        messages.info(request, _("That follow-up was already marked done."))
    else:
        messages.success(request, _("Follow-up marked done."))
    # Back to the page of this site the form was on; anything else (another host, or text
    # that redirect() would take for a view name) goes to the follow-ups.
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect("campaigns:follow-ups")


def _country_codes(text: str) -> list[str]:
    """Countries whose name or code matches, so "norway" and "NO" both find AI Norway."""
    text = text.casefold()
    return [code for code, name in countries if text in name.casefold() or text == code.casefold()]


def _search_errors(search: forms.Form) -> JsonResponse:
    """A 400 naming the parameter, as the dashboard's JSON answers a bad filter."""
    errors = {name: [str(m) for m in messages] for name, messages in search.errors.items()}
    return JsonResponse({"errors": errors}, status=400)


@require_GET
@allow_roles(*EVERY_ROLE)
def section_search(request: HttpRequest) -> JsonResponse:
    """At most 20 sections matching ``q`` by name or country, for the section picker."""
    search = PickerSearchForm(request.GET)
    if not search.is_valid():
        return _search_errors(search)
    text = search.cleaned_data["q"]
    sections = Section.objects.order_by("name")
    if text:
        sections = sections.filter(Q(name__icontains=text) | Q(country__in=_country_codes(text)))
    results = [
        {"id": pk, "label": name} for pk, name in sections.values_list("pk", "name")[:SEARCH_LIMIT]
    ]
    return JsonResponse({"results": results})


@require_GET
@allow_roles(*EVERY_ROLE)
def member_search(request: HttpRequest) -> JsonResponse:
    """At most 20 members matching ``q``, labelled as the requesting user may see them.

    A withheld name is never matched for a reader who may not see it (the match itself would
    reveal it); such members are found by their country. A focal point finds its own only.
    """
    search = PickerSearchForm(request.GET)
    if not search.is_valid():
        return _search_errors(search)
    text = search.cleaned_data["q"]
    personal_data = can_see_personal_data(request.user)
    members = MemberOrganisation.objects.visible_to(request.user).order_by(
        *name_order(personal_data=personal_data)
    )
    if text:
        by_name = Q(name__icontains=text) | Q(acronym__icontains=text)
        if not personal_data:
            by_name &= Q(name_public=True)
        members = members.filter(by_name | Q(country__in=_country_codes(text)))
    results = [
        {"id": member.pk, "label": member.display_name(personal_data=personal_data)}
        for member in members[:SEARCH_LIMIT]
    ]
    return JsonResponse({"results": results})


@require_GET
@allow_roles(*SECRETARIAT)
def people_options(request: HttpRequest) -> JsonResponse:
    """The "People involved" choices for ``?section=<id>&member=<id>``, as the contact form
    offers them, so static/js/people.js can refresh them once both are picked. People are
    personal data: the secretariat's only, like the field itself."""
    options = PeopleOptionsForm(request.GET, user=request.user)
    if not options.is_valid():
        return _search_errors(options)
    section, member = options.cleaned_data["section"], options.cleaned_data["member"]
    people = list(
        people_for_contact(
            user=request.user,
            section_id=section.pk if section else None,
            member_id=member.pk if member else None,
        )
    )
    people_shown_record(request, [p.pk for p in people], page="campaigns:people-options")
    return JsonResponse(
        {"results": [{"id": person.pk, "label": person_label(person)} for person in people]}
    )


contact_list = ContactListView.as_view()
contact_create_view = ContactCreateView.as_view()
contact_detail = ContactDetailView.as_view()
contact_update_view = ContactUpdateView.as_view()
contact_delete_view = ContactDeleteView.as_view()
follow_ups = FollowUpListView.as_view()
