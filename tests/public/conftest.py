"""Fixtures of the public page's tests: the page switched on, and caches emptied between
tests (the per-process request counters and the numbers' table both outlive a test)."""

import pytest
from django.core.cache import caches

from public.services import public_page_switch


@pytest.fixture(autouse=True)
def _empty_caches(db):
    caches["default"].clear()
    caches["public"].clear()
    yield
    caches["default"].clear()
    caches["public"].clear()


@pytest.fixture
def public_on(db):
    public_page_switch(on=True, operator="test")
