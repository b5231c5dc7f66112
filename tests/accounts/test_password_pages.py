"""Password change and reset by email, in the tracker's own layout."""

import re

from django.core import mail
from django.urls import reverse

from accounts.models import User

NEW_PASSWORD = "a quiet river at dawn 2026"


def test_reset_by_email_sets_a_new_password_once(client, staff_user):
    staff_user.email = "staff@example.org"
    staff_user.save()

    response = client.post(reverse("password_reset"), {"email": "staff@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "NSWP campaign tracker" in mail.outbox[0].subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your new password is set" in done.content.decode()
    assert User.objects.get(pk=staff_user.pk).check_password(NEW_PASSWORD)

    again = client.get(link, follow=True).content.decode()
    assert "This link no longer works" in again


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_change_password_refuses_a_short_one_and_keeps_the_old(client_for, staff_user):
    client = client_for(staff_user)
    page = client.get(reverse("password_change")).content.decode()
    assert 'class="site-header"' in page  # the tracker's layout, not the admin's

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "short",
            "new_password2": "short",
        },
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert User.objects.get(pk=staff_user.pk).check_password("correct horse battery staple")
