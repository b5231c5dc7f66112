"""`load_case_study` loads the case study's facts, exactly and only once however often it runs."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from campaigns.case_study import load_case_study
from campaigns.models import (
    Campaign,
    CheckIn,
    Contact,
    Endorsement,
    Goal,
    Milestone,
    Petition,
    Strategy,
    SupporterCount,
)
from members.models import MemberOrganisation, Person
from sections.models import Section

VOTE = datetime.date(2015, 8, 11)

EXPECTED_COUNTS = {
    Campaign: 1,
    Goal: 3,
    Strategy: 6,
    Milestone: 15,
    Petition: 2,
    SupporterCount: 3,
    Endorsement: 8,
    Section: 16,
    MemberOrganisation: 16,
    Person: 4,
    Contact: 17,
    CheckIn: 0,
}


def row_counts() -> dict[str, int]:
    """Every table's row count, history and many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture
def loaded(db):
    load_case_study()


def test_one_run_loads_the_case_study_counts(db):
    tallies = load_case_study()

    for model, expected in EXPECTED_COUNTS.items():
        assert model.objects.count() == expected, model.__name__
        assert tallies[model].created == expected, model.__name__


def test_second_run_changes_no_row_count_in_any_table(loaded):
    before = row_counts()
    updated_at = list(Contact.objects.order_by("pk").values_list("updated_at", flat=True))

    tallies = load_case_study()

    assert row_counts() == before
    assert all(t.created == 0 and t.updated == 0 for t in tallies.values())
    assert list(Contact.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_at


def test_second_run_restores_an_edited_fact_without_duplicating_it(loaded):
    Contact.objects.filter(section__name="AI Poland").update(hours=Decimal("9"))
    before = row_counts()

    tallies = load_case_study()

    assert tallies[Contact].updated == 1
    assert Contact.objects.get(section__name="AI Poland").hours == Decimal("4")
    counts = row_counts()
    # Only the restoring save adds a history row.
    assert (
        counts.pop("campaigns.HistoricalContact") == before.pop("campaigns.HistoricalContact") + 1
    )
    assert counts == before


def test_twelve_sections_have_contacts_on_or_after_the_vote(loaded):
    after_vote = Contact.objects.filter(date__gte=VOTE)

    names = set(after_vote.values_list("section__name", flat=True))

    assert names == {
        "AI Norway",
        "AI Poland",
        "AI Germany",
        "AI USA",
        "AI Belgium",
        "AI India",
        "AI Turkey",
        "AI Canada",
        "AI Sweden",
        "AI Nigeria",
        "AI Hungary",
        "AI Italy",
    }
    assert after_vote.count() == 12


def test_goals_and_strategies_with_status_due_date_and_goals_served(loaded):
    assert list(Goal.objects.values_list("number", flat=True)) == [1, 2, 3]
    assert Goal.objects.get(number=3).why == ""
    assert Goal.objects.get(number=1).why.startswith("Sex workers are the experts")
    strategies = {s.number: s for s in Strategy.objects.prefetch_related("goals")}
    assert sorted(strategies) == [1, 2, 3, 4, 5, 6]
    assert {n: s.status for n, s in strategies.items()} == {
        1: "done",
        2: "done",
        3: "done",
        4: "done",
        5: "in-progress",
        6: "planned",
    }
    assert strategies[6].due_on == datetime.date(2015, 12, 31)
    assert "December 2015" in strategies[6].source_note
    assert [g.number for g in strategies[5].goals.all()] == [2]
    assert [g.number for g in strategies[6].goals.all()] == [3]
    assert all(
        "mapping inferred from the goals' wording" in s.source_note for s in strategies.values()
    )


def test_fifteen_numbered_milestones_with_their_dates_and_precision(loaded):
    milestones = {m.number: m for m in Milestone.objects.all()}

    assert sorted(milestones) == list(range(1, 16))
    assert milestones[1].date == datetime.date(2014, 1, 24)
    assert milestones[1].precision == "day"
    assert "dailymail.co.uk" in milestones[1].source_links
    assert milestones[2].precision == "month"
    assert (milestones[12].date, milestones[12].end_date) == (
        datetime.date(2015, 8, 6),
        datetime.date(2015, 8, 11),
    )
    assert milestones[13].kind == "decision"
    assert (milestones[14].date, milestones[14].end_date) == (VOTE, None)
    assert milestones[15].precision == "tbd"
    assert milestones[15].date == datetime.date(2016, 1, 1)
    assert (
        milestones[15].date_label == "Early 2016 (date to be determined by Amnesty International)"
    )
    assert "thelancet.com" in milestones[11].source_links


def test_two_petitions_with_every_supporter_figure_and_its_date(loaded):
    against = Petition.objects.get(position="against")
    supporting = Petition.objects.get(position="for")

    assert (against.opened_on, against.closed_on) == (datetime.date(2015, 7, 23), None)
    assert (supporting.opened_on, supporting.closed_on) == (
        datetime.date(2015, 7, 29),
        datetime.date(2015, 8, 10),
    )
    assert list(against.supporter_counts.values_list("date", "count")) == [
        (VOTE, 8000),
        (datetime.date(2015, 10, 31), 10935),
    ]
    assert list(supporting.supporter_counts.values_list("date", "count")) == [
        (datetime.date(2015, 8, 10), 10072)
    ]
    assert set(SupporterCount.objects.values_list("count", flat=True)) == {8000, 10935, 10072}


def test_endorsements_count_the_signatories_once(loaded):
    kinds = list(Endorsement.objects.values_list("kind", flat=True))

    assert kinds.count("letter") == 2
    assert kinds.count("petition-promotion") == 5
    signatories = Endorsement.objects.get(kind="signatories")
    assert signatories.organisation.startswith("38 individual signatories from 35")
    assert signatories.date == datetime.date(2014, 4, 1)


def test_poland_workshop_gave_four_hours_to_fifteen_to_eighteen_people(loaded):
    workshop = Contact.objects.get(section__name="AI Poland")

    assert workshop.channel == "workshop"
    assert workshop.member.name == "Sex Work Polska"
    assert workshop.hours == Decimal("4")
    assert (workshop.participants, workshop.participants_max) == (15, 18)
    assert workshop.participants_label == "15–18"
    assert workshop.hours_paid is None
    assert [p.name for p in workshop.people.all()] == ["Agata Dziuban"]


def test_sweden_voted_against_and_agreed_to_work_on_other_laws(loaded):
    sweden = Section.objects.get(country="SE")
    meeting = Contact.objects.get(section=sweden)

    assert sweden.stance == Section.Stance.VOTED_AGAINST
    assert "did not represent the interests of its membership" in sweden.stance_note
    assert "eviction" in sweden.stance_note
    assert (meeting.member.name, meeting.channel, meeting.initiated_by) == (
        "Rose Alliance",
        "meeting",
        "section",
    )
    assert Section.objects.exclude(country="SE").filter(stance="unknown").count() == 15


def test_international_secretariat_has_no_country(loaded):
    secretariat = Section.objects.get(kind=Section.Kind.INTERNATIONAL_SECRETARIAT)

    assert not secretariat.country
    assert secretariat.contacts.count() == 2


def test_withheld_members_display_without_their_name(loaded):
    withheld = MemberOrganisation.objects.filter(name_public=False)
    norway = withheld.get(country="NO")

    assert withheld.count() == 9
    assert (
        norway.display_name(personal_data=False) == "Member organisation in Norway (name withheld)"
    )
    assert norway.display_name(personal_data=True) == norway.name
    assert MemberOrganisation.objects.get(name="SWOP-USA").name_public is True


def test_only_the_nswp_president_is_recorded_as_public_as_a_sex_worker(loaded):
    assert list(
        Person.objects.filter(public_as_sex_worker=True).values_list("name", flat=True)
    ) == ["Pye Jakobsson"]
    assert Person.objects.get(name="Pye Jakobsson").contacts.get().channel == "presentation"


def test_every_loaded_record_names_its_source(loaded):
    for model in EXPECTED_COUNTS:
        assert not model.objects.filter(source_note="").exists(), model.__name__


def test_command_prints_counts_per_model(db):
    out = StringIO()

    call_command("load_case_study", stdout=out)

    assert "Contacts: 17 created, 0 updated, 0 unchanged, 17 in the database" in out.getvalue()
    assert "Milestones: 15 created" in out.getvalue()
