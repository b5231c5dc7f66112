"""Every URL that accepts POST (marked ``post=True`` in the permission matrix) refuses a POST
without a CSRF token, for the persona that may otherwise use it."""

from django.test import Client

from tests.test_permissions import EXPECTED, PERSONAS, url_of, world  # noqa: F401
from tests.url_walk import named_urls

POST_URLS = sorted(name for name, spec in EXPECTED.items() if spec["post"])


def _persona_for(name: str) -> str:
    """The first persona that reaches the page (GET 200, or 405 for POST-only views)."""
    cells = EXPECTED[name]["cells"]
    for wanted in (200, 405):
        for persona in PERSONAS:
            if cells[persona] == wanted:
                return persona
    return "anonymous"


def test_some_urls_are_marked_as_accepting_post():
    assert {"login", "logout", "password_change", "two-factor-verify"} <= set(POST_URLS)


def test_post_without_a_token_is_refused(world):  # noqa: F811
    accepted = []
    for name in sorted(set(POST_URLS) & set(named_urls())):
        persona = _persona_for(name)
        client = Client(enforce_csrf_checks=True)
        if world[persona] is not None:
            client.force_login(world[persona])
        url = url_of(name, world)
        response = client.post(url, {})
        # Pages show the "form expired" page; the API says so in JSON.
        refusal = b"CSRF" if url.startswith("/api/") else b"Form expired"
        if response.status_code != 403 or refusal not in response.content:
            accepted.append(f"{name} as {persona}: {response.status_code}")
    assert not accepted, "accepted a POST without a CSRF token:\n" + "\n".join(accepted)
