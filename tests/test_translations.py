"""The catalogues are complete and up to date with the code.

Fails when a catalogue of ``locale/`` has an untranslated or fuzzy entry, a plural entry
without all its forms, a plural rule other than gettext's for its language, a format string
that does not match its source (``msgfmt --check``), a compiled ``.mo`` that lags behind its
``.po``, or when ``manage.py makemessages`` (``make messages``) would add or remove a string:
a string marked in the code without its translations. Run ``make messages``, translate, then
``make compilemessages`` (docs/translating.md).

Needs GNU gettext (``apt-get install gettext``): skipped without it locally, failed in CI.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from core.management.commands.makemessages import DOMAINS, PLURAL_FORMS, catalogue_locales

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = [(locale, domain) for locale in catalogue_locales() for domain in DOMAINS]
GETTEXT = ("msgfmt", "xgettext", "msgmerge", "msguniq", "msgattrib")


def _po(locale: str, domain: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / f"{domain}.po"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture(scope="module")
def gettext_tools():
    missing = [tool for tool in GETTEXT if shutil.which(tool) is None]
    if missing:
        reason = f"GNU gettext missing ({', '.join(missing)}): apt-get install gettext"
        if _in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def test_every_language_of_the_site_has_its_catalogues():
    assert catalogue_locales() == ["fr", "es", "ru", "zh_Hans"]
    missing = [
        f"{locale}/{domain}.po"
        for locale, domain in CATALOGUES
        if not (LOCALE / locale / "LC_MESSAGES" / f"{domain}.po").is_file()
    ]
    assert not missing


@pytest.mark.parametrize(("locale", "domain"), CATALOGUES)
def test_catalogue_is_complete(locale, domain):
    po = _po(locale, domain)
    nplurals = int(PLURAL_FORMS[locale].split(";")[0].split("=")[1])

    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[locale]
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    incomplete = [
        e.msgid
        for e in po.translated_entries()
        if e.msgid_plural
        and sorted(i for i, form in e.msgstr_plural.items() if form) != list(range(nplurals))
    ]
    assert incomplete == []


@pytest.mark.parametrize(("locale", "domain"), CATALOGUES)
def test_compiled_catalogue_matches_its_source(locale, domain):
    """The app reads the .mo: a .po translated but not compiled would not show."""
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in _po(locale, domain)}
    path = LOCALE / locale / "LC_MESSAGES" / f"{domain}.mo"
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(path))}
    compiled.pop((None, ""), None)  # the header

    stale = sorted(
        key[1] for key in source.keys() | compiled.keys() if source.get(key) != compiled.get(key)
    )
    assert stale == [], "run make compilemessages"


@pytest.mark.parametrize(("locale", "domain"), CATALOGUES)
def test_format_strings_match_their_source(gettext_tools, locale, domain):
    path = LOCALE / locale / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def _msgids(po: polib.POFile) -> set[tuple]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


def test_catalogues_hold_every_string_of_the_code(gettext_tools, tmp_path):
    """``make messages`` on a copy of the code, compared with the committed catalogues."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "tracker"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "tests", "bench", "node_modules", "__pycache__", "*.mo"
        ),
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr

    differences = {}
    for domain in DOMAINS:
        fresh = _msgids(polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po")))
        for locale in catalogue_locales():
            committed = _msgids(_po(locale, domain))
            if committed != fresh:
                differences[f"{locale}/{domain}"] = {
                    "missing (run make messages)": sorted(m[1] for m in fresh - committed),
                    "no longer in the code": sorted(m[1] for m in committed - fresh),
                }
    assert differences == {}
