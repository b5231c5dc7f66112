"""Merging two member organisations or two sections: everything moves, nothing is lost, the
merge is on the record's history and in the audit log."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AuditEvent
from campaigns.case_study import load_case_study
from campaigns.merge_services import (
    merge_members,
    merge_sections,
    relations_move,
    relations_plan,
)
from campaigns.models import CheckIn, Contact
from members.models import MemberOrganisation, Person
from sections.models import Section
from tests.factories import (
    CheckInFactory,
    CheckInRoundFactory,
    ContactFactory,
    GoalFactory,
    MemberFactory,
    PersonFactory,
    SectionFactory,
    StrategyFactory,
    UserFactory,
)


@pytest.fixture
def pair(db):
    """A placeholder member and the real organisation it turns out to be, each with records."""
    section = SectionFactory(name="AI Norway", country="NO")
    real = MemberFactory(name="PRO Sentret", country="NO", region="europe")
    placeholder = MemberFactory(name="Unnamed in Norway", country="NO", placeholder=True)
    person = PersonFactory(member=placeholder, name="Focal Person")
    contacts = [
        ContactFactory(member=placeholder, section=section, date=datetime.date(2015, 9, d))
        for d in (1, 2)
    ]
    contacts[0].people.add(person)
    ContactFactory(member=real, section=section, date=datetime.date(2015, 9, 3))
    check_in = CheckInFactory(member=placeholder)
    focal = UserFactory(username="focal-unnamed", member=placeholder)
    return {
        "section": section,
        "real": real,
        "placeholder": placeholder,
        "person": person,
        "contacts": contacts,
        "check_in": check_in,
        "focal": focal,
    }


def test_merge_moves_contacts_people_check_ins_and_focal_points(pair, admin_user):
    real, placeholder = pair["real"], pair["placeholder"]
    merged_id = placeholder.pk
    merge_members(keep=real, merged=placeholder, user=admin_user)

    assert not MemberOrganisation.objects.filter(pk=merged_id).exists()
    assert Contact.objects.filter(member=real).count() == 3
    assert Person.objects.get(pk=pair["person"].pk).member == real
    assert CheckIn.objects.get(pk=pair["check_in"].pk).member == real
    pair["focal"].refresh_from_db()
    assert pair["focal"].member == real
    assert list(Contact.objects.get(pk=pair["contacts"][0].pk).people.all()) == [pair["person"]]


def test_history_and_audit_record_the_merge_and_who_did_it(pair, admin_user):
    real, placeholder = pair["real"], pair["placeholder"]
    merged_id = placeholder.pk
    merge_members(keep=real, merged=placeholder, user=admin_user)

    gone = MemberOrganisation.history.filter(id=merged_id).latest("history_date")
    assert gone.history_type == "-"
    assert gone.history_change_reason == f"Merged into #{real.pk}"
    assert gone.history_user == admin_user
    kept = real.history.latest("history_date")
    assert kept.history_change_reason == f"#{merged_id} merged into this record"
    assert kept.history_user == admin_user
    moved = Contact.history.filter(id=pair["contacts"][0].pk).latest("history_date")
    assert moved.member_id == real.pk
    assert moved.history_change_reason == f"Moved from #{merged_id}, merged into #{real.pk}"

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.MEMBERS_MERGED)
    assert event.user == admin_user
    assert event.detail["kept"] == real.pk
    assert event.detail["merged"] == merged_id
    assert event.detail["moved"]["campaigns.contact.member"] == 2


def test_a_record_cannot_be_merged_into_itself(pair, admin_user):
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        merge_members(keep=pair["real"], merged=pair["real"], user=admin_user)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.MEMBERS_MERGED).exists()


def test_a_member_and_a_section_cannot_be_merged(pair, admin_user):
    with pytest.raises(ValidationError, match="two member organisations or two sections"):
        merge_members(keep=pair["real"], merged=pair["section"], user=admin_user)


def test_both_asked_in_one_round_refuses_the_merge_and_changes_nothing(pair, admin_user):
    round_ = CheckInRoundFactory()
    theirs = CheckInFactory(member=pair["placeholder"], round=round_)
    CheckInFactory(member=pair["real"], round=round_)

    with pytest.raises(ValidationError, match=f"#{theirs.pk}: the kept record has one"):
        merge_members(keep=pair["real"], merged=pair["placeholder"], user=admin_user)
    assert MemberOrganisation.objects.filter(pk=pair["placeholder"].pk).exists()
    assert Contact.objects.filter(member=pair["placeholder"]).count() == 2


def test_a_many_to_many_link_moves_and_one_both_records_have_is_kept_once(db):
    # No many-to-many points at a member or a section yet; the same code moves a goal's.
    keep, merged = GoalFactory(), GoalFactory()
    both, only_merged = StrategyFactory(), StrategyFactory()
    both.goals.add(keep, merged)
    only_merged.goals.add(merged)

    plan = relations_plan(keep=keep, merged=merged)
    relations_move(keep=keep, merged=merged, user=None, reason="test")

    assert [(m.relation, m.rows, m.duplicates) for m in plan.moves] == [
        ("campaigns.strategy.goals", 1, 1)
    ]
    assert list(both.goals.all()) == [keep]
    assert list(only_merged.goals.all()) == [keep]


def test_sections_merge_moves_contacts_and_people(db, admin_user):
    keep = SectionFactory(name="AI Norway", country="NO")
    merged = SectionFactory(name="Amnesty Norway (duplicate)", country="SJ")
    person = PersonFactory(section=merged, member=None)
    contact = ContactFactory(section=merged)
    contact.people.add(person)
    merged_id = merged.pk

    merge_sections(keep=keep, merged=merged, user=admin_user)

    assert Section.objects.filter(pk=merged_id).count() == 0
    assert Contact.objects.get(pk=contact.pk).section == keep
    assert Person.objects.get(pk=person.pk).section == keep
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SECTIONS_MERGED).count() == 1


def test_dry_run_lists_what_would_move_and_changes_nothing(pair):
    out = io.StringIO()
    history = MemberOrganisation.history.count()
    call_command(
        "merge_members", str(pair["real"].pk), str(pair["placeholder"].pk), "--dry-run", stdout=out
    )

    text = out.getvalue()
    assert "Would move 2 contacts (campaigns.contact.member)" in text
    assert "Would move 1 people (members.person.member)" in text
    assert "Would move 1 check-ins (campaigns.checkin.member)" in text
    assert "Dry run: nothing changed" in text
    assert Contact.objects.filter(member=pair["placeholder"]).count() == 2
    assert MemberOrganisation.history.count() == history
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.MEMBERS_MERGED).exists()


def test_the_command_merges_and_names_the_operator(pair):
    out = io.StringIO()
    call_command("merge_members", str(pair["real"].pk), str(pair["placeholder"].pk), stdout=out)

    assert f"Merged member organisation #{pair['placeholder'].pk}" in out.getvalue()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.MEMBERS_MERGED)
    assert event.username  # the operating-system account


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "1"], "A record cannot be merged into itself."),
        (["999999", "1"], "No member organisation with id 999999."),
    ],
)
def test_the_command_says_what_is_wrong_in_one_line(pair, args, message):
    args = [str(pair["real"].pk) if a == "1" else a for a in args]
    with pytest.raises(CommandError) as error:
        call_command("merge_members", *args)
    assert str(error.value) == message


def test_merge_sections_command_refuses_an_unknown_id(db):
    with pytest.raises(CommandError, match="No section with id 424242"):
        call_command("merge_sections", "424242", "424243")


def test_a_placeholder_merged_into_a_real_member_counts_once_on_the_dashboard(
    client_for, staff_user, admin_user
):
    load_case_study()
    placeholder = MemberOrganisation.objects.get(placeholder=True, country="NO")
    real = MemberFactory(name="PRO Sentret", country="NO", region="europe")
    ContactFactory(member=real, section=Section.objects.get(country="NO"))
    contacts = set(Contact.objects.filter(member__in=[placeholder, real]).values_list("pk"))
    client = client_for(staff_user)
    before = client.get(reverse("campaigns:api-engagement")).json()["headline"]

    merge_members(keep=real, merged=placeholder, user=admin_user)

    after = client.get(reverse("campaigns:api-engagement")).json()["headline"]
    assert after["members_engaged"] == before["members_engaged"] - 1
    assert after["members_total"] == before["members_total"] - 1
    assert after["contacts"] == before["contacts"]
    assert set(Contact.objects.filter(member=real).values_list("pk")) == contacts
    # The loader does not make the placeholder again: its facts live on the kept member.
    load_case_study()
    assert not MemberOrganisation.objects.filter(placeholder=True, country="NO").exists()
    assert set(Contact.objects.filter(member=real).values_list("pk")) == contacts


def test_the_admin_action_asks_which_to_keep_then_merges(pair, client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:members_memberorganisation_changelist")
    ids = [pair["real"].pk, pair["placeholder"].pk]

    confirm = client.post(url, {"action": "merge_two", "_selected_action": ids, "index": 0})
    assert confirm.status_code == 200
    assert "2 rows move: contacts" in confirm.content.decode()

    done = client.post(
        url,
        {
            "action": "merge_two",
            "_selected_action": ids,
            "confirm": "yes",
            "keep": pair["real"].pk,
        },
    )
    assert done.status_code == 302
    assert not MemberOrganisation.objects.filter(pk=pair["placeholder"].pk).exists()
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.MEMBERS_MERGED).user == admin_user


def test_the_admin_action_wants_exactly_two(pair, client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:sections_section_changelist")
    response = client.post(
        url,
        {"action": "merge_two", "_selected_action": [pair["section"].pk], "index": 0},
        follow=True,
    )
    assert "Select exactly two records to merge." in response.content.decode()
    assert Section.objects.filter(pk=pair["section"].pk).exists()


def test_a_record_already_merged_away_is_not_merged_again(pair, admin_user):
    stale = MemberOrganisation.objects.get(pk=pair["placeholder"].pk)
    merge_members(keep=pair["real"], merged=pair["placeholder"], user=admin_user)

    with pytest.raises(ValidationError, match="no longer exists"):
        merge_members(keep=pair["real"], merged=stale, user=admin_user)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.MEMBERS_MERGED).count() == 1
