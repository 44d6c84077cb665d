"""Quality of a plan: repeats, keep-apart violations, mix, new people met, table sizes."""

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from workers.grouping.mix import Spread, counts, penalty


def measure(
    seats: np.ndarray,
    sizes: Sequence[int],
    met_before: np.ndarray,
    apart: np.ndarray,
    spreads: Sequence[Spread],
    partners: np.ndarray,
) -> dict[str, Any]:
    """Return the metrics of planned rounds `seats` (round -> person -> table index)."""
    n = seats.shape[1] if seats.ndim == 2 else 0
    running = met_before.astype(np.int64).copy()
    repeats = violations = with_pair = 0
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    small = np.zeros(n, dtype=np.int64)
    used = [z for z in sizes if z > 0]
    for row in seats:
        together = (row[:, None] == row[None, :]) & upper
        repeats += int((together & (running > 0)).sum())
        violations += int((together & apart).sum())
        running += together + together.T
        tables = np.unique(row[(together & (partners > 0)).any(1)])
        with_pair += len(tables)
        small += np.asarray(sizes)[row] < max(used)
    planned = running - met_before
    new = ((planned > 0) & (met_before == 0)).sum(1) if n else np.zeros(1)
    mix = {}
    for sp in spreads:
        good = [penalty(counts(sp, row), sp.low, sp.high).sum(1) == 0 for row in seats]
        filled = np.asarray(sizes) > 0
        mix[sp.name] = round(float(np.mean([g[filled].mean() for g in good])), 4) if good else 1.0
    return {
        "repeat_pairs": repeats,
        "max_meetings": int(running.max()) if n else 0,
        "apart_violations": violations,
        "min_new_people": int(new.min()) if n else 0,
        "mean_new_people": round(float(new.mean()), 2) if n else 0.0,
        "mix": mix,
        "table_sizes": {str(z): c for z, c in sorted(Counter(used).items())},
        "max_small_table_rounds": int(small.max()) if n else 0,
        "pairs_met": int(((running > 0) & (partners > 0) & upper).sum()),
        "tables_with_pair": round(with_pair / max(1, len(used) * len(seats)), 4),
    }
