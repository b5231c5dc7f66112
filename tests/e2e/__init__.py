"""Browser tests: Chromium driven by Playwright against the app on pytest-django's live server.

Helpers shared by the test modules live here; the fixtures (browser, page, sign_in) live in
conftest.py. Every step a test wants to be able to look at later goes through ``shot``.
"""

import html
import io
import re
import weakref
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import openpyxl

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Which test a page belongs to, so that ``shot(page, step)`` can name its file.
_TEST_NAMES: "weakref.WeakKeyDictionary[object, str]" = weakref.WeakKeyDictionary()


def artifact_name(test_name: str) -> str:
    """A file-name-safe form of a pytest node name (parametrised ids included)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-")


def register_page(page, test_name: str) -> None:
    _TEST_NAMES[page] = artifact_name(test_name)


def shot(page, step: str, *, full_page: bool = True) -> Path:
    """Save a screenshot (of the whole page, or of the window for a very long page) as
    ``artifacts/<test>-<step>.png`` and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{_TEST_NAMES.get(page, 'unnamed')}-{artifact_name(step)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def field_label(text: str) -> re.Pattern:
    """A field's accessible name as Django renders it: the label, maybe a colon or a star."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*\*?\s*$", re.IGNORECASE)


def has_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def response_text(response) -> str:
    """What a person could read in a response: HTML, JSON and CSV as text, XLSX cell by cell."""
    content_type = response.headers.get("content-type", "")
    body = response.body()
    if "spreadsheetml" in content_type:
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            "\t".join("" if value is None else str(value) for value in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return body.decode("utf-8", errors="replace")


_LINK = re.compile(r"""<a\s[^>]*href=["']([^"'#]+)""", re.IGNORECASE)


def reachable_texts(page, start_paths: list[str], *, limit: int = 80) -> dict[str, str]:
    """Every same-origin page reachable by following links from ``start_paths``.

    Requests go through the page's browser context, so they carry its session: this is what
    the signed-in person can reach by clicking. Returns ``{url: text}`` for each answer, up to
    ``limit`` pages; exports (CSV, XLSX) are read like any other page.
    """
    origin = urlsplit(page.url)
    queue = [urljoin(page.url, path) for path in start_paths]
    seen: dict[str, str] = {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            continue
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
        if url in seen:
            continue
        response = page.request.get(url, max_redirects=5)
        seen[url] = response_text(response)
        if "text/html" in response.headers.get("content-type", ""):
            queue.extend(
                urljoin(response.url, html.unescape(href)) for href in _LINK.findall(seen[url])
            )
    return seen
