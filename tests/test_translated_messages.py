"""Words that leave the pages: import errors and the export's column labels, in the reader's
language, while the machine-readable parts (column names, stored values) stay as they are."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from campaigns.exchange.reading import ImportRejected
from campaigns.exchange.services import import_file
from tests.factories import ContactFactory, MemberFactory, SectionFactory


def problems_in(language: str, data: bytes) -> list[str]:
    with translation.override(language), pytest.raises(ImportRejected) as rejected:
        import_file(kind="contacts", stream=io.BytesIO(data))
    with translation.override(language):
        return [str(problem) for problem in rejected.value.problems]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "ligne 2 : date : '2015-02-30' n’est pas une date au format AAAA-MM-JJ"),
        ("es", "línea 2: date: '2015-02-30' no es una fecha con el formato AAAA-MM-DD"),
        ("ru", "строка 2: date: '2015-02-30' — не дата в формате ГГГГ-ММ-ДД"),
        ("zh-hans", "第 2 行：date：'2015-02-30' 不是 YYYY-MM-DD 格式的日期"),
    ],
)
def test_import_problems_are_written_in_the_readers_language(db, language, expected):
    data = b"date,section,member,channel,summary\n2015-02-30,AI Norway,PION,call,Called\n"

    problems = problems_in(language, data)

    assert expected in problems
    assert any("section" in problem and "AI Norway" in problem for problem in problems)


def test_the_xlsx_export_labels_its_columns_in_the_readers_language(client_for, staff_user):
    ContactFactory(section=SectionFactory(country="NO"), member=MemberFactory(country="NO"))
    client = client_for(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(reverse("campaigns:contact-export-xlsx"))

    header = [
        cell.value
        for cell in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active[1]
    ]
    assert "Date du suivi" in header
    assert "Résumé" in header
    assert "Follow-up date" not in header
