"""generate_demo_data: sizes, realistic spread, reproducibility, and refusal to touch real data."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from campaigns import demo_data
from campaigns.models import Campaign, CheckIn, Contact, Strategy
from core.regions import Region
from members.models import MemberOrganisation
from sections.models import Section
from tests.factories import MemberFactory, SectionFactory

SMALL = {"members": 20, "sections": 10, "contacts": 500}


def generate(**options):
    call_command("generate_demo_data", **{**SMALL, "seed": 7, **options})


def contacts_checksum() -> str:
    """A digest of every contact's facts, with foreign keys by name so ids don't matter."""
    rows = sorted(
        Contact.objects.values_list(
            "date",
            "section__name",
            "member__name",
            "member__region",
            "member__name_public",
            "initiated_by",
            "formality",
            "channel",
            "strategy__number",
            "summary",
            "outcome",
            "follow_up",
            "follow_up_date",
            "follow_up_done_on",
            "participants",
            "participants_max",
            "hours",
            "hours_paid",
            "deleted_at",
            "source_note",
        )
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def empty_database():
    Contact.objects.all().delete()
    CheckIn.objects.all().delete()
    MemberOrganisation.objects.all().delete()
    Section.objects.all().delete()
    Campaign.objects.all().delete()


@pytest.mark.django_db
def test_small_run_writes_the_requested_rows():
    generate()

    assert MemberOrganisation.objects.count() == 20
    assert Section.objects.count() == 10
    assert Contact.objects.count() == 500
    assert Strategy.objects.filter(campaign__name=demo_data.DEMO_CAMPAIGN_NAME).count() == 6


@pytest.mark.django_db
def test_rows_are_realistic_and_marked_with_the_seed():
    generate(members=60, contacts=2_000)

    members = MemberOrganisation.objects.all()
    assert {m.name for m in members} == {f"Demo member {n}" for n in range(1, 61)}
    assert all(m.region == demo_data.region_of(m.country.code) for m in members)
    assert set(members.values_list("region", flat=True)) <= set(Region.values)
    assert members.filter(name_public=False).exists()
    sections = Section.objects.all()
    assert len({s.country.code for s in sections}) == 10
    contacts = list(Contact.objects.all())
    assert {c.source_note for c in contacts} == {"demo data (seed 7)"}
    assert min(c.date.year for c in contacts) == 2015
    assert max(c.date.year for c in contacts) == 2025
    assert {c.formality for c in contacts} == {"formal", "informal", ""}
    assert {c.initiated_by for c in contacts} == set(Contact.InitiatedBy.values)
    assert len({c.channel for c in contacts}) == len(Contact.Channel.values)
    assert {c.follow_up_state for c in contacts} == {"none", "open", "overdue", "done"}
    assert any(c.hours is not None for c in contacts)
    assert any(c.participants is not None for c in contacts)
    assert any(c.strategy_id is None for c in contacts)
    assert any(c.deleted_at is not None for c in contacts)
    assert CheckIn.objects.exists()


@pytest.mark.django_db
def test_same_seed_gives_the_same_rows_in_an_empty_database():
    generate()
    first = contacts_checksum()
    empty_database()

    generate()

    assert contacts_checksum() == first


@pytest.mark.django_db
def test_another_seed_gives_other_rows():
    generate()
    first = contacts_checksum()
    empty_database()

    generate(seed=8)

    assert contacts_checksum() != first


@pytest.mark.django_db
def test_running_again_replaces_the_earlier_demo_data():
    generate()

    generate(members=5, sections=3, contacts=40, seed=9)

    assert MemberOrganisation.objects.count() == 5
    assert Section.objects.count() == 3
    assert Contact.objects.count() == 40
    assert set(Contact.objects.values_list("source_note", flat=True)) == {"demo data (seed 9)"}


@pytest.mark.django_db
def test_refuses_a_database_with_real_data_and_changes_nothing():
    real = MemberFactory(name="Real member")

    with pytest.raises(CommandError, match=r"holds real data \(1 members.*--force"):
        generate()

    assert list(MemberOrganisation.objects.all()) == [real]
    assert not Section.objects.exists()
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_force_adds_demo_data_beside_real_data():
    real_member = MemberFactory(name="Real member")
    real_section = SectionFactory(country="NO", name="AI Norway")

    generate(force=True, sections=200)

    assert MemberOrganisation.objects.filter(pk=real_member.pk).exists()
    assert Section.objects.get(country="NO") == real_section
    assert Section.objects.count() == 201
    assert Contact.objects.count() == 500


@pytest.mark.django_db
def test_more_sections_than_countries_is_refused():
    with pytest.raises(CommandError, match="a country has at most one section"):
        generate(sections=len(demo_data.country_codes()) + 1)

    assert not Section.objects.exists()


@pytest.mark.django_db
def test_progress_lines_go_to_stderr_and_verbosity_zero_silences_them(monkeypatch):
    from core import progress

    monkeypatch.setattr(progress, "INTERVAL", 0)
    err = io.StringIO()
    call_command("generate_demo_data", **SMALL, seed=7, stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()

    assert lines[:9] == [f"Contacts: {n}/500 contacts ({n // 5}%)" for n in range(50, 500, 50)]
    assert lines[9].startswith("Contacts: 500/500 contacts (100%) done in ")

    empty_database()
    quiet = io.StringIO()
    call_command("generate_demo_data", **SMALL, seed=7, verbosity=0, stderr=quiet)
    assert quiet.getvalue() == ""


def test_help_says_what_each_option_takes():
    from campaigns.management.commands.generate_demo_data import Command

    text = " ".join(Command().create_parser("manage.py", "x").format_help().split())

    assert "--members MEMBERS How many: 0 or more (300)." in text
    assert "--seed SEED Any whole number; the same seed, the same rows." in text


@pytest.mark.django_db
def test_a_negative_count_is_refused_naming_the_option():
    with pytest.raises(CommandError, match="--contacts: expected a whole number, 0 or more"):
        call_command("generate_demo_data", "--contacts", "-5")
    assert not Contact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_running_again_outside_a_transaction_replaces_the_demo_data():
    """Outside a transaction PostgreSQL takes the TRUNCATE path, which must name every table
    whose foreign keys point at the contacts (sections' requests) or be refused."""
    generate()

    generate(members=5, sections=3, contacts=40, seed=9)

    assert Contact.objects.count() == 40
    assert set(Contact.objects.values_list("source_note", flat=True)) == {"demo data (seed 9)"}
