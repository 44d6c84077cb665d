"""Choose learn/teach introductions: a greedy max-weight b-matching over match scores.

Plain data in and out. `scores[i][j]` says how well person j can teach what person i
wants to learn (as from `workers.matching.similarity_from_vectors`). The objective is

    sum of chosen scores + MUTUAL_BONUS per mutual pair - SPREAD_PENALTY per second,
    third, ... introduction a person gets,

under hard limits: at most `max_intros` introductions per person in total, as learner and
as teacher together (a mutual pair is one introduction for each of the two: one offer,
one text), only scores >= `threshold`, only eligible people, nobody with themselves, no
pair that was introduced before, and no pair twice (a pair both of whom can teach the
other is one mutual introduction). Lazy greedy on marginal gains; tests compare it with
the exact optimum on small cases.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from workers.matching import DEFAULT_THRESHOLD

MUTUAL_BONUS = 1.0  # more than any single score, so mutual pairs come first
SPREAD_PENALTY = 0.1  # a second intro must beat giving someone their first
CANDIDATES = 25  # best teachers kept per learner (and learners per teacher)


@dataclass(frozen=True)
class Intro:
    """One directed introduction: learner meets someone who can teach their wish."""

    learner_id: str
    teacher_id: str
    score: float
    mutual: bool


def _candidates(scores: np.ndarray, allowed: np.ndarray, keep: int) -> list[tuple[int, int]]:
    """Return allowed (learner, teacher) cells among each row's and column's best `keep`."""
    masked = np.where(allowed, scores, -np.inf)
    n = masked.shape[0]
    chosen = np.zeros_like(allowed)
    if n > keep:
        rows = np.argpartition(-masked, keep - 1, axis=1)[:, :keep]
        chosen[np.arange(n)[:, None], rows] = True
        cols = np.argpartition(-masked, keep - 1, axis=0)[:keep, :]
        chosen[cols, np.arange(n)[None, :]] = True
    else:
        chosen[:] = True
    learners, teachers = np.nonzero(chosen & allowed)
    return list(zip(learners.tolist(), teachers.tolist(), strict=True))


def objective(intros: Iterable[Intro]) -> float:
    """Value of a set of intros under the module's objective (for tests and benchmarks)."""
    total, pairs = 0.0, set()
    for intro in intros:
        total += intro.score + (MUTUAL_BONUS / 2 if intro.mutual else 0.0)
        pairs.add(frozenset((intro.learner_id, intro.teacher_id)))
    extra = sum(c - 1 for c in per_person(pairs).values())
    return total - SPREAD_PENALTY * extra


def per_person(pairs: Iterable[Iterable[str]]) -> dict[str, int]:
    """How many introductions each person is in (each pair of people counted once)."""
    counts: dict[str, int] = {}
    for pair in pairs:
        for person in pair:
            counts[person] = counts.get(person, 0) + 1
    return counts


def match_pairs(
    ids: Sequence[str],
    scores: np.ndarray | Sequence[Sequence[float]],
    *,
    eligible: Sequence[bool] | None = None,
    max_intros: int = 2,
    threshold: float = DEFAULT_THRESHOLD,
    introduced: Iterable[tuple[str, str]] = (),
) -> list[Intro]:
    """Choose intros among `ids` from the learner x teacher `scores` (NaN = no answer)."""
    n = len(ids)
    s = np.asarray(scores, dtype=np.float64).reshape(n, n)
    ok = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool)
    allowed = np.nan_to_num(s, nan=-np.inf) >= threshold
    allowed &= np.outer(ok, ok)
    np.fill_diagonal(allowed, False)
    index = {person: i for i, person in enumerate(ids)}
    for a, b in introduced:
        if a in index and b in index:
            allowed[index[a], index[b]] = allowed[index[b], index[a]] = False
    if max_intros <= 0 or not allowed.any():
        return []

    # A move is a mutual pair (i < j, both directions) or one directed intro.
    heap: list[tuple[float, int, int, bool]] = []
    for i, j in _candidates(s, allowed, CANDIDATES):
        if allowed[j, i] and i < j:
            heap.append((-(s[i, j] + s[j, i] + MUTUAL_BONUS), i, j, True))
        heap.append((-s[i, j], i, j, False))
    heapq.heapify(heap)

    count = np.zeros(n, dtype=int)  # introductions each person is in, both roles together
    paired: set[tuple[int, int]] = set()

    def gain(i: int, j: int, mutual: bool) -> float | None:
        """Marginal value of a move now, or None if it no longer fits."""
        if (min(i, j), max(i, j)) in paired or max(count[i], count[j]) >= max_intros:
            return None
        base = s[i, j] + (s[j, i] + MUTUAL_BONUS if mutual else 0.0)
        return base - SPREAD_PENALTY * ((count[i] > 0) + (count[j] > 0))

    intros: list[Intro] = []
    while heap:
        neg, i, j, mutual = heapq.heappop(heap)
        value = gain(i, j, mutual)
        if value is None or value <= 0:
            continue
        if heap and value < -heap[0][0] and value < -neg:
            heapq.heappush(heap, (-value, i, j, mutual))  # stale: re-rank and retry
            continue
        paired.add((min(i, j), max(i, j)))
        count[i] += 1
        count[j] += 1
        intros.append(Intro(ids[i], ids[j], float(s[i, j]), mutual))
        if mutual:
            intros.append(Intro(ids[j], ids[i], float(s[j, i]), mutual))
    return intros
