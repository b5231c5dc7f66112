"""The suppression rule on small tables, checked against an exhaustive search of every table a
reader could reconstruct from what is shown."""

import itertools
import random

import pytest

from public.suppression import (
    PRIMARY,
    SECONDARY,
    VISIBLE,
    Relations,
    Unprotectable,
    recovered,
    suppress,
)

T = 3


def shown_of(values, state):
    return {k: values[k] if state[k] == VISIBLE else state[k] for k in values}


def test_counts_below_the_threshold_are_hidden_and_the_rest_shown():
    values = {"total": 30, "a": 0, "b": 2, "c": 3, "d": 25}
    relations = Relations(sums=(("total", ("a", "b", "c", "d")),))
    state = suppress(values, relations, threshold=T)
    assert state["a"] == state["b"] == PRIMARY
    assert state["d"] == VISIBLE
    assert state["total"] == VISIBLE


def test_a_lone_small_count_takes_the_next_smallest_with_it():
    # 14 - 3 - 3 - 7 would give the 1 back; hiding one 3 as well leaves 1+3 or 0+4.
    values = {"total": 14, "a": 1, "b": 3, "c": 3, "d": 7}
    relations = Relations(sums=(("total", ("a", "b", "c", "d")),))
    state = suppress(values, relations, threshold=T)
    assert state == {
        "total": VISIBLE,
        "a": PRIMARY,
        "b": SECONDARY,
        "c": VISIBLE,
        "d": VISIBLE,
    }
    assert recovered(shown_of(values, state), relations, threshold=T) == []


def test_a_line_of_small_counts_at_their_top_hides_its_total():
    # 2 + 2 = 4: both "fewer than 3" and a total of 4 would give both back.
    values = {"total": 4, "a": 2, "b": 2}
    relations = Relations(sums=(("total", ("a", "b")),))
    assert recovered({"total": 4, "a": PRIMARY, "b": PRIMARY}, relations, threshold=T) == [
        "a",
        "b",
    ]
    state = suppress(values, relations, threshold=T)
    assert state == {"total": SECONDARY, "a": PRIMARY, "b": PRIMARY}


def test_a_count_tied_to_a_visible_neighbour_is_known_not_to_be_zero():
    # Members engaged 1 + 1 + 9 = 11 with the first two regions' contacts visible: each of the
    # two hidden counts is 1 or 2 and they add up to 2, so both are 1 unless more is hidden.
    values = {
        "members": 11,
        "m1": 1,
        "m2": 1,
        "m3": 9,
        "c1": 4,
        "c2": 5,
        "c3": 20,
        "contacts": 29,
    }
    relations = Relations(
        sums=(("members", ("m1", "m2", "m3")), ("contacts", ("c1", "c2", "c3"))),
        at_most=(("m1", "c1"), ("m2", "c2"), ("m3", "c3")),
        zero_together=(("m1", "c1"), ("m2", "c2"), ("m3", "c3")),
    )
    naive = {k: PRIMARY if v < T else v for k, v in values.items()}
    assert recovered(naive, relations, threshold=T) == ["m1", "m2"]
    state = suppress(values, relations, threshold=T)
    assert recovered(shown_of(values, state), relations, threshold=T) == []


def test_a_table_that_cannot_be_protected_says_so():
    # Six contacts in three months of two each, and two regions of three: whatever is hidden,
    # the regions prove at least six contacts and the months at most six.
    values = {"total": 6, "m1": 2, "m2": 2, "m3": 2, "r1": 3, "r2": 3, "r3": 0}
    relations = Relations(sums=(("total", ("m1", "m2", "m3")), ("total", ("r1", "r2", "r3"))))
    with pytest.raises(Unprotectable):
        suppress(values, relations, threshold=T)


# Exhaustive check: every table consistent with what is shown, enumerated.

CAP = 40  # a reader's guess at most this large is enough for these small tables


def _domain(shown_value):
    if shown_value == PRIMARY:
        return range(T)
    if shown_value == SECONDARY:
        return range(T, CAP + 1)
    return range(shown_value, shown_value + 1)


def _compositions(domains, target):
    """Every tuple with one value from each domain adding up to target."""
    if not domains:
        if target == 0:
            yield ()
        return
    first, rest = domains[0], domains[1:]
    for value in first:
        if value > target:
            break
        for tail in _compositions(rest, target - value):
            yield (value, *tail)


def feasible_values(shown, lines):
    """For a star of lines sharing one total: each count's possible values."""
    possible = {k: set() for k in shown}
    for total in _domain(shown["total"]):
        per_line = [
            list(_compositions([_domain(shown[p]) for p in parts], total)) for parts in lines
        ]
        if not all(per_line):
            continue
        possible["total"].add(total)
        for parts, solutions in zip(lines, per_line, strict=True):
            for solution in solutions:
                for part, value in zip(parts, solution, strict=True):
                    possible[part].add(value)
    return possible


def random_star(rng):
    lines = []
    values = {}
    for line in range(rng.choice([1, 1, 2])):
        parts = [f"l{line}p{i}" for i in range(rng.randint(2, 4))]
        lines.append(parts)
    first = {p: rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 5, 8]) for p in lines[0]}
    values.update(first)
    total = sum(first.values())
    for parts in lines[1:]:
        # Split the same total differently.
        remaining = total
        for part in parts[:-1]:
            values[part] = rng.randint(0, remaining)
            remaining -= values[part]
        values[parts[-1]] = remaining
    return {"total": total, **values}, lines


@pytest.mark.parametrize("seed", range(300))
def test_no_hidden_count_can_be_reconstructed_by_exhaustive_search(seed):
    rng = random.Random(seed)
    values, lines = random_star(rng)
    relations = Relations(sums=tuple(("total", tuple(parts)) for parts in lines))
    try:
        state = suppress(values, relations, threshold=T)
    except Unprotectable:
        return
    shown = shown_of(values, state)
    assert all(state[k] != VISIBLE for k, v in values.items() if v < T)
    possible = feasible_values(shown, lines)
    for key, value in values.items():
        assert value in possible[key]
        if state[key] != VISIBLE:
            assert len(possible[key]) > 1, (values, shown, key, possible[key])


def test_the_search_itself_finds_a_lone_hidden_count():
    # The exhaustive search must be able to fail: a table with one hidden cell is recovered.
    shown = {"total": 10, "a": PRIMARY, "b": 9}
    assert feasible_values(shown, [["a", "b"]])["a"] == {1}


def test_every_random_table_was_tried_with_hidden_counts():
    hidden = 0
    for seed in range(300):
        values, _lines = random_star(random.Random(seed))
        hidden += any(v < T for v in values.values())
    assert hidden > 250
    assert list(itertools.islice(_compositions([range(3), range(3)], 2), 3)) == [
        (0, 2),
        (1, 1),
        (2, 0),
    ]
