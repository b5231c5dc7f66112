"""``export_contacts``: the operator's export, with the contact filters as options.

Whoever runs it has the server, so without ``--as`` it exports every live contact (people,
notes and withheld member names only with ``--personal-data``). ``--as USERNAME`` exports
exactly what that user may see on the web. Either way the export is recorded in the audit log,
under the operating-system user who ran it.

The filter options are ``ContactFilterSet``'s parameters, the one filter vocabulary
(``initiated_by`` is ``--initiated-by``), each with its accepted values in ``--help``.
"""

import getpass
from pathlib import Path

import django_filters
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django_countries import countries

from accounts.permissions import ROW_READERS
from accounts.roles import role_of
from campaigns.exchange.columns import Audience, audience_of
from campaigns.exchange.contacts import CONTACTS
from campaigns.exchange.files import export_to_file
from campaigns.exchange.planning import strategies_by_number
from campaigns.filtersets import ContactFilterSet
from campaigns.models import Strategy
from campaigns.selectors import contact_list
from core.countries import country_code
from core.filters import InvalidFilters
from core.progress import Progress

FILTERS = ContactFilterSet.base_filters


def option(param: str) -> str:
    return "--" + param.replace("_", "-")


def _accepted(param: str, flt: django_filters.Filter) -> str:
    """What the option takes, for ``--help``."""
    if isinstance(flt, django_filters.ModelChoiceFilter) and flt.queryset.model is Strategy:
        return "a strategy's number in the current campaign"
    if isinstance(flt, django_filters.ModelMultipleChoiceFilter):
        return f"a {flt.queryset.model._meta.verbose_name}'s name or id; repeatable"
    if isinstance(flt, django_filters.DateFilter):
        return "a date, YYYY-MM-DD"
    if flt.extra.get("choices") is countries:
        return "an ISO 3166 alpha-2 code (NO) or an English name (Norway)"
    if isinstance(flt, django_filters.ChoiceFilter | django_filters.OrderingFilter):
        choices = flt.extra["choices"]
        values = [str(value) for value, _label in (choices() if callable(choices) else choices)]
        dashed = f" ({option(param)}={values[-1]})" if values[-1].startswith("-") else ""
        return "one of: " + ", ".join(values) + dashed
    return "words, each of which must appear"


def _by_name_or_id(model, values: list[str], param: str) -> list[int]:
    ids = []
    for value in values:
        match = Q(name__iexact=value.strip())
        if value.strip().isdigit():
            match |= Q(pk=int(value))
        found = list(model.objects.filter(match).values_list("pk", flat=True)[:2])
        if len(found) != 1:
            raise CommandError(
                f"{option(param)}: no single {model._meta.verbose_name} named or numbered "
                f"{value!r}."
            )
        ids.append(found[0])
    return ids


def _strategy(value: str, param: str) -> int:
    number = value.strip().lstrip("#")
    strategy = strategies_by_number().get(int(number)) if number.isdigit() else None
    if strategy is None:
        raise CommandError(
            f"{option(param)}: no strategy numbered {value!r} in the current campaign."
        )
    return strategy.pk


def filters_from_options(options: dict) -> dict:
    """The FilterSet's parameters from the options: names and numbers resolved to ids, a
    country name to its code; every other value goes to the FilterSet as typed, which
    refuses what it does not accept."""
    filters = {}
    for param, flt in FILTERS.items():
        value = options.get(param)
        if value in (None, []):
            continue
        if isinstance(flt, django_filters.ModelChoiceFilter) and flt.queryset.model is Strategy:
            value = _strategy(value, param)
        elif isinstance(flt, django_filters.ModelMultipleChoiceFilter):
            value = _by_name_or_id(flt.queryset.model, value, param)
        elif flt.extra.get("choices") is countries:
            value = country_code(value) or value
        filters[param] = value
    return filters


class Command(BaseCommand):
    help = (
        "Export contacts to CSV or XLSX with the web exports' columns and filters. "
        "Without --as: every live contact; with --as USERNAME: what that user may see."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            required=True,
            choices=["csv", "xlsx"],
            dest="fmt",
            help="One of: %(choices)s.",
        )
        parser.add_argument(
            "--output", required=True, help="File to write, in a folder that exists."
        )
        for param, flt in FILTERS.items():
            repeatable = isinstance(flt, django_filters.ModelMultipleChoiceFilter)
            parser.add_argument(
                option(param),
                dest=param,
                action="append" if repeatable else "store",
                default=[] if repeatable else None,
                help=f"{flt.label}: {_accepted(param, flt)}.",
            )
        parser.add_argument(
            "--personal-data",
            action="store_true",
            help="Add the people and notes columns and show withheld member names.",
        )
        parser.add_argument(
            "--as", dest="as_user", metavar="USERNAME", help="Export what this user may see."
        )

    def handle(self, *args, fmt: str, output: str, personal_data: bool, as_user, **options):
        user, audience = self._reader(as_user, personal_data)
        filters = filters_from_options(options)
        try:
            queryset = contact_list(user=user, filters=filters)
        except InvalidFilters as error:
            raise CommandError(
                "; ".join(
                    f"{option(param)}: {' '.join(messages)}"
                    for param, messages in error.message_dict.items()
                )
            ) from None
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"--output: the folder {str(target.parent)!r} does not exist.")
        rows = export_to_file(
            kind=CONTACTS,
            queryset=queryset,
            audience=audience,
            export_format=fmt,
            target=target,
            filters=filters,
            user=user if as_user else None,
            progress=Progress.for_command(self.stderr, options["verbosity"]),
        )
        self.stdout.write(f"Wrote {rows} contacts to {target}.")

    def _reader(self, as_user: str | None, personal_data: bool):
        """The user whose view is exported, and what the export may show."""
        if not as_user:
            # The operator reads as an admin would, without being an account in the database.
            operator = get_user_model()(
                username=getpass.getuser(), is_active=True, is_superuser=True
            )
            audience = Audience(personal_data=personal_data, names=personal_data)
            return operator, audience
        user = get_user_model().objects.filter(username=as_user).first()
        if user is None:
            raise CommandError(f"--as: no user named {as_user!r}.")
        if role_of(user) is None:
            raise CommandError(f"--as: {as_user!r} has no role and may see no contacts.")
        if role_of(user) not in ROW_READERS:
            raise CommandError(
                f"--as: {as_user!r} is a viewer: viewers see numbers, not contact rows."
            )
        audience = audience_of(user, personal_data=personal_data)
        if personal_data and not audience.personal_data:
            self.stderr.write(
                f"Warning: {as_user!r} may not see personal data; "
                "the people and notes columns are left out."
            )
        return user, audience
