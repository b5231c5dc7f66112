"""Django's ``makemessages`` with the tracker's defaults, so that ``make messages`` and the
catalogue check in tests/test_translations.py read the code the same way.

Without options it refreshes both domains (``django`` for Python and templates, ``djangojs``
for static/js) of every language in ``settings.LANGUAGES`` but English, the source language.
It never guesses: msgmerge's fuzzy matching is off, because a near match ("Back to sign in"
for "Two-factor sign-in") is a wrong translation that looks like a right one. A new string
arrives untranslated, and the check fails until a translator fills it in. A new catalogue gets
the language's plural rule from ``PLURAL_FORMS`` (gettext's), not Django's own CLDR-derived
one (four forms for Russian, three for Spanish), which no translator tool expects.
"""

from django.conf import settings
from django.core.management.commands import makemessages
from django.utils.translation import to_locale

# gettext's plural rules: Russian has three forms, Chinese one.
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "zh_Hans": "nplurals=1; plural=0;",
}
DOMAINS = ("django", "djangojs")
TEAM = "NSWP secretariat"
HEADER_COMMENT = [
    "# Translations of the NSWP campaign tracker.",
    "# This file is distributed under the same licence as the tracker (MIT).",
    "#",
]
# Folders that hold no strings of the app: tests, benchmarks, the virtualenv, collected static.
IGNORED = [".venv", "var", "tests", "bench", "static/geo"]


def catalogue_locales() -> list[str]:
    """The locales that have catalogues: every language of the site but the source."""
    return [to_locale(code) for code, _name in settings.LANGUAGES if code != "en"]


class Command(makemessages.Command):
    help = (
        "Refresh the translation catalogues under locale/ from the code. Without options: "
        "both domains, every language of settings.LANGUAGES but English."
    )
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(domain=None)

    def handle(self, *args, **options):
        if not options["locale"] and not options["exclude"] and not options["all"]:
            options["locale"] = catalogue_locales()
        options["ignore_patterns"] = [*options["ignore_patterns"], *IGNORED]
        options["no_obsolete"] = True
        if not options["add_location"] and not options["no_location"]:
            # Files, not lines: a line number changes with every edit and would make the
            # catalogues conflict whenever two branches touch the same module.
            options["add_location"] = "file"
        for domain in (options["domain"],) if options["domain"] else DOMAINS:
            super().handle(*args, **{**options, "domain": domain})

    def copy_plural_forms(self, msgs: str, locale: str) -> str:
        """A new catalogue's header: the project, the language and gettext's plural rule, in
        place of xgettext's placeholders (the header is the first block, up to the first empty
        line), and not marked fuzzy."""
        header, _blank, entries = msgs.partition("\n\n")
        ours = {
            "Project-Id-Version": "nswp-tracker",
            "Last-Translator": TEAM,
            "Language-Team": TEAM,
            "Language": locale,
        }
        lines = [*HEADER_COMMENT, 'msgid ""', 'msgstr ""']
        for line in header.splitlines():
            name = line[1:].partition(":")[0]
            if not line.startswith('"') or name == "Plural-Forms":
                continue
            lines.append(f'"{name}: {ours[name]}\\n"' if name in ours else line)
        if locale in PLURAL_FORMS:
            lines.append(f'"Plural-Forms: {PLURAL_FORMS[locale]}\\n"')
        return "\n".join(lines) + "\n\n" + entries
