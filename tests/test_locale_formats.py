"""One date and number style per language. A date shows the same way on every page that shows
it (the contact list and page, the section and member pages and their printable reports, the
message after saving); counts are grouped the language's way."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from campaigns.models import Contact
from tests.factories import ContactFactory, MemberFactory, SectionFactory
from tests.visible_text import visible_text

DAY = datetime.date(2015, 8, 11)
# 11 August 2015 as each language writes it (config/formats/<locale>/formats.py).
WRITTEN = {
    "en": "11 Aug 2015",
    "fr": "11 août 2015",
    "es": "11 ago 2015",
    "ru": "11 августа 2015",
    "zh-hans": "2015年8月11日",
}
# Any other way of writing that day: ISO, numeric, or Django's defaults of each language.
OTHER_STYLES = re.compile(
    r"2015-08-11|11[./]08[./]2015|08/11/2015|Aug\. 11, 2015|11 de agosto|августа 2015 г\.|"
    r"11 (August|Aug\.|août|ago\.|Авг)"
)


def written_and_others(text: str, language: str) -> tuple[bool, list[str]]:
    """Whether the day is written the language's way, and every other way it is written."""
    return WRITTEN[language] in text, OTHER_STYLES.findall(text.replace(WRITTEN[language], ""))


@pytest.fixture
def contact(staff_user):
    section = SectionFactory(name="AI Norway", country="NO")
    member = MemberFactory(name="Pro Sentret", country="NO")
    return ContactFactory(section=section, member=member, date=DAY, follow_up_date=DAY)


def pages(contact) -> dict[str, str]:
    return {
        "list": reverse("campaigns:contact-list"),
        "detail": reverse("campaigns:contact-detail", args=[contact.pk]),
        "section": reverse("sections:detail", args=[contact.section_id]),
        "member": reverse("members:detail", args=[contact.member_id]),
        "section report": reverse("sections:report", args=[contact.section_id]),
        "member report": reverse("members:report", args=[contact.member_id]),
    }


@pytest.mark.parametrize("language", list(WRITTEN))
def test_a_date_is_written_one_way_per_language_on_every_page(
    client_for, staff_user, contact, language
):
    client = client_for(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seen = {}
    for name, url in pages(contact).items():
        text = visible_text(client.get(url).content.decode())
        seen[name] = written_and_others(text, language)

    saved = client.post(
        reverse("campaigns:contact-create"),
        {
            "date": DAY.isoformat(),
            "section": contact.section_id,
            "member": contact.member_id,
            "initiated_by": "section",
            "channel": "email",
            "summary": "Wrote about the resolution.",
            "save": "1",
        },
        follow=True,
    )
    (message,) = [str(m) for m in saved.context["messages"]]
    seen["save message"] = written_and_others(message, language)

    assert Contact.objects.count() == 2
    assert seen == {name: (True, []) for name in seen}


@pytest.mark.parametrize(
    ("language", "precision", "end", "written"),
    [
        ("en", "day", None, "11 Aug 2015"),
        ("en", "month", None, "August 2015"),
        ("fr", "month", None, "août 2015"),
        ("es", "month", None, "agosto de 2015"),
        ("ru", "year", None, "2015"),
        ("zh-hans", "month", None, "2015年8月"),
        ("fr", "tbd", None, "2015 (date à déterminer)"),
        ("ru", "range", datetime.date(2015, 8, 14), "11 августа 2015 – 14 августа 2015"),
        ("zh-hans", "range", datetime.date(2015, 8, 14), "2015年8月11日至2015年8月14日"),
    ],
)
def test_an_approximate_date_is_written_as_far_as_it_is_known(language, precision, end, written):
    from django.utils import translation

    from core.periods import period_label

    with translation.override(language):
        assert period_label(DAY, precision, end) == written


def test_the_timeline_writes_a_month_in_the_readers_language(client_for, viewer):
    from tests.factories import CampaignFactory, MilestoneFactory

    campaign = CampaignFactory()
    MilestoneFactory(campaign=campaign, date=datetime.date(2014, 6, 1), precision="month")
    client = client_for(viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    text = visible_text(client.get(reverse("campaigns:campaign")).content.decode())

    assert "juin 2014" in text
    assert "1 juin 2014" not in text


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "12,345"),
        ("fr", "12\xa0345"),
        ("es", "12\xa0345"),
        ("ru", "12\xa0345"),
        ("zh-hans", "12,345"),
    ],
)
def test_counts_are_grouped_the_languages_way(language, written):
    from django.template import Context, Template
    from django.utils import translation

    with translation.override(language):
        rendered = Template("{% load humanize %}{{ n|intcomma }}").render(Context({"n": 12345}))

    assert rendered == written
