"""The ground floor's readers: a country by code or name, a count or a range."""

import pytest

from campaigns.models import Contact
from core.countries import country_code
from core.ranges import parse_range, range_sql, range_text
from tests.factories import ContactFactory


@pytest.mark.parametrize(
    ("text", "code"),
    [("NO", "NO"), ("no", "NO"), (" Norway ", "NO"), ("côte d'ivoire", "CI"), ("Narnia", None)],
)
def test_country_code_reads_codes_and_english_names(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(None, None, ""), (15, None, "15"), (15, 15, "15"), (15, 18, "15-18"), (0, 3, "0-3")],
)
def test_range_text_and_back(low, high, text):
    assert range_text(low, high) == text
    assert parse_range(text) == (low, None if high == low else high)


def test_range_reads_an_en_dash_and_spaces():
    assert parse_range(" 15 – 18 ") == (15, 18)


@pytest.mark.parametrize(
    ("text", "message"),
    [("many", "'many' is not a number of people"), ("18-15", "the upper bound is below")],
)
def test_range_refuses_what_it_cannot_read(text, message):
    with pytest.raises(ValueError, match=message):
        parse_range(text)


@pytest.mark.django_db
def test_range_sql_gives_range_text():
    for low, high in [(None, None), (15, None), (15, 15), (15, 18)]:
        ContactFactory(participants=low, participants_max=high)

    computed = Contact.objects.annotate(text=range_sql("participants", "participants_max"))

    for contact in computed:
        expected = range_text(contact.participants, contact.participants_max) or None
        assert contact.text == expected
        assert contact.participants_label == (expected or "").replace("-", "–")
