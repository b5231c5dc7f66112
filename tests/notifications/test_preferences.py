"""Which emails a user gets: the page for the signed-in user, and the stop link that works in
one click without signing in."""

import pytest
from django.urls import reverse

from notifications.language import language_of
from notifications.models import EmailPreferences, OutgoingEmail
from notifications.services import wants
from notifications.tokens import stop_token

URL = reverse("notifications:preferences")


def stop_url(user, preference="weekly_digest"):
    return reverse("notifications:stop", args=[stop_token(user_id=user.pk, preference=preference)])


def test_every_email_is_on_until_the_user_says_otherwise(focal_point):
    assert all(wants(focal_point, kind) for kind in OutgoingEmail.Kind.values)


def test_stop_link_stops_the_digest_without_signing_in(client, focal_point):
    response = client.get(stop_url(focal_point))

    assert response.status_code == 200
    assert "You will not get the “weekly digest” email any more." in response.content.decode()
    assert not wants(focal_point, OutgoingEmail.Kind.DIGEST)
    assert wants(focal_point, OutgoingEmail.Kind.CONTACT_NOTICE)
    assert wants(focal_point, OutgoingEmail.Kind.CHECK_IN_INVITATION)


def test_stop_page_turns_the_email_back_on(client, focal_point):
    url = stop_url(focal_point, "contact_notices")
    client.get(url)
    response = client.post(url)

    assert "You will get the “contacts logged with my organisation” email again." in (
        response.content.decode()
    )
    assert wants(focal_point, OutgoingEmail.Kind.CONTACT_NOTICE)


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        stop_token(user_id=1, preference="weekly_digest")[:-2] + "xx",
        stop_token(user_id=1, preference="is_superuser"),
    ],
)
def test_forged_or_odd_stop_links_are_not_found_and_change_nothing(client, focal_point, token):
    response = client.get(reverse("notifications:stop", args=[token]))
    assert response.status_code == 404
    assert not EmailPreferences.objects.exists()


def test_preferences_page_saves_the_choices(client_for, focal_point):
    client = client_for(focal_point)
    response = client.post(URL, {"weekly_digest": "on", "check_in_reminders": ""}, follow=True)

    assert "Your email choices are saved." in response.content.decode()
    preferences = EmailPreferences.objects.get(user=focal_point)
    assert preferences.weekly_digest
    assert not preferences.contact_notices
    assert not preferences.check_in_reminders


def test_language_of_follows_the_users_choice_or_the_site_default(focal_point, settings):
    assert language_of(focal_point) == settings.LANGUAGE_CODE
    focal_point.preferred_language = "fr"
    assert language_of(focal_point) == "fr"
    focal_point.preferred_language = "xx"
    assert language_of(focal_point) == settings.LANGUAGE_CODE
