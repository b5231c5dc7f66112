"""The Content Security Policy and ``Cache-Control: no-store`` on every response of the
tracker (pages, redirects, errors, exports once they exist), and their absence from static
files, which hold no personal data and should be cached."""

import gzip

import pytest
from django.test import Client, override_settings
from django.urls import path

from tests.test_permissions import EXPECTED, url_of, world  # noqa: F401  (the matrix's data)
from tests.url_walk import named_urls

REQUIRED_CSP = ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def _explode(request):
    raise RuntimeError("a bug, with a secret in its message: person@example.org")


# A URLconf with a view that fails, for the 500 page (used through override_settings).
urlpatterns = [path("explode/", _explode, name="explode")]


def assert_protected(response) -> None:
    csp = response.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in csp, f"{directive} missing from {csp!r}"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "no-store" in response.get("Cache-Control", "")


def test_a_page_is_protected(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/")
    assert response.status_code == 200
    assert_protected(response)


def test_a_page_is_compressed_with_random_padding_against_breach(client, staff_user):
    """docs/decisions.md: the app compresses, and Heal-the-Breach pads each answer's gzip
    header with a random name, so two answers of one page differ in length or bytes."""
    client.force_login(staff_user)
    answers = [client.get("/", headers={"accept-encoding": "gzip"}) for _ in range(3)]

    for answer in answers:
        assert answer["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in answer["Vary"]
        assert answer.content[3] & gzip.FNAME  # the padding, as the header's file name
        assert "Engagement dashboard" in gzip.decompress(answer.content).decode()
    assert len({answer.content for answer in answers}) == 3
    assert "Content-Encoding" not in client.get("/")  # a client that asks for none


def test_a_404_is_protected_and_generic(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert_protected(response)
    assert b"Not found" in response.content


def test_a_403_is_protected_and_generic(client, viewer):
    client.force_login(viewer)
    response = client.get("/check-ins/")
    assert response.status_code == 403
    assert_protected(response)
    assert b"Not allowed" in response.content


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_500_is_protected_and_shows_no_trace(staff_user):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    response = client.get("/explode/")
    assert response.status_code == 500
    assert_protected(response)
    assert b"Something went wrong" in response.content
    assert b"Traceback" not in response.content
    assert b"person@example.org" not in response.content


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_stay_cacheable(client):
    response = client.get("/static/css/tracker.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("persona", ["admin", "focal_point", "no_role", "anonymous"])
def test_every_url_in_the_matrix_is_protected(world, persona):  # noqa: F811
    """Whatever the answer (page, redirect, 403, 405, export), the headers are there."""
    client = Client()
    if world[persona] is not None:
        client.force_login(world[persona])
    unprotected = []
    for name in sorted(set(named_urls()) & set(EXPECTED)):
        response = client.get(url_of(name, world))
        try:
            assert_protected(response)
        except AssertionError as error:
            unprotected.append(f"{name} ({response.status_code}): {error}")
    assert not unprotected, "\n".join(unprotected)
