"""Every page of the tracker opens over the real case study, for every role that may see it.

Factories make tidy data; the case study has the awkward parts (the International Secretariat
with no country, withheld members, approximate dates), so the pages are walked over it too.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Contact
from members.models import MemberOrganisation, Person
from sections.models import Section

LIST_PAGES = [
    "campaigns:dashboard",
    "campaigns:campaign",
    "campaigns:api-engagement",
    "campaigns:contact-list",
    "campaigns:contact-export-csv",
    "campaigns:contact-export-xlsx",
    "sections:list",
    "members:list",
]


@pytest.fixture
def case_study(db):
    call_command("load_case_study", verbosity=0)


def detail_urls(*, focal_member=None, contacts_too=True) -> list[str]:
    sections = Section.objects.all()
    members = MemberOrganisation.objects.all()
    contacts = Contact.objects.all()
    if focal_member is not None:
        members = members.filter(pk=focal_member.pk)
        contacts = contacts.filter(member=focal_member)
    urls = []
    for section in sections:
        urls += [reverse("sections:detail", args=[section.pk])]
        urls += [reverse("sections:report", args=[section.pk])]
    for member in members:
        urls += [reverse("members:detail", args=[member.pk])]
        urls += [reverse("members:report", args=[member.pk])]
    if contacts_too:
        urls += [reverse("campaigns:contact-detail", args=[c.pk]) for c in contacts]
    return urls


@pytest.mark.parametrize("persona", ["admin", "staff", "viewer"])
def test_every_page_opens_over_the_case_study(case_study, personas, client_for, persona):
    client = client_for(personas[persona])
    # Viewers see aggregates only: no contact list or contact pages.
    viewer = persona == "viewer"
    rows = (
        "campaigns:contact-list",
        "campaigns:contact-export-csv",
        "campaigns:contact-export-xlsx",
    )
    list_pages = [name for name in LIST_PAGES if not (viewer and name in rows)]
    urls = [reverse(name) for name in list_pages] + detail_urls(contacts_too=not viewer)
    if persona != "viewer":
        urls += [reverse("campaigns:contact-create"), reverse("campaigns:follow-ups")]
        urls += [reverse("campaigns:contact-update", args=[Contact.objects.first().pk])]
    if persona != "viewer":
        urls += [reverse("members:person-detail", args=[p.pk]) for p in Person.objects.all()]
        urls += [reverse("campaigns:check-ins")]
    failures = [(url, client.get(url).status_code) for url in urls]
    assert [f for f in failures if f[1] != 200] == []


def test_focal_point_of_a_case_study_member_opens_its_pages(
    case_study, client_for, django_user_model
):
    from django.contrib.auth.models import Group

    polska = MemberOrganisation.objects.get(name="Sex Work Polska")
    user = django_user_model.objects.create_user("agata-focal", password="x" * 20, member=polska)
    user.groups.add(Group.objects.get(name="member focal point"))
    client = client_for(user)
    urls = [reverse(name) for name in LIST_PAGES] + detail_urls(focal_member=polska)
    urls += [reverse("campaigns:contact-create"), reverse("campaigns:follow-ups")]
    failures = [(url, client.get(url).status_code) for url in urls]
    assert [f for f in failures if f[1] != 200] == []


def test_the_case_study_dashboard_shows_its_headline_facts(case_study, client_for, staff_user):
    page = client_for(staff_user).get(reverse("campaigns:dashboard")).content.decode()
    numbers = client_for(staff_user).get(reverse("campaigns:api-engagement")).json()

    assert numbers["headline"]["contacts"] == Contact.objects.count()
    assert "AI Poland" in page
    assert "Sex Work Polska" in page
    # The text gives the Poland workshop's length, not hours given by sex workers.
    assert numbers["headline"]["hours"]["total"] == 0


def test_a_loaded_contact_shows_its_source_to_the_secretariat_only(
    case_study, client_for, staff_user, viewer
):
    poland = Contact.objects.get(section__name="AI Poland")
    url = reverse("campaigns:contact-detail", args=[poland.pk])

    assert poland.source_note[:40] in client_for(staff_user).get(url).content.decode()
    assert poland.source_note[:40] not in client_for(viewer).get(url).content.decode()


def test_the_campaign_page_shows_milestones_as_the_text_dates_them(case_study, client_for, viewer):
    page = client_for(viewer).get(reverse("campaigns:campaign")).content.decode()

    assert "February 2014" in page
    assert "1 Feb 2014" not in page
    assert "6 Aug 2015 – 11 Aug 2015" in page
    assert "Early 2016 (date to be determined by Amnesty International)" in page


def test_the_post_vote_contacts_are_shown_as_a_period_and_filtered_by_overlap(
    case_study, client_for, staff_user
):
    client = client_for(staff_user)
    url = reverse("campaigns:contact-list")

    page = client.get(url).content.decode()
    later = client.get(url, {"since": "2015-09-01"}).content.decode()
    before = client.get(url, {"until": "2015-08-10"}).content.decode()

    # The date cell's link (each row's bulk choice names the date again, for screen readers).
    period = ">11 Aug 2015 – 30 Nov 2015</a>"
    assert page.count(period) == 12
    assert later.count(period) == 12
    assert "11 Aug 2015" not in before


def test_the_dashboard_sets_recorded_members_against_the_networks_size(
    case_study, client_for, viewer
):
    page = client_for(viewer).get(reverse("campaigns:dashboard")).content.decode()
    campaign = client_for(viewer).get(reverse("campaigns:campaign")).content.decode()

    assert "14 recorded members engaged · NSWP has about 240" in page
    assert "Amnesty has offices in about 70 countries" in page
    assert "just over 8,000" in page
    assert "http://www.redumbrellafund.org/report/" in campaign


def test_ai_swedens_page_shows_its_positions_over_time(case_study, client_for, viewer):
    sweden = Section.objects.get(name="AI Sweden")
    page = client_for(viewer).get(reverse("sections:detail", args=[sweden.pk])).content.decode()

    assert page.index("Opposes decriminalisation") < page.index("Neutral")
    assert "Campaign against the criminalisation of clients." in page


def test_the_events_list_shows_the_day_of_action_in_its_countries(
    case_study, client_for, staff_user
):
    response = client_for(staff_user).get(reverse("campaigns:event-list"), {"country": "MX"})

    assert [e.title for e in response.context["events"]] == [
        "'No Amnesty For Pimps Global Day of Action'"
    ]
    assert "https://amnestyaction.wordpress.com" in response.content.decode()


def test_swop_usas_page_shows_ai_usas_requests(case_study, client_for, staff_user):
    swop = MemberOrganisation.objects.get(name="SWOP-USA")
    response = client_for(staff_user).get(reverse("members:detail", args=[swop.pk]))

    assert sorted(r.kind for r in response.context["requests"]) == ["media-contacts", "panel"]
    assert "Media contacts" in response.content.decode()
