"""A paginator that never counts more rows than a page list can usefully show.

Django's ``Paginator`` counts every row the filters select on every request: at a million
contacts that ``count(*)`` alone is a full scan (about 300 ms), growing with the table while
the page itself is an index scan that stops after 25 rows. ``CappedPaginator`` counts at most
``cap + 1`` rows (``SELECT count(*) FROM (... LIMIT cap + 1)``, which stops as soon as it has
them), so the cost of a page follows the rows shown, not the rows stored:

- up to ``cap`` rows: the exact count and "Page 2 of 7", as Django's paginator gives;
- more: ``count`` is ``cap + 1``, ``is_capped`` is true (say "1,000+ contacts"), there is no
  last page number, and each page reads ``per_page + 1`` rows to know whether a next one
  exists. The same two queries as Django's (a count, a page), whatever the data.

``get_page`` forgives a page number (not a number or below 1: the first page; past the end:
the last page). Past the cap, the last page is only known by counting every row, which
happens on that request alone.
"""

import math

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPage(Page):
    """A page past the cap: whether a next page exists comes from the extra row read."""

    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1


# The most rows a database can skip (OFFSET is a 64-bit integer in PostgreSQL and SQLite).
MAX_OFFSET = 2**63 - 1


class CappedPaginator(Paginator):
    cap = 1000

    def __init__(self, object_list, per_page, *args, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if cap is not None:
            self.cap = cap

    @cached_property
    def count(self) -> int:
        """The exact count up to ``cap``, else ``cap + 1``."""
        limited = self.object_list[: self.cap + 1]
        if isinstance(limited, QuerySet):
            return limited.count()
        return len(limited)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int | None:  # type: ignore[override]  # None: see below
        """None past the cap: the last page is not known without counting everything."""
        if self.is_capped:
            return None
        return super().num_pages

    def validate_number(self, number) -> int:
        if not self.is_capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        # A page past any possible row is empty, rather than an OFFSET the database refuses.
        if (number - 1) * self.per_page > MAX_OFFSET:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number) -> Page:
        if not self.is_capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)

    def get_page(self, number) -> Page:
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(1) if int(number) < 1 else self._last_page()
        try:
            return self.page(number)
        except EmptyPage:  # past the cap, a page past the end is only found by reading it
            return self._last_page()

    def _last_page(self) -> Page:
        if not self.is_capped:
            return self.page(self.num_pages)
        rows = self.object_list
        total = rows.count() if isinstance(rows, QuerySet) else len(rows)
        return self.page(max(1, math.ceil(total / self.per_page)))
