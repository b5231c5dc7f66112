"""Query shapes shared by the lists: per-row aggregates as subqueries and list sort orders."""

from django.db.models import Aggregate, F, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _


def aggregate_per_row(rows: QuerySet, group: str, aggregate: Aggregate) -> Subquery:
    """One aggregate of ``rows`` per outer row, as a correlated subquery: a list column.

    ``rows`` must already be correlated to the outer query (``filter(member=OuterRef("pk"))``);
    a subquery per column keeps the outer query free of the joins and GROUP BY that would
    multiply its rows.
    """
    return Subquery(rows.order_by().values(group).annotate(value=aggregate).values("value")[:1])


# Sort values of the section and member lists; their selectors annotate the two columns.
SORT_CHOICES = [
    ("name", _("Name")),
    ("-contacts", _("Most contacts")),
    ("contacts", _("Fewest contacts")),
    ("-last", _("Most recent contact")),
    ("last", _("Least recent contact")),
]
_SORT_FIELDS = {"contacts": "contact_count", "last": "last_contact"}


def order_by_sort(queryset: QuerySet, value: str, *, name_order: tuple) -> QuerySet:
    """Apply a SORT_CHOICES value; never-contacted rows go last whichever way dates sort."""
    if value == "name":
        return queryset.order_by(*name_order)
    field = F(_SORT_FIELDS[value.lstrip("-")])
    ordered = field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)
    return queryset.order_by(ordered, *name_order)
