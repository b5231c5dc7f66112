"""``export_contacts``: the operator's export, with the web exports' filters as options.

Whoever runs it has the server, so without ``--as`` it exports every live contact (people,
notes and withheld member names only with ``--personal-data``). ``--as USERNAME`` exports
exactly what that user may see on the web. Either way the export is recorded in the audit log,
under the operating-system user who ran it.
"""

import getpass
import os
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django_countries import countries

from accounts.roles import can_see_personal_data, role_of
from campaigns import exports
from campaigns.imports import strategies_by_number
from campaigns.selectors import contact_list
from core.filters import InvalidFilters
from members.models import MemberOrganisation
from sections.models import Section

# Filter parameter -> the option that sets it, to name the option in error messages.
OPTION_OF = {
    "section": "--section",
    "member": "--member",
    "region": "--region",
    "country": "--country",
    "since": "--since",
    "until": "--until",
    "formality": "--formality",
    "initiated_by": "--initiated-by",
    "channel": "--channel",
    "strategy": "--strategy",
}


def _by_name_or_id(model, values: list[str], option: str) -> list[int]:
    ids = []
    for value in values:
        match = Q(name__iexact=value.strip())
        if value.strip().isdigit():
            match |= Q(pk=int(value))
        found = list(model.objects.filter(match).values_list("pk", flat=True)[:2])
        if len(found) != 1:
            raise CommandError(
                f"{option}: no single {model._meta.verbose_name} named or numbered {value!r}."
            )
        ids.append(found[0])
    return ids


def _country_code(value: str) -> str:
    """An ISO code or an English name; anything else goes to the FilterSet, which refuses it."""
    if value.upper() in dict(countries):
        return value.upper()
    return countries.by_name(value) or value


class Command(BaseCommand):
    help = (
        "Export contacts to CSV or XLSX with the web exports' columns and filters. "
        "Without --as: every live contact; with --as USERNAME: what that user may see."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["csv", "xlsx"], dest="fmt")
        parser.add_argument("--output", required=True, help="File to write.")
        parser.add_argument(
            "--section", action="append", default=[], help="Section name or id (repeatable)."
        )
        parser.add_argument(
            "--member", action="append", default=[], help="Member name or id (repeatable)."
        )
        parser.add_argument("--region")
        parser.add_argument("--country", help="ISO 3166 alpha-2 code or English name.")
        parser.add_argument("--since", help="First contact date, YYYY-MM-DD.")
        parser.add_argument("--until", help="Last contact date, YYYY-MM-DD.")
        parser.add_argument("--formality")
        parser.add_argument("--initiated-by")
        parser.add_argument("--channel")
        parser.add_argument("--strategy", help="Strategy number in the current campaign.")
        parser.add_argument(
            "--personal-data",
            action="store_true",
            help="Add the people and notes columns and show withheld member names.",
        )
        parser.add_argument(
            "--as", dest="as_user", metavar="USERNAME", help="Export what this user may see."
        )

    def handle(self, *args, fmt: str, output: str, personal_data: bool, as_user, **options):
        user, names_personal = self._reader(as_user, personal_data)
        with_personal = personal_data and names_personal
        filters = self._filters(options)
        try:
            queryset = contact_list(user=user, filters=filters)
        except InvalidFilters as error:
            raise CommandError(
                "; ".join(
                    f"{OPTION_OF.get(param, param)}: {' '.join(messages)}"
                    for param, messages in error.message_dict.items()
                )
            ) from None

        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"--output: the folder {str(target.parent)!r} does not exist.")
        header_row = exports.header(personal_data=with_personal)
        rows = exports.export_rows(
            queryset, personal_data=with_personal, names_personal=names_personal
        )
        # Write beside the target and rename, so a failed export leaves no half-written file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-")
        try:
            with os.fdopen(handle, "wb") as out:
                if fmt == "csv":
                    exports.write_csv(header_row, rows, out)
                else:
                    exports.write_xlsx(header_row, rows, out)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        event = exports.export_record(
            queryset=queryset,
            export_format=fmt,
            filters={k: v for k, v in filters.items() if v not in (None, [], "")},
            personal_data=with_personal,
            via="cli",
            user=user if as_user else None,
            username=getpass.getuser(),
            rate_limited=False,
        )
        self.stdout.write(f"Wrote {event.detail['rows']} contacts to {target}.")

    def _reader(self, as_user: str | None, personal_data: bool):
        """The user whose view is exported, and whether withheld names may show."""
        if not as_user:
            # The operator reads as an admin would, without being an account in the database.
            operator = get_user_model()(
                username=getpass.getuser(), is_active=True, is_superuser=True
            )
            return operator, personal_data
        user = get_user_model().objects.filter(username=as_user).first()
        if user is None:
            raise CommandError(f"--as: no user named {as_user!r}.")
        if role_of(user) is None:
            raise CommandError(f"--as: {as_user!r} has no role and may see no contacts.")
        allowed = can_see_personal_data(user)
        if personal_data and not allowed:
            self.stderr.write(
                f"Warning: {as_user!r} may not see personal data; "
                "the people and notes columns are left out."
            )
        return user, allowed

    def _filters(self, options) -> dict:
        strategy = options["strategy"]
        if strategy is not None:
            numbered = strategies_by_number()
            if not strategy.isdigit() or int(strategy) not in numbered:
                raise CommandError(
                    f"--strategy: no strategy numbered {strategy!r} in the current campaign."
                )
            strategy = numbered[int(strategy)].pk
        return {
            "section": _by_name_or_id(Section, options["section"], "--section"),
            "member": _by_name_or_id(MemberOrganisation, options["member"], "--member"),
            "region": options["region"],
            "country": _country_code(options["country"]) if options["country"] else None,
            "since": options["since"],
            "until": options["until"],
            "formality": options["formality"],
            "initiated_by": options["initiated_by"],
            "channel": options["channel"],
            "strategy": strategy,
        }
