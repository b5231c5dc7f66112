"""The People page: secretariat admins list the accounts, add a colleague, change a role,
disable or enable an account and send the set-password email again. Admins only; every
change is audited by the services (accounts/people_services.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.people_forms import VALUE_OF_ROLE, ActiveForm, ColleagueForm, RoleForm
from accounts.people_selectors import AccountRow, account_get, account_page
from accounts.people_services import (
    account_active_set,
    account_invite,
    account_role_set,
    set_password_email_send,
)
from accounts.permissions import allow_roles
from accounts.roles import Role


def _email_outcome(request: SignedInRequest, sent: bool, email: str) -> None:
    if sent:
        messages.success(
            request, _("A link to choose a password was emailed to %(email)s.") % {"email": email}
        )
    else:
        messages.error(
            request,
            _(
                "The email to %(email)s could not be sent. Try again later with "
                "“Send the set-password email again”."
            )
            % {"email": email},
        )


@allow_roles(Role.ADMIN)
@require_http_methods(["GET"])
def people(request: SignedInRequest) -> HttpResponse:
    page, rows = account_page(page=request.GET.get("page"))
    return render(request, "accounts/people.html", {"page_obj": page, "rows": rows})


@allow_roles(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def people_add(request: SignedInRequest) -> HttpResponse:
    form = ColleagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account, sent = account_invite(
                name=data["name"],
                email=data["email"],
                role=data["role"],
                member=data["member"],
                language=data["language"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _email_outcome(request, sent, account.email)
            return redirect("accounts:people-detail", pk=account.pk)
    status = 400 if form.errors else 200
    return render(request, "accounts/people_add.html", {"form": form}, status=status)


def _detail(request, row: AccountRow, *, form=None, active_form=None, status=200):
    if form is None:
        role = VALUE_OF_ROLE[row.role] if row.role is not None else None
        form = RoleForm(initial={"member": row.account.member_id, "role": role})
    context = {
        "row": row,
        "account": row.account,
        "form": form,
        "active_errors": active_form.errors.get("active", []) if active_form else [],
        "is_self": row.account.pk == request.user.pk,
    }
    return render(request, "accounts/people_detail.html", context, status=status)


@allow_roles(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def people_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """One person's account; a POST changes its role (and organisation)."""
    row = account_get(pk=pk)
    if request.method == "GET":
        return _detail(request, row)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            account_role_set(
                account=row.account,
                role=form.cleaned_data["role"],
                member=form.cleaned_data["member"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role is saved."))
            return redirect("accounts:people-detail", pk=pk)
    return _detail(request, account_get(pk=pk), form=form, status=400)


@allow_roles(Role.ADMIN)
@require_POST
def people_active(request: SignedInRequest, pk: int) -> HttpResponse:
    row = account_get(pk=pk)
    form = ActiveForm(request.POST)
    if form.is_valid():
        active = form.cleaned_data["active"]
        try:
            account_active_set(account=row.account, active=active, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if active:
                messages.success(request, _("The account is enabled: it can sign in again."))
            else:
                messages.success(request, _("The account is disabled: it can no longer sign in."))
            return redirect("accounts:people-detail", pk=pk)
    return _detail(request, account_get(pk=pk), active_form=form, status=400)


@allow_roles(Role.ADMIN)
@require_POST
def people_set_password_email(request: SignedInRequest, pk: int) -> HttpResponse:
    row = account_get(pk=pk)
    if not row.account.email or not row.account.is_active:
        messages.error(request, _("Only an enabled account with an email address gets the link."))
        return _detail(request, row, status=400)
    _email_outcome(
        request, set_password_email_send(account=row.account, request=request), row.account.email
    )
    return redirect("accounts:people-detail", pk=pk)
