"""Measure the introduction floor: the match score below which nobody is introduced.

Run: .venv/bin/python bench/matching/floor.py

- Data: the labelled learn/teach pairs in tests/data/matching_dev.csv; each learn phrase
  against every teach phrase, right or not as `workers.matching.quality.right_teachers`
  says (the labels, and the topics a learner is labelled right with elsewhere).
- The floor's decision, as at an event: for each learn phrase, two cases.
  1. Its best teacher among all teach phrases: introducing them is right when that
     teacher is a right one (the assignment takes a person's best teachers first).
  2. Its best teacher once every right one is taken away (nobody at the event teaches
     what they want): introducing them is always wrong.
  A floor introduces a case when its score >= floor; precision and recall over the cases.
- Split: by a fixed hash of the learn phrase (the first byte of its SHA-256, even or
  odd), so one learner's cases sit on one side: "pick" (even) and "check" (odd).
- Pick: the floor (two decimals) with the best F1 on the pick half; check: its precision,
  recall and F1 on the other half, which it never saw. For comparison: the lowest floor
  with precision >= PRECISION on the pick half, and the matcher's old DEFAULT_THRESHOLD.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workers import matching  # noqa: E402
from workers.matching import quality  # noqa: E402

DEV_SET = ROOT / "tests" / "data" / "matching_dev.csv"
PRECISION = 0.9
FLOORS = np.round(np.arange(0.20, 0.81, 0.01), 2)


def half(phrase: str) -> str:
    """'pick' or 'check', fixed by the phrase's hash."""
    return "pick" if hashlib.sha256(phrase.encode()).digest()[0] % 2 == 0 else "check"


def cases() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores, rightness and half of the two cases of every learn phrase."""
    pairs = quality.load_pairs(DEV_SET)
    right = quality.right_teachers(pairs)
    learns = sorted(right)
    teaches = sorted({p.teach for p in pairs})
    scores = np.asarray(matching.similarity(learns, teaches), dtype=np.float64)
    is_right = np.array([[t in right[learn] for t in teaches] for learn in learns])
    rows = np.arange(len(learns))
    best = scores.argmax(axis=1)
    without_right = np.where(is_right, -np.inf, scores).max(axis=1)
    sides = np.array([half(learn) for learn in learns])
    return (
        np.concatenate([scores[rows, best], without_right]),
        np.concatenate([is_right[rows, best], np.zeros(len(learns), dtype=bool)]),
        np.concatenate([sides, sides]),
    )


def rates(scores: np.ndarray, labels: np.ndarray, floor: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of introducing the cases scoring at least `floor`."""
    kept = scores >= floor
    right = int((kept & labels).sum())
    precision = right / kept.sum() if kept.any() else 1.0
    recall = right / labels.sum() if labels.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    return float(precision), float(recall), float(f1)


def main() -> None:
    scores, labels, sides = cases()
    pick, check = sides == "pick", sides == "check"
    print(f"matcher backend: {matching.backend()} ({matching.VECTOR_VERSION})")
    for name, on in (("pick", pick), ("check", check)):
        print(f"{name} half: {on.sum() // 2} learn phrases, {on.sum()} cases, "
              f"{labels[on].sum()} right to introduce")  # fmt: skip
    table = [(rates(scores[pick], labels[pick], float(f))[2], -float(f)) for f in FLOORS]
    best_f1 = -max(table)[1]
    precise = min(f for f in FLOORS if rates(scores[pick], labels[pick], float(f))[0] >= PRECISION)
    for label, floor in (
        ("best F1 on the pick half: the default", best_f1),
        (f"lowest with precision >= {PRECISION} on the pick half", float(precise)),
        ("the matcher's DEFAULT_THRESHOLD, before", matching.DEFAULT_THRESHOLD),
    ):
        p, r, f = rates(scores[pick], labels[pick], floor)
        cp, cr, cf = rates(scores[check], labels[check], floor)
        print(f"floor {floor:.2f} ({label}): pick P {p:.2f} R {r:.2f} F1 {f:.2f}; "
              f"check P {cp:.2f} R {cr:.2f} F1 {cf:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
