"""Check-ins (strategy #5): the secretariat asks members whether their national section has
contacted them. One page records a check-in and lists who was never asked or has not answered."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import SECRETARIAT, allow_roles
from accounts.roles import can_see_personal_data
from campaigns import round_selectors, selectors
from campaigns.forms import CheckInAnswerForm, CheckInForm
from campaigns.services import check_in_answer as answer_check_in
from campaigns.services import check_in_record
from members.selectors import member_queryset

ROUNDS_SHOWN = 10


def _check_ins_page(request, form: CheckInForm):
    user = request.user
    context = {
        "form": form,
        "member_choices": selectors.member_choices_for_check_in(user=user),
        "recent": selectors.check_in_recent(user=user),
        "never_asked": list(selectors.members_never_asked(user=user)),
        "awaiting": list(selectors.members_awaiting_answer(user=user)),
        "rounds": list(round_selectors.check_in_round_list(user=user)[:ROUNDS_SHOWN]),
    }
    return render(request, "campaigns/check_ins.html", context)


@allow_roles(*SECRETARIAT)
def check_ins(request):
    members = member_queryset(user=request.user)
    if request.method != "POST":
        return _check_ins_page(request, CheckInForm(members=members))
    form = CheckInForm(request.POST, members=members)
    if form.is_valid():
        try:
            check_in = check_in_record(asked_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = check_in.member.display_name(personal_data=can_see_personal_data(request.user))
            messages.success(request, _("Check-in with %(member)s recorded.") % {"member": name})
            return redirect("campaigns:check-ins")
    return _check_ins_page(request, form)


@allow_roles(*SECRETARIAT)
def check_in_answer(request, pk: int):
    check_in = get_object_or_404(selectors.check_in_queryset(user=request.user), pk=pk)
    form = CheckInAnswerForm(request.POST or None, initial={"note": check_in.note})
    if request.method == "POST" and form.is_valid():
        try:
            answer_check_in(check_in=check_in, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = check_in.member.display_name(personal_data=can_see_personal_data(request.user))
            messages.success(request, _("Answer from %(member)s recorded.") % {"member": name})
            return redirect("campaigns:check-ins")
    return render(request, "campaigns/check_in_answer.html", {"form": form, "check_in": check_in})
