"""Measure a learn/teach scorer on a labelled set (tests/data/matching_dev.csv)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

Scorer = Callable[[Sequence[str], Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Pair:
    """One labelled (learn, teach) pair; `topic` names the teach side's skill."""

    learn: str
    teach: str
    match: bool
    kind: str
    topic: str


def load_pairs(path: Path) -> list[Pair]:
    """Read labelled pairs from a CSV with columns learn, teach, match, kind, topic."""
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Pair(r["learn"], r["teach"], r["match"] == "1", r["kind"], r["topic"])
            for r in csv.DictReader(f)
        ]


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Chance that a random positive outscores a random negative (ties count half)."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    pos, neg = s[y], s[~y]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def right_teachers(pairs: Sequence[Pair]) -> dict[str, set[str]]:
    """For each learn phrase, every teach phrase that is a right answer for it.

    Right: labelled a match, or teaching a topic the learner matched elsewhere,
    unless that very pair is labelled a non-match.
    """
    topic_of = {p.teach: p.topic for p in pairs}
    topics: dict[str, set[str]] = defaultdict(set)
    labelled: dict[tuple[str, str], bool] = {}
    for p in pairs:
        labelled[p.learn, p.teach] = p.match
        if p.match:
            topics[p.learn].add(p.topic)
    return {
        learn: {t for t, topic in topic_of.items() if labelled.get((learn, t), topic in wanted)}
        for learn, wanted in topics.items()
    }


def evaluate(score: Scorer, pairs: Sequence[Pair]) -> dict[str, float]:
    """Return ROC-AUC, AUC on hard negatives only, top-1 among all teach phrases, and
    top-1 of the learn phrases texted with noise (kind `noisy`) alone."""
    learns = sorted({p.learn for p in pairs})
    teaches = sorted({p.teach for p in pairs})
    matrix = np.asarray(score(learns, teaches), dtype=np.float64)
    li = {t: i for i, t in enumerate(learns)}
    ti = {t: i for i, t in enumerate(teaches)}
    pair_scores = [matrix[li[p.learn], ti[p.teach]] for p in pairs]
    labels = [p.match for p in pairs]
    hard = [i for i, p in enumerate(pairs) if p.match or p.kind == "hard_negative"]
    right = right_teachers(pairs)
    hits = {learn: teaches[int(np.argmax(matrix[li[learn]]))] in ok for learn, ok in right.items()}
    noisy = {p.learn for p in pairs if p.kind == "noisy"} & set(hits)
    return {
        "roc_auc": roc_auc(pair_scores, labels),
        "hard_auc": roc_auc([pair_scores[i] for i in hard], [labels[i] for i in hard]),
        "top1": float(np.mean(list(hits.values()))),
        "noisy_top1": float(np.mean([hits[n] for n in noisy])) if noisy else float("nan"),
        "pairs": float(len(pairs)),
        "learners": float(len(right)),
        "teach_phrases": float(len(teaches)),
    }
