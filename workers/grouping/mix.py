"""Proportional mix: each table's count of each value within floor/ceil of its share."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Spread:
    """One attribute to spread: a value code per person and per-table bounds per value."""

    name: str
    values: np.ndarray  # (people,) value codes
    low: np.ndarray  # (tables, values) floor of each table's share
    high: np.ndarray  # (tables, values) ceil of each table's share


def spreads(columns: dict[str, Sequence[str]], sizes: Sequence[int]) -> list[Spread]:
    """Return the proportional targets of each attribute column for these table sizes."""
    result = []
    size = np.asarray(sizes, dtype=np.float64)
    for name, column in columns.items():
        _, codes = np.unique(np.asarray(column, dtype=object).astype(str), return_inverse=True)
        codes = codes.astype(np.int64)
        counts = np.bincount(codes).astype(np.float64)
        share = np.outer(size, counts) / max(len(codes), 1)
        low = np.floor(share + 1e-9).astype(np.int64)
        high = np.ceil(share - 1e-9).astype(np.int64)
        result.append(Spread(name, codes, low, high))
    return result


def penalty(count: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Return how far each count lies outside its [low, high] range."""
    return np.maximum(count - high, 0) + np.maximum(low - count, 0)


def counts(spread: Spread, seats: np.ndarray) -> np.ndarray:
    """Return the (tables, values) count matrix of one round's seating."""
    tables, values = spread.low.shape
    flat = np.bincount(seats * values + spread.values, minlength=tables * values)
    return flat.reshape(tables, values)


def known_levels(known: Sequence[int | None]) -> list[str]:
    """Return low/mid/high thirds of 'how many here do you know' answers ('' when unanswered)."""
    answered = sorted(k for k in known if k is not None)
    if not answered:
        return [""] * len(known)
    cuts = (answered[len(answered) // 3], answered[(2 * len(answered)) // 3])
    return ["" if k is None else str(int(k >= cuts[0]) + int(k >= cuts[1])) for k in known]
