"""The network works in five languages: the footer's choice, and each person's own language,
applied at sign-in and used for every email to them."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD


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


# A language per person: chosen in the footer or by an admin, applied at sign-in and in emails.


def sign_in(client, user, **headers):
    return client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True, **headers
    )


def test_a_spanish_user_sees_spanish_right_after_signing_in(client, staff_user):
    staff_user.preferred_language = "es"
    staff_user.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"  # the sign-in page was in French

    page = sign_in(client, staff_user, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert '<html lang="es">' in page
    assert ">Panel</a>" in page
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    later = client.get(reverse("campaigns:contact-list")).content.decode()
    assert "Registrar un contacto" in later


def test_without_a_preferred_language_the_browser_decides(client, staff_user):
    page = sign_in(client, staff_user, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert '<html lang="ru">' in page
    assert staff_user.preferred_language == ""


def test_the_sign_in_page_follows_the_browser_then_the_footer_choice(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "<h1>登录</h1>" in page

    client.post(reverse("set_language"), {"language": "fr", "next": reverse("login")})
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "<h1>Se connecter</h1>" in page


def test_the_footer_choice_is_saved_for_a_signed_in_user(client_for, focal_point):
    client = client_for(focal_point)

    client.post(reverse("set_language"), {"language": "ru", "next": "/"})

    focal_point.refresh_from_db()
    assert focal_point.preferred_language == "ru"


def test_my_browsers_language_clears_the_choice_and_the_cookie(client_for, focal_point):
    focal_point.preferred_language = "ru"
    focal_point.save()
    client = client_for(focal_point)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.post(reverse("set_language"), {"language": "", "next": "/"})

    focal_point.refresh_from_db()
    assert focal_point.preferred_language == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page


def test_an_unknown_language_changes_nothing(client_for, focal_point):
    focal_point.preferred_language = "fr"
    focal_point.save()

    client_for(focal_point).post(reverse("set_language"), {"language": "xx", "next": "/"})

    focal_point.refresh_from_db()
    assert focal_point.preferred_language == "fr"


def test_the_password_reset_email_arrives_in_the_users_language(client, staff_user):
    staff_user.email = "staff@example.org"
    staff_user.preferred_language = "es"
    staff_user.save()

    client.post(
        reverse("password_reset"), {"email": "staff@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    (email,) = mail.outbox
    assert email.subject == "Restablezca su contraseña del seguimiento de campañas de NSWP"
    assert "Para elegir una contraseña nueva, abra este enlace" in email.body


def test_without_a_preferred_language_the_email_follows_the_page(client, staff_user):
    staff_user.email = "staff@example.org"
    staff_user.save()

    client.post(
        reverse("password_reset"), {"email": "staff@example.org"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert "mot de passe" in mail.outbox[0].subject


def test_an_admin_gives_a_new_account_its_language(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "nouvelle",
            "usable_password": "true",
            "password1": "a quiet river at dawn 2026",
            "password2": "a quiet river at dawn 2026",
            "preferred_language": "fr",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(username="nouvelle").preferred_language == "fr"
