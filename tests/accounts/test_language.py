"""Choosing a language in the footer: the network works in five."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("code", "dashboard"),
    [("fr", "Tableau de bord"), ("es", "Panel"), ("ru", "Панель"), ("zh-hans", "仪表板")],
)
def test_chosen_language_translates_the_navigation(client_for, staff_user, code, dashboard):
    client = client_for(staff_user)
    response = client.post(reverse("set_language"), {"language": code, "next": "/contacts/"})
    assert response.status_code == 302
    assert response["Location"] == "/contacts/"

    page = client.get(reverse("campaigns:contact-list")).content.decode()
    assert f'<html lang="{code}">' in page
    assert f">{dashboard}</a>" in page


def test_the_sign_in_page_offers_the_choice_too(client):
    page = client.get(reverse("login")).content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert 'value="ru"' in page


def test_withheld_names_are_translated(db, member_b):
    from django.utils import translation

    member_b.name_public = False
    with translation.override("fr"):
        assert member_b.display_name(personal_data=False).endswith("(nom non divulgué)")
