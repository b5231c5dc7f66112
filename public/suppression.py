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

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

Key = Hashable
VISIBLE = "visible"
PRIMARY = "primary"  # below the threshold: "fewer than 3"
SECONDARY = "secondary"  # hidden so that a primary cannot be worked out: "hidden"
# Larger than any count; exact integer arithmetic keeps sums of it meaningful.
UNBOUNDED = 10**15
# Propagation tightens integer bounds; on these small tables it settles in a few passes.
MAX_PASSES = 10_000
# Candidate counts to hide tried in each round, each by running the reader's check again.
CANDIDATES_TRIED = 8


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

    Each round hides one more count, for the first recovered count that has visible ones
    around it (in its lines, or in the lines of the counts a bound ties it to): the nearest
    and smallest of those whose hiding protects it, or else the one whose hiding leaves the
    fewest counts recovered. Raises Unprotectable when no visible count is left to hide
    around a recovered one (only tiny tables get there: six contacts in three months, say).
    """
    state = {key: PRIMARY if value < threshold else VISIBLE for key, value in values.items()}
    links = _Links(relations, order={key: index for index, key in enumerate(values)})

    def exposed() -> list[Key]:
        shown = {key: values[key] if s == VISIBLE else s for key, s in state.items()}
        return recovered(shown, relations, threshold=threshold)

    still = exposed()
    while still:
        candidates = links.covers(still, state, values)
        if not candidates:
            raise Unprotectable(f"cannot protect {still[0]!r}")
        anchor = next(key for key in still if links.covers([key], state, values))
        tried = []
        for index, candidate in enumerate(candidates[:CANDIDATES_TRIED]):
            state[candidate] = SECONDARY
            left = exposed()
            state[candidate] = VISIBLE
            # The nearest cover that frees the anchor; failing that, the one that leaves
            # the fewest counts recovered.
            score = (0, 0, index) if anchor not in left else (1, len(left), index)
            tried.append((score, candidate, left))
        _score, cover, still = min(tried, key=lambda t: t[0])
        state[cover] = SECONDARY
    return state


class _Links:
    """Which counts share a line or a bound with each count: where to look for a cover."""

    def __init__(self, relations: Relations, *, order: Mapping[Key, int]) -> None:
        self.order = order
        # Per count: its lines' other counts, parts first (nearest), then the totals.
        self.lines: dict[Key, list[list[Key]]] = {}
        # Per count: the counts a bound ties it to (at most, zero together).
        self.tied: dict[Key, list[Key]] = {}
        for total, parts in relations.sums:
            for part in parts:
                self.lines.setdefault(part, []).append([p for p in parts if p != part])
            self.lines.setdefault(total, []).append(list(parts))
        for total, parts in relations.sums:
            for part in parts:
                self.lines[part].append([total])
        for smaller, larger in relations.at_most:
            self.tied.setdefault(smaller, []).append(larger)
            self.tied.setdefault(larger, []).append(smaller)
        for group in relations.zero_together:
            for key in group:
                self.tied.setdefault(key, []).extend(k for k in group if k != key)

    def covers(
        self, exposed: list[Key], state: Mapping[Key, str], values: Mapping[Key, int]
    ) -> list[Key]:
        """Visible counts that may protect the first exposed count that has any: those in its
        own lines (nearest group first, smallest first), then those in the lines of the counts
        tied to it, through which it may be exposed."""
        for key in exposed:
            found: list[Key] = []
            for source in [key, *self.tied.get(key, [])]:
                groups = [*self.lines.get(source, []), [source]]
                for group in groups:
                    visible = [c for c in group if state[c] == VISIBLE and c not in found]
                    found.extend(sorted(visible, key=lambda c: (values[c], self.order[c])))
            if found:
                return found
        return []
