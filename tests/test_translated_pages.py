"""Every page in every language: no English left where a translation belongs.

Each page of the role × URL table (tests/test_permissions.py) is requested in French, Spanish,
Russian and Chinese as a persona that may open it, with the same real objects, plus the pages
that only show after a post (a form with errors, a refused sign-in) and the error pages. Its
visible text (tests/visible_text.py) must hold none of the catalogue's English strings of more
than one word: a string the code forgot to mark, or a catalogue entry that is not compiled,
shows up here as English in the middle of a French page, unless the page marks it as English
(``lang="en"``: the API's schema on its reference page). JSON answers are read the same way,
their values only. The Russian plural forms are checked with real counts of contacts.
"""

import json
import re

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from campaigns.models import Contact
from tests import factories
from tests.conftest import PASSWORD
from tests.test_permissions import EXPECTED, signed_in_clients, url_of, world
from tests.url_walk import named_urls
from tests.visible_text import visible_text

__all__ = ["world"]  # the fixture, shared with the permission matrix

LANGUAGES = {"fr": "fr", "es": "es", "ru": "ru", "zh-hans": "zh_Hans"}
# Who opens a page: the first persona of this list that the table lets in.
READERS = ("staff", "admin", "focal_point", "viewer", "anonymous", "no_role")
# Proper nouns and the like that a translation keeps as they are: the product's name, an HTTP
# header a script must send to the letter.
KEPT_AS_IS = {"NSWP campaign tracker", "Authorization: Bearer"}
# Admin pages of other apps' models (two-factor devices, lockouts): their own English, which
# can share words with ours ("created at"); the project's models are all checked.
OTHER_APPS_ADMIN = ("admin:otp_", "admin:axes_")
# Django stores permission names in English ("Can add audit event") and never translates them.
_PERMISSION_NAMES = re.compile(r"Can (add|change|delete|view) [^\n|]*")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]|%[sd]|<[^>]*>")


def english_phrases(locale: str) -> set[str]:
    """The catalogue's English strings of two words or more, as they can appear on a page.

    A string with placeholders yields its literal pieces of two words or more ("Contact of",
    "between" and so on are pieces of "Contact of %(date)s between …"). A string the language
    writes the same way (a product name, "CSV") is left out.
    """
    phrases = set()
    for entry in polib.pofile(
        str(settings.BASE_DIR / "locale" / locale / "LC_MESSAGES" / "django.po")
    ):
        if entry.msgstr == entry.msgid or entry.msgid in KEPT_AS_IS:
            continue
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            for piece in _PLACEHOLDER.split(source):
                piece = " ".join(piece.split()).strip(" .,:;()·–")
                if len(piece.split()) > 1 and len(piece) > 6 and piece not in KEPT_AS_IS:
                    phrases.add(piece)
    return phrases


def readable(response) -> str:
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        text = visible_text(response.content.decode(), other_languages=False)
        return _PERMISSION_NAMES.sub("", text)
    if content_type.startswith("application/json"):
        return "\n".join(_json_strings(response.json()))
    return ""


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _json_strings(item)]
    return []


def reader_of(name: str) -> str | None:
    cells = EXPECTED[name]["cells"]
    return next((persona for persona in READERS if cells[persona] == 200), None)


@pytest.fixture
def campaign_world(world):
    """The permission matrix's objects, and a campaign with something in each of its parts."""
    campaign = world["campaign"]
    goal = factories.GoalFactory(campaign=campaign, why="Because")
    strategy = factories.StrategyFactory(campaign=campaign, due_on="2015-12-31")
    strategy.goals.add(goal)
    factories.MilestoneFactory(campaign=campaign, kind="decision", number=13)
    factories.MilestoneFactory(campaign=campaign, precision="month", date="2014-06-01")
    petition = factories.PetitionFactory(campaign=campaign, opened_on="2015-07-01")
    factories.SupporterCountFactory(petition=petition, date="2015-08-01", count=1200)
    factories.SupporterCountFactory(petition=petition, date="2015-09-01", count=2400)
    factories.EndorsementFactory(campaign=campaign)
    Contact.objects.filter(pk=world["contact_a"].pk).update(
        strategy=strategy, follow_up="Send the paper", follow_up_date="2015-09-15", hours=2
    )
    return world


