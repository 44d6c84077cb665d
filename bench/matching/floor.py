"""Measure the introduction floor: the match score below which nobody is introduced.

Run: .venv/bin/python bench/matching/floor.py

- Data: the labelled learn/teach pairs in tests/data/matching_dev.csv.
- Split: by a fixed hash of the learn phrase (the first byte of its SHA-256, even or odd),
  so one learner's pairs sit on one side: "pick" (even) and "check" (odd).
- Pick: on the pick half, the floor (two decimals) with the best F0.5 (precision counted
  twice as much as recall: a wrong introduction shares a stranger's number, a missed one
  only costs a chance). Beside it, for comparison, the best-F1 floor and the lowest floor
  with precision >= 0.9.
- Check: precision, recall and F1 of that floor on the other half, which it never saw.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workers import matching  # noqa: E402
from workers.matching import quality  # noqa: E402

DEV_SET = ROOT / "tests" / "data" / "matching_dev.csv"
BETA = 0.5  # F-beta: precision weighs 1/BETA times recall
PRECISION = 0.9
FLOORS = np.round(np.arange(0.20, 0.81, 0.01), 2)


def half(phrase: str) -> str:
    """'pick' or 'check', fixed by the phrase's hash."""
    return "pick" if hashlib.sha256(phrase.encode()).digest()[0] % 2 == 0 else "check"


def pair_scores(pairs: Sequence[quality.Pair]) -> np.ndarray:
    """Each labelled pair's score from workers.matching.similarity."""
    learns = sorted({p.learn for p in pairs})
    teaches = sorted({p.teach for p in pairs})
    matrix = np.asarray(matching.similarity(learns, teaches), dtype=np.float64)
    li = {t: i for i, t in enumerate(learns)}
    ti = {t: i for i, t in enumerate(teaches)}
    return np.array([matrix[li[p.learn], ti[p.teach]] for p in pairs])


def rates(
    scores: np.ndarray, labels: np.ndarray, floor: float, beta: float = 1.0
) -> tuple[float, float, float]:
    """Precision, recall and F-beta of keeping the pairs scoring at least `floor`."""
    kept = scores >= floor
    right = int((kept & labels).sum())
    precision = right / kept.sum() if kept.any() else 1.0
    recall = right / labels.sum() if labels.any() else 0.0
    b2 = beta * beta
    f = (1 + b2) * precision * recall / (b2 * precision + recall) if right else 0.0
    return float(precision), float(recall), float(f)


def best(scores: np.ndarray, labels: np.ndarray, beta: float) -> float:
    """The floor with the best F-beta (the lowest of equals)."""
    table = [(rates(scores, labels, float(f), beta)[2], -float(f)) for f in FLOORS]
    return -max(table)[1]


def precise(scores: np.ndarray, labels: np.ndarray) -> float:
    """The lowest floor with precision >= PRECISION."""
    return min(float(f) for f in FLOORS if rates(scores, labels, float(f))[0] >= PRECISION)


def main() -> None:
    pairs = quality.load_pairs(DEV_SET)
    scores = pair_scores(pairs)
    labels = np.array([p.match for p in pairs])
    kinds = np.array([p.kind for p in pairs])
    sides = np.array([half(p.learn) for p in pairs])
    learns = np.array([p.learn for p in pairs])
    print(f"matcher backend: {matching.backend()} ({matching.VECTOR_VERSION})")
    for name in ("pick", "check"):
        on = sides == name
        print(f"{name} half: {on.sum()} pairs, {labels[on].sum()} matches, "
              f"{len(set(learns[on]))} learn phrases")  # fmt: skip
    pick, check = sides == "pick", sides == "check"
    choices = (
        (f"best F{BETA} on the pick half: the default", best(scores[pick], labels[pick], BETA)),
        ("best F1 on the pick half", best(scores[pick], labels[pick], 1.0)),
        (f"lowest with precision >= {PRECISION} on the pick half",
         precise(scores[pick], labels[pick])),
    )  # fmt: skip
    for label, floor in choices:
        p, r, f = rates(scores[pick], labels[pick], floor)
        cp, cr, cf = rates(scores[check], labels[check], floor)
        print(f"floor {floor:.2f} ({label}): pick P {p:.2f} R {r:.2f} "
              f"F1 {f:.2f}; check P {cp:.2f} R {cr:.2f} F1 {cf:.2f}")  # fmt: skip
    floor = choices[0][1]
    for kind in ("negative", "hard_negative"):
        on = check & (kinds == kind)
        print(f"check half, {kind} pairs at or above {floor:.2f}: "
              f"{(scores[on] >= floor).sum()} of {on.sum()}")  # fmt: skip
    old = matching.DEFAULT_THRESHOLD
    cp, cr, cf = rates(scores[check], labels[check], old)
    print(f"for comparison, the old threshold {old:.2f} on the check half: "
          f"P {cp:.2f} R {cr:.2f} F1 {cf:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
