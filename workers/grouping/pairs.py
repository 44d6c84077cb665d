"""Complementary pairs seated together before the search, in rooms small enough to need it.

`glue_pairs(seats, partners, spreads, sizes, frozen)` takes the planned rounds' first seats
(round -> person -> table), the pairs still to meet and the mix targets; it moves each pair
to one table of one planned round and returns which people are glued there (rounds x
people). The search then keeps glued people in their seats and arranges everyone else
around them, for the hard rules and the mix as it would without pairs.

A pair is glued only where its two can sit together without passing a value's ceiling
(two of the few aged 60+ at a table whose share of them is under one are not); at most one
pair per table and one pair per person in a round, and the pairs spread over the rounds.
"""

from collections.abc import Sequence

import numpy as np

from workers.grouping.mix import Spread

# People in the room; past it (or with more pairs than people) the greedy start alone draws
# pairs together: there the search would take seconds more (bench/RESULTS.md).
GLUE_UP_TO = 300


def worth_gluing(partners: np.ndarray) -> bool:
    """Say whether a room gets its pairs glued: up to GLUE_UP_TO people, with some pairs but
    no more pairs than people (a learn/teach roster with pairs everywhere needs no help)."""
    count = int(partners.sum()) // 2
    return 0 < count <= len(partners) and len(partners) <= GLUE_UP_TO


def glue_pairs(
    seats: np.ndarray,
    partners: np.ndarray,
    spreads: Sequence[Spread],
    sizes: Sequence[int],
    frozen: int = 0,
) -> np.ndarray:
    """Seat each pair of `partners` together once in a round from `frozen` on (changes
    `seats`); return the glued mask."""
    rounds, n = seats.shape
    glued = np.zeros((rounds, n), dtype=bool)
    taken: list[set[int]] = [set() for _ in range(rounds)]  # tables holding a pair
    load = [0] * rounds
    for a, b in np.argwhere(np.triu(partners, 1) > 0):
        if not _fits(int(a), int(b), spreads):
            continue
        for r in sorted(range(frozen, rounds), key=lambda r: (load[r], r)):
            if glued[r, a] or glued[r, b]:
                continue
            table = _table_for(seats[r], int(a), int(b), taken[r], sizes)
            if table is None:
                continue
            for x in (a, b):
                if seats[r, x] != table:
                    here = np.flatnonzero((seats[r] == table) & ~glued[r])
                    other = next(int(c) for c in here if c not in (a, b))
                    seats[r, other], seats[r, x] = seats[r, x], table
            glued[r, a] = glued[r, b] = True
            taken[r].add(table)
            load[r] += 1
            break
    return glued


def _fits(a: int, b: int, spreads: Sequence[Spread]) -> bool:
    """Two people fit one table unless they share a value no table may hold twice."""
    for sp in spreads:
        value = sp.values[a]
        if sp.values[b] == value and sp.high[:, value].max() < 2:
            return False
    return True


def _table_for(
    row: np.ndarray, a: int, b: int, taken: set[int], sizes: Sequence[int]
) -> int | None:
    """A's table, else b's, else any table of two seats or more holding no pair yet."""
    for table in (int(row[a]), int(row[b]), *range(len(sizes))):
        if table not in taken and sizes[table] >= 2:
            return table
    return None