def pages_and_readers(w: dict, *, other_apps_admin: bool = False) -> list[tuple[str, str, str]]:
    """(what, url, persona) for every page of the table that some persona may open; the admin
    pages of other apps' models only when ``other_apps_admin`` (they speak their own English)."""
    pages = []
    for name in sorted(set(named_urls()) & set(EXPECTED)):
        persona = reader_of(name)
        if persona is not None and (other_apps_admin or not name.startswith(OTHER_APPS_ADMIN)):
            pages.append((name, url_of(name, w), persona))
    # Pages the table reaches with another status: "no access yet" and a refused id.
    pages.append(("no-access", reverse("no-access"), "no_role"))
    pages.append(("404", url_of("campaigns:contact-detail", w), "focal_point"))
    return pages


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_no_page_shows_english_in_another_language(campaign_world, language):
    w = campaign_world
    clients = signed_in_clients(w)
    for client in clients.values():
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    phrases = english_phrases(LANGUAGES[language])
    responses = [
        (what, persona, clients[persona].get(url)) for what, url, persona in pages_and_readers(w)
    ]
    responses += _pages_after_a_post(clients)
    found = {}
    for what, persona, response in responses:
        assert response.status_code in (200, 403, 404), (what, persona, response.status_code)
        text = readable(response)
        if english := sorted(phrase for phrase in phrases if phrase in text):
            found[f"{what} as {persona}"] = english

    assert len(responses) > 100
    assert found == {}


def _pages_after_a_post(clients: dict[str, Client]) -> list[tuple]:
    """A contact form and a check-in form sent empty, and a sign-in with a wrong password."""
    staff, anonymous = clients["staff"], clients["anonymous"]
    return [
        ("contact form with errors", "staff", staff.post(reverse("campaigns:contact-create"), {})),
        ("check-in form with errors", "staff", staff.post(reverse("campaigns:check-ins"), {})),
        (
            "refused sign-in",
            "anonymous",
            anonymous.post(reverse("login"), {"username": "staff", "password": PASSWORD + "x"}),
        ),
    ]


@pytest.mark.parametrize(
    ("count", "written"),
    [(1, "1 контакт"), (2, "2 контакта"), (5, "5 контактов"), (21, "21 контакт")],
)
def test_russian_counts_take_the_three_plural_forms(client_for, staff_user, count, written):
    section = factories.SectionFactory(name="AI Norway", country="NO")
    member = factories.MemberFactory(name="Pro Sentret", country="NO")
    factories.ContactFactory.create_batch(count, section=section, member=member)
    client = client_for(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    contact_list = visible_text(client.get(reverse("campaigns:contact-list")).content.decode())
    section_page = visible_text(
        client.get(reverse("sections:detail", args=[section.pk])).content.decode()
    )

    assert f"\n{written}\n" in f"\n{contact_list}\n"
    assert f"Все контакты: {count}" in section_page
    assert re.search(rf"\b{count} контакт(а|ов)?\b", contact_list).group() == written


def test_the_pickers_words_come_from_the_javascript_catalogue(client_for, staff_user):
    client = client_for(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    form = client.get(reverse("campaigns:contact-create")).content.decode()
    catalogue = client.get(reverse("javascript-catalog"))

    assert f'<script src="{reverse("javascript-catalog")}" defer></script>' in form
    assert catalogue["Content-Type"].startswith("text/javascript")
    script = catalogue.content.decode()
    assert f'"Type a name or a country": {json.dumps("Введите название или страну")}' in script
    forms = ["%(count)s совпадение", "%(count)s совпадения", "%(count)s совпадений"]
    assert f'"%(count)s match": {json.dumps(forms, indent=2)}'.replace("\n", "\n    ") in script
    assert "n%10==1 && n%100!=11 ? 0" in script
