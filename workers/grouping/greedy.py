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
    partners: np.ndarray | None = None,
) -> np.ndarray:
    """Return a table index per person for one round, given meetings so far.

    With `partners`, a table holding partners the person has not met yet draws them there.
    """
    n, size = len(meet), np.asarray(sizes, dtype=np.int64)
    tables = len(size)
    is_small = size < size.max() if tables else size
    blocked = (meet > 0).sum(1)
    order = np.lexsort((rng.random(n), -blocked))
    clash = np.zeros((tables, n), dtype=np.int64)  # clash[t, p]: p's meetings with table t
    fill = np.zeros(tables, dtype=np.int64)
    mix_counts = [np.zeros_like(sp.low) for sp in spreads]
    seats = np.empty(n, dtype=np.int64)
    unmet = partners * (meet == 0) if partners is not None else None
    pull = np.zeros((tables, n), dtype=np.int64)  # pull[t, p]: p's unmet partners at table t
    for p in order:
        score = 1000.0 * clash[:, p] + 10.0 * small[p] * is_small + rng.random(tables)
        score -= 5.0 * pull[:, p]  # a tie-break: a quarter of a mix step
        for sp, count in zip(spreads, mix_counts, strict=True):
            v = sp.values[p]
            col, low, high = count[:, v], sp.low[:, v], sp.high[:, v]
            score += 20.0 * (penalty(col + 1, low, high) - penalty(col, low, high))
        score[fill >= size] = np.inf
        t = int(np.argmin(score))
        seats[p] = t
        fill[t] += 1
        clash[t] += meet[p]
        if unmet is not None:
            pull[t] += unmet[p]
        for sp, count in zip(spreads, mix_counts, strict=True):
            count[t, sp.values[p]] += 1
    return seats
