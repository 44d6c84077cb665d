"""First seating of a round: the hardest to place first, each at the cheapest table with room."""

from collections.abc import Sequence

import numpy as np

from workers.grouping.mix import Spread, penalty


def greedy_round(
    meet: np.ndarray,
    sizes: Sequence[int],
    spreads: Sequence[Spread],
    small: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Return a table index per person for one round, given meetings so far."""
    n, size = len(meet), np.asarray(sizes, dtype=np.int64)
    tables = len(size)
    is_small = size < size.max() if tables else size
    blocked = (meet > 0).sum(1)
    order = np.lexsort((rng.random(n), -blocked))
    clash = np.zeros((tables, n), dtype=np.int64)  # clash[t, p]: p's meetings with table t
    fill = np.zeros(tables, dtype=np.int64)
    mix_counts = [np.zeros_like(sp.low) for sp in spreads]
    seats = np.empty(n, dtype=np.int64)
    for p in order:
        score = 1000.0 * clash[:, p] + 10.0 * small[p] * is_small + rng.random(tables)
        for sp, count in zip(spreads, mix_counts, strict=True):
            v = sp.values[p]
            col, low, high = count[:, v], sp.low[:, v], sp.high[:, v]
            score += 20.0 * (penalty(col + 1, low, high) - penalty(col, low, high))
        score[fill >= size] = np.inf
        t = int(np.argmin(score))
        seats[p] = t
        fill[t] += 1
        clash[t] += meet[p]
        for sp, count in zip(spreads, mix_counts, strict=True):
            count[t, sp.values[p]] += 1
    return seats
