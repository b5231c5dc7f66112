"""`load_case_study` loads the case study's facts, exactly and only once however often it runs."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from campaigns import case_study
from campaigns.case_study import load_case_study
from campaigns.models import (
    Campaign,
    CheckIn,
    Contact,
    Endorsement,
    Event,
    Goal,
    LoadedFact,
    Milestone,
    Petition,
    Resource,
    SectionPosition,
    SectionRequest,
    Strategy,
    SupporterCount,
)
from campaigns.services import contact_update
from members.models import MemberOrganisation, Person
from sections.models import Section

VOTE = datetime.date(2015, 8, 11)

EXPECTED_COUNTS = {
    Campaign: 1,
    Goal: 3,
    Strategy: 6,
    Resource: 1,
    Milestone: 15,
    Petition: 2,
    SupporterCount: 3,
    Endorsement: 9,
    Section: 16,
    MemberOrganisation: 14,
    Person: 4,
    Contact: 16,
    CheckIn: 0,
    Event: 2,
    SectionPosition: 2,
    SectionRequest: 2,
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


def _edit_poland_workshop(user) -> Contact:
    workshop = Contact.objects.get(section__name="AI Poland")
    return contact_update(
        contact=workshop,
        user=user,
        expected_version=workshop.version,
        summary="Corrected by the secretariat.",
        hours=Decimal("9"),
    )


def test_a_second_run_keeps_a_contact_edited_since_it_was_loaded(loaded, staff_user):
    _edit_poland_workshop(staff_user)
    before = row_counts()

    out = StringIO()
    call_command("load_case_study", stdout=out)

    workshop = Contact.objects.get(section__name="AI Poland")
    assert (workshop.summary, workshop.hours) == ("Corrected by the secretariat.", Decimal("9"))
    assert row_counts() == before
    assert "Contacts: 0 created, 0 updated, 15 unchanged, 1 kept as edited" in out.getvalue()


def test_a_second_run_keeps_a_member_note_edited_in_the_admin_way(loaded):
    member = MemberOrganisation.objects.get(name="Rose Alliance")
    member.notes = "Our own note."
    member.save()

    load_case_study()

    assert MemberOrganisation.objects.get(name="Rose Alliance").notes == "Our own note."


def test_refresh_reapplies_the_texts_values(loaded, staff_user):
    _edit_poland_workshop(staff_user)

    call_command("load_case_study", "--refresh", stdout=StringIO())

    workshop = Contact.objects.get(section__name="AI Poland")
    assert workshop.hours is None
    assert workshop.summary.startswith("Sex workers and allies in Poland organised")
    # After a refresh the row is the text's again: the next plain run leaves it unchanged.
    assert load_case_study()[Contact].kept == 0


def test_a_run_restores_a_deleted_row_and_brings_untouched_rows_up_to_date(loaded):
    Endorsement.objects.filter(organisation="UNAIDS").delete()

    tallies = load_case_study()

    assert tallies[Endorsement].created == 1
    assert Endorsement.objects.filter(organisation="UNAIDS").exists()


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
    milestones = {m.number: m for m in Milestone.objects.filter(number__isnull=False)}

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


def test_poland_workshop_attributes_no_hours_to_sex_workers(loaded):
    workshop = Contact.objects.get(section__name="AI Poland")

    assert workshop.channel == "workshop"
    assert workshop.member.name == "Sex Work Polska"
    # The text gives the workshop's length, not hours given by sex workers.
    assert workshop.hours is None
    assert "4-hour" in workshop.summary
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
    assert secretariat.contacts.count() == 1


def test_unnamed_members_are_placeholders_not_withheld_names(loaded):
    placeholders = MemberOrganisation.objects.filter(placeholder=True)
    norway = placeholders.get(country="NO")

    assert placeholders.count() == 9
    for personal_data in (False, True):
        assert (
            norway.display_name(personal_data=personal_data)
            == "Member organisation in Norway (not named in the source)"
        )
    assert "placeholder" in norway.source_note
    assert MemberOrganisation.objects.get(name="SWOP-USA").name_public is True


def test_the_global_coordinator_belongs_to_the_nswp_secretariat(loaded):
    ruth = Person.objects.get(name="Ruth Morgan Thomas")

    assert (ruth.nswp_secretariat, ruth.member, ruth.section) == (True, None, None)


def test_nobody_is_recorded_as_public_as_a_sex_worker(loaded):
    # Only the person may say so; the text states a rule for the President, not her word.
    assert not Person.objects.filter(public_as_sex_worker=True).exists()
    assert Person.objects.get(name="Pye Jakobsson").contacts.get().channel == "presentation"


def test_every_loaded_record_names_its_source(loaded):
    for model in EXPECTED_COUNTS:
        assert not model.objects.filter(source_note="").exists(), model.__name__


def test_command_prints_counts_per_model(db):
    out = StringIO()

    call_command("load_case_study", stdout=out)

    assert (
        "Contacts: 16 created, 0 updated, 0 unchanged, 0 kept as edited, 16 in the database"
        in out.getvalue()
    )
    assert "Milestones: 15 created" in out.getvalue()
    assert "Events: 2 created" in out.getvalue()


# The review of the loader against the text: one test per point.


def test_post_vote_contacts_are_a_range_from_the_vote_to_the_study_serving_strategy_5(loaded):
    after_vote = Contact.objects.filter(date=VOTE)

    assert after_vote.count() == 12
    assert set(after_vote.values_list("date_precision", "date_end", "strategy__number")) == {
        ("range", datetime.date(2015, 11, 30), 5)
    }
    assert all("published in November 2015" in c.source_note for c in after_vote)


def test_earlier_contacts_are_dated_to_the_month_or_year_the_text_gives(loaded):
    dated = {
        (c.section.name, c.member.name, c.channel): (c.date_precision, c.date)
        for c in Contact.objects.exclude(date=VOTE).select_related("section", "member")
    }

    assert dated[("AI USA", "SWOP-Chicago", "demonstration")] == (
        "month",
        datetime.date(2014, 4, 1),
    )
    assert dated[("AI USA", "SWOP-Chicago", "meeting")] == ("year", datetime.date(2014, 1, 1))
    assert dated[("AI International Secretariat", "Rose Alliance", "presentation")] == (
        "month",
        datetime.date(2014, 6, 1),
    )
    assert not Contact.objects.filter(date_precision="day").exists()


def test_english_collective_of_prostitutes_is_an_ally_not_a_member(loaded):
    assert not MemberOrganisation.objects.filter(name__icontains="English Collective").exists()
    ecp = Endorsement.objects.get(organisation="English Collective of Prostitutes")
    assert "#pledgedecrim" in ecp.note
    assert "prostitutescollective.net" in ecp.source_note


def test_aswa_is_not_made_a_member_with_a_name_country_and_kind_from_elsewhere(loaded):
    assert not MemberOrganisation.objects.filter(name__icontains="Sex Workers Alliance").exists()
    assert not MemberOrganisation.objects.filter(acronym="ASWA").exists()
    assert not Person.objects.filter(name="Daughtie Ogutu").exists()
    june = Milestone.objects.get(number=6)
    assert "Daughtie Ogutu (ASWA)" in june.description
    assert "does not say it is an NSWP member" in june.source_note


def test_only_ai_poland_is_recorded_as_underprepared(loaded):
    underprepared = Section.objects.filter(backlash_preparedness=Section.Preparedness.UNDERPREPARED)

    assert list(underprepared.values_list("name", flat=True)) == ["AI Poland"]
    assert "not of this one" in Section.objects.get(name="AI Norway").source_note


def test_ai_usa_asking_swop_usa_for_panels_is_recorded_as_a_request_not_a_presentation(loaded):
    request = Contact.objects.get(section__name="AI USA", member__name="SWOP-USA")

    assert request.channel == "other"
    assert "wanted SWOP-USA to organise panels" in request.summary
    assert "A request, not a panel" in request.source_note


def test_nigeria_contact_initiator_is_unknown(loaded):
    nigeria = Contact.objects.get(section__name="AI Nigeria")

    assert nigeria.initiated_by == "unknown"
    assert nigeria.formality == "informal"


def test_just_over_8000_supporters_keeps_its_wording(loaded):
    count = SupporterCount.objects.get(count=8000)

    assert count.count_as_written == "just over 8,000"


def test_the_forum_name_is_quoted_as_printed(loaded):
    june = Milestone.objects.get(number=6)

    assert "a 'Chairs and Directors' Forum, alongside" in june.description
    assert "Forum'," not in june.description


def test_day_of_action_is_an_event_in_its_seven_countries_with_its_link(loaded):
    day = Event.objects.get(title__contains="No Amnesty For Pimps")

    assert (day.date, day.date_precision, day.kind) == (
        datetime.date(2015, 10, 23),
        "day",
        "protest",
    )
    assert sorted(c.code for c in day.countries) == ["AU", "CA", "DE", "GB", "MX", "NO", "US"]
    assert day.link_list == ["https://amnestyaction.wordpress.com"]
    assert list(day.sections.values_list("name", flat=True)) == ["AI International Secretariat"]
    assert "#NoAmnesty4Pimps" in day.description


def test_counter_actions_are_an_event_with_the_pledgedecrim_link(loaded):
    counter = Event.objects.get(title__contains="#pledgedecrim")

    assert counter.kind == "counter-action"
    assert counter.link_list == [
        "http://prostitutescollective.net/2015/10/23/"
        "today-join-the-twitter-campaign-in-support-of-amnesty-international/"
    ]
    assert not counter.countries
    assert "no date for the counter-actions" in counter.source_note


def test_the_day_of_action_is_no_longer_a_milestone(loaded):
    assert not Milestone.objects.filter(title__contains="No Amnesty For Pimps").exists()
    assert not Milestone.objects.filter(title__contains="#pledgedecrim").exists()
    assert not Milestone.objects.filter(number=None).exists()


def test_milestones_an_earlier_load_made_of_the_events_are_removed(loaded):
    campaign = Campaign.objects.get()
    old = Milestone.objects.create(
        campaign=campaign, date=datetime.date(2015, 10, 23), title=case_study.MOVED_TO_EVENTS[0]
    )
    LoadedFact.objects.create(model="campaigns.Milestone", object_id=old.pk, digest="x")
    mine = Milestone.objects.create(
        campaign=campaign, date=datetime.date(2015, 10, 23), title=case_study.MOVED_TO_EVENTS[1]
    )

    load_case_study()

    assert not Milestone.objects.filter(pk=old.pk).exists()
    assert Milestone.objects.filter(pk=mine.pk).exists()  # a person's own: kept
    assert Event.objects.count() == 2


def test_an_edited_event_is_not_overwritten(loaded):
    day = Event.objects.get(title__contains="No Amnesty For Pimps")
    day.actors = "Named by the secretariat since"
    day.save()

    tallies = load_case_study()

    day.refresh_from_db()
    assert day.actors == "Named by the secretariat since"
    assert tallies[Event].kept == 1
    assert tallies[Event].updated == 0


def test_ai_sweden_positions_are_loaded_with_the_texts_dates(loaded):
    positions = list(SectionPosition.objects.filter(section__name="AI Sweden"))

    assert [(p.position, p.date, p.date_precision, p.date_end) for p in positions] == [
        ("opposes", VOTE, "day", None),
        ("neutral", VOTE, "range", datetime.date(2015, 11, 30)),
    ]
    neutral = positions[1]
    assert "Respect the decision" in neutral.committed_to
    assert neutral.refused == "Campaign against the criminalisation of clients."
    assert "'Neutral' is a reading" in neutral.source_note
    # The vote stays its own fact.
    assert Section.objects.get(name="AI Sweden").stance == "voted-against"


def test_ai_usa_asking_swop_usa_is_a_request_carried_by_the_contact(loaded):
    contact = Contact.objects.get(section__name="AI USA", member__name="SWOP-USA")
    requests = SectionRequest.objects.filter(section__name="AI USA", member__name="SWOP-USA")

    assert sorted(requests.values_list("kind", "status")) == [
        ("media-contacts", "requested"),
        ("panel", "requested"),
    ]
    assert {r.carried_by_id for r in requests} == {contact.pk}
    assert all(r.became is None and r.paid is None for r in requests)
    assert "does not say whether SWOP-USA agreed" in requests[0].source_note


def test_every_link_of_the_text_is_loaded(loaded):
    campaign = Campaign.objects.get()
    links = set(campaign.links)
    for milestone in Milestone.objects.all():
        links.update(milestone.links)
    for event in Event.objects.all():
        links.update(event.link_list)

    assert {
        "http://www.redumbrellafund.org/report/",
        "http://www.nswp.org",
        "http://www.hivgaps.org",
        "https://amnestyaction.wordpress.com",
    } <= links
    assert any(link.startswith("https://www.amnesty.org/en/policy-on-state") for link in links)
    assert len(links) == 12


def test_network_size_is_recorded_with_its_wording(loaded):
    campaign = Campaign.objects.get()

    assert (campaign.nswp_members, campaign.nswp_countries, campaign.amnesty_countries) == (
        240,
        72,
        70,
    )
    assert "close to 70" in campaign.network_note


def test_strategy_6_advocacy_guide_is_a_resource_without_an_invented_link(loaded):
    guide = Resource.objects.get()

    assert guide.strategy == Strategy.objects.get(number=6)
    assert guide.kind == Resource.Kind.GUIDE
    assert guide.audience == Resource.Audience.EVERYONE
    assert guide.description == (
        "Create an adaptable advocacy guide for NSWP members on how to approach the Amnesty "
        "section in their country (estimated completion date: December 2015)."
    )
    # The text gives no link, file or language for the guide.
    assert (guide.url, guide.file.name, guide.language) == ("", "", "")
    assert "a reading of 'for NSWP members'" in guide.source_note


def test_a_second_run_keeps_a_resource_edited_since_it_was_loaded(loaded):
    guide = Resource.objects.get()
    guide.url = "https://www.nswp.org/resource/advocacy-guide"
    guide.save()

    tallies = load_case_study()

    assert Resource.objects.get().url == "https://www.nswp.org/resource/advocacy-guide"
    assert tallies[Resource].kept == 1


def test_progress_goes_to_stderr_and_verbosity_zero_silences_it(db):
    err = StringIO()
    call_command("load_case_study", stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith("Case study: ")
    assert " facts (100%) done in " in err.getvalue()

    quiet = StringIO()
    call_command("load_case_study", verbosity=0, stdout=StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""
