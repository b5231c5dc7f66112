"""Small-count suppression: which published counts to hide so that no one is singled out.

A count below the threshold could point at one organisation in a small country, so it is
hidden and shown as "fewer than 3" (primary suppression). Hiding it is not enough when the
counts around it are published: a total minus the visible cells of its row gives it back. So
more counts are hidden (complementary suppression) until no hidden count can be worked out
from what is shown.

"Worked out" is checked the way a reader would attack the tables by hand: every published sum
(a total and its parts), every known bound (a hidden "fewer than 3" lies between 0 and 2; a
count hidden to protect another is 3 or more, or it would say "fewer than 3"), and the few
facts that tie columns together (a region with no contact has no member engaged either) are
propagated until nothing tightens. A hidden count whose range shrinks to one value is
recovered; the smallest visible count in a line with it is then hidden too, and the check
runs again. Nothing here reads the database: ``public.numbers`` builds the counts.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

Key = Hashable
VISIBLE = "visible"
PRIMARY = "primary"  # below the threshold: "fewer than 3"
SECONDARY = "secondary"  # hidden so that a primary cannot be worked out: "hidden"
# Larger than any count; exact integer arithmetic keeps sums of it meaningful.
UNBOUNDED = 10**15
# Propagation tightens integer bounds; on these small tables it settles in a few passes.
MAX_PASSES = 10_000


class Unprotectable(Exception):
    """No choice of cells to hide keeps every hidden count from being worked out."""


@dataclass(frozen=True)
class Relations:
    """What a reader knows ties the published counts together.

    ``sums``: (total, parts) where the total is the sum of the parts, as in a table's total
    row. ``at_most``: (smaller, larger) pairs, such as members engaged in a region and the
    contacts there. ``zero_together``: counts that are all zero or all non-zero, such as a
    region's contacts, members engaged and sections engaged.
    """

    sums: tuple[tuple[Key, tuple[Key, ...]], ...] = ()
    at_most: tuple[tuple[Key, Key], ...] = ()
    zero_together: tuple[tuple[Key, ...], ...] = ()


@dataclass
class _Bounds:
    lo: dict[Key, int] = field(default_factory=dict)
    hi: dict[Key, int] = field(default_factory=dict)
    changed: bool = False

    def tighten(self, key: Key, lo: int, hi: int) -> None:
        new_lo, new_hi = max(self.lo[key], lo), min(self.hi[key], hi)
        if new_lo > new_hi:
            raise ValueError(f"published counts contradict each other at {key!r}")
        if (new_lo, new_hi) != (self.lo[key], self.hi[key]):
            self.lo[key], self.hi[key] = new_lo, new_hi
            self.changed = True


def reader_bounds(
    shown: Mapping[Key, int | str], relations: Relations, *, threshold: int
) -> dict[Key, tuple[int, int]]:
    """The range a reader can narrow each count to from the published values alone.

    ``shown`` maps each count to its published value: an integer, PRIMARY or SECONDARY.
    """
    bounds = _Bounds()
    for key, value in shown.items():
        if value == PRIMARY:
            bounds.lo[key], bounds.hi[key] = 0, threshold - 1
        elif value == SECONDARY:
            bounds.lo[key], bounds.hi[key] = threshold, UNBOUNDED
        else:
            bounds.lo[key] = bounds.hi[key] = int(value)
    for _ in range(MAX_PASSES):
        bounds.changed = False
        _propagate(bounds, relations)
        if not bounds.changed:
            return {key: (bounds.lo[key], bounds.hi[key]) for key in shown}
    raise Unprotectable("the published counts did not settle")


def _propagate(bounds: _Bounds, relations: Relations) -> None:
    lo, hi = bounds.lo, bounds.hi
    for total, parts in relations.sums:
        parts_lo = sum(lo[p] for p in parts)
        parts_hi = sum(hi[p] for p in parts)
        bounds.tighten(total, parts_lo, parts_hi)
        for part in parts:
            others_lo, others_hi = parts_lo - lo[part], parts_hi - hi[part]
            bounds.tighten(part, lo[total] - others_hi, hi[total] - others_lo)
    for smaller, larger in relations.at_most:
        bounds.tighten(smaller, 0, hi[larger])
        bounds.tighten(larger, lo[smaller], UNBOUNDED)
    for group in relations.zero_together:
        if any(lo[key] > 0 for key in group):
            for key in group:
                bounds.tighten(key, 1, UNBOUNDED)
        if any(hi[key] == 0 for key in group):
            for key in group:
                bounds.tighten(key, 0, 0)


def recovered(shown: Mapping[Key, int | str], relations: Relations, *, threshold: int) -> list[Key]:
    """The hidden counts a reader can work out exactly, in ``shown``'s order."""
    bounds = reader_bounds(shown, relations, threshold=threshold)
    return [
        key
        for key, value in shown.items()
        if value in (PRIMARY, SECONDARY) and bounds[key][0] == bounds[key][1]
    ]


def suppress(values: Mapping[Key, int], relations: Relations, *, threshold: int) -> dict[Key, str]:
    """VISIBLE, PRIMARY or SECONDARY for each count, so that none hidden can be recovered.

    Raises Unprotectable when even hiding everything around a count does not protect it
    (only tiny tables get there: two contacts in two months, say).
    """
    state = {key: PRIMARY if value < threshold else VISIBLE for key, value in values.items()}
    neighbours = _neighbours(relations)
    while True:
        shown = {key: values[key] if s == VISIBLE else s for key, s in state.items()}
        exposed = recovered(shown, relations, threshold=threshold)
        if not exposed:
            return state
        # The first exposed count with a visible neighbour: a line of hidden parts whose
        # total is exposed through another line is covered in that other line.
        covers = (_complement(key, state, values, neighbours) for key in exposed)
        cover = next((c for c in covers if c is not None), None)
        if cover is None:
            raise Unprotectable(f"cannot protect {exposed[0]!r}")
        state[cover] = SECONDARY


def _neighbours(relations: Relations) -> dict[Key, list[list[Key]]]:
    """For each count, the groups of counts that share a relation with it, best cover first:
    the parts of its lines, then the lines' totals, then the counts tied by a bound."""
    groups: dict[Key, list[list[Key]]] = {}

    def add(key: Key, candidates: Iterable[Key]) -> None:
        groups.setdefault(key, []).append([c for c in candidates if c != key])

    for total, parts in relations.sums:
        for part in parts:
            add(part, parts)
        add(total, parts)
    for total, parts in relations.sums:
        for part in parts:
            add(part, [total])
    for smaller, larger in relations.at_most:
        add(smaller, [larger])
        add(larger, [smaller])
    for group in relations.zero_together:
        for key in group:
            add(key, group)
    return groups


def _complement(
    key: Key,
    state: Mapping[Key, str],
    values: Mapping[Key, int],
    neighbours: Mapping[Key, list[list[Key]]],
) -> Key | None:
    """The next count to hide for ``key``: the smallest visible one in its nearest group."""
    order = {k: index for index, k in enumerate(values)}
    for group in neighbours.get(key, []):
        visible = [c for c in group if state[c] == VISIBLE]
        if visible:
            return min(visible, key=lambda c: (values[c], order[c]))
    return None
