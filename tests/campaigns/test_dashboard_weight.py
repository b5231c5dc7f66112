"""The dashboard stays light at NSWP's scale, 300 member organisations × 70 sections, every one
of them engaged: the matrix's size depends on members × sections, not on contacts, so a few
thousand contacts give the page its full weight (docs/performance.md, "Weight on the wire")."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from bench import run


@pytest.mark.django_db
def test_dashboard_at_nswp_scale_weighs_what_a_slow_phone_line_can_take(client, staff_user):
    call_command(
        "generate_demo_data", members=300, sections=70, contacts=3000, seed=1, stdout=io.StringIO()
    )
    client.force_login(staff_user)
    headline = client.get(reverse("campaigns:api-engagement")).json()["headline"]
    assert (headline["members_engaged"], headline["sections_engaged"]) == (300, 70)

    weight = run.page_weight(client, reverse("campaigns:dashboard"))

    assert weight["raw"] <= 500  # kB of HTML before compression
    assert weight["first_view"] <= 100  # kB sent: the HTML and every static file, compressed
    assert weight["repeat_view"] <= 30  # kB sent once the static files are cached
    # The whole matrix is one link away, and weighs less than the old dashboard did with it.
    whole = run.page_weight(client, reverse("campaigns:dashboard") + "?matrix=engaged")
    assert whole["raw"] > weight["raw"] * 2
