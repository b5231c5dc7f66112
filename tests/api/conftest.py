"""Tokens for the personas, and clients that send them."""

import pytest
from django.test import Client

from accounts.services import api_token_create


def token_for(user, scope: str = "write", days: int = 30) -> str:
    _token, raw = api_token_create(user=user, name="tests", scope=scope, expires_in_days=days)
    return raw


def bearer_client(raw: str | None) -> Client:
    """A client that sends the token on every request and has no session."""
    if raw is None:
        return Client()
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def api_client_for():
    """``api_client_for(user, scope="write")``: a client with a fresh token of that user."""

    def make(user, scope: str = "write") -> Client:
        return bearer_client(token_for(user, scope) if user is not None else None)

    return make
