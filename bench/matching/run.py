"""Benchmark the learn/teach matcher and the assignment: speed and dev-set quality.

Run: .venv/bin/python bench/matching/run.py [--attendees 1000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import difflib
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workers import matching  # noqa: E402
from workers.assignment import match_pairs  # noqa: E402
from workers.matching import quality  # noqa: E402

DEV_SET = ROOT / "tests" / "data" / "matching_dev.csv"


def difflib_scores(learn, teach):
    """The lexical baseline: difflib's ratio on lowercased answers."""
    return np.array(
        [
            [difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() for b in teach]
            for a in learn
        ]
    ).reshape(len(learn), len(teach))


def vector_scores(lexical: bool):
    """Score through stored vectors, as the after-event job does."""
    return lambda learn, teach: matching.similarity_from_vectors(
        matching.embed_many(learn, lexical=lexical), matching.embed_many(teach, lexical=lexical)
    )


def quality_table(pairs) -> list[str]:
    base = quality.evaluate(difflib_scores, pairs)
    rows = [
        ("difflib ratio (baseline)", base),
        ("lexical fallback (n-grams)", quality.evaluate(vector_scores(lexical=True), pairs)),
        ("semantic (MiniLM int8 + n-grams)", quality.evaluate(vector_scores(lexical=False), pairs)),
    ]
    lines = [
        "| scorer | ROC-AUC | AUC hard negatives | top-1 | top-1 / baseline |",
        "|---|---|---|---|---|",
    ]
    for name, r in rows:
        ratio = r["top1"] / base["top1"]
        lines.append(
            f"| {name} | {r['roc_auc']:.3f} | {r['hard_auc']:.3f} | {r['top1']:.3f} "
            f"| {ratio:.2f}x |"
        )
    first = rows[0][1]
    lines.append(
        f"\n{int(first['pairs'])} labelled pairs, {int(first['learners'])} learner phrases ranked "
        f"against {int(first['teach_phrases'])} teach phrases."
    )
    return lines


def embed_timing(pairs, repeats: int) -> list[str]:
    started = time.perf_counter()
    matching.embed("warm up")
    first = time.perf_counter() - started
    answers = [p.learn for p in pairs][:200]
    times = []
    for _ in range(repeats):
        for answer in answers:
            t = time.perf_counter()
            matching.embed(answer)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[int(0.95 * len(times))]
    return [
        f"- embedding one answer ({len(times)} answers, one at a time): median "
        f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
        f"(budget 20 ms); first call (loads the word list) {first * 1000:.0f} ms",
    ]


def matchup_timing(pairs, attendees: int, repeats: int) -> list[str]:
    rng = np.random.default_rng(6)
    learns = [p.learn for p in pairs]
    teaches = [p.teach for p in pairs]
    learn = [learns[i] for i in rng.integers(len(learns), size=attendees)]
    teach = [teaches[i] for i in rng.integers(len(teaches), size=attendees)]
    learn_vectors = matching.embed_many(learn)  # stored when each SMS arrived
    teach_vectors = matching.embed_many(teach)
    ids = [f"a{i}" for i in range(attendees)]
    eligible = (rng.random(attendees) > 0.1).tolist()
    totals, scoring = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        scores = matching.similarity_from_vectors(learn_vectors, teach_vectors)
        scored = time.perf_counter()
        intros = match_pairs(ids, scores, eligible=eligible, max_intros=2)
        totals.append(time.perf_counter() - started)
        scoring.append(scored - started)
    learners = {x.learner_id for x in intros}
    mutual = sum(x.mutual for x in intros) // 2
    return [
        f"- whole match-up for {attendees} attendees (scoring from stored vectors + "
        f"assignment, K=2, 90% consented): median {statistics.median(totals):.2f} s, "
        f"max {max(totals):.2f} s (budget 2 s); "
        f"of which scoring {statistics.median(scoring):.3f} s",
        f"- result: {len(intros)} intros, {mutual} mutual pairs, {len(learners)} learners "
        f"introduced, mean score {np.mean([x.score for x in intros]):.2f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attendees", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    pairs = quality.load_pairs(DEV_SET)
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    )
    started = time.perf_counter()
    backend = matching.backend()  # loads the model and checks its sha256
    loaded = time.perf_counter() - started
    print(f"matcher backend: {backend} ({matching.VECTOR_VERSION}), loaded in {loaded:.2f} s\n")
    print("\n".join(embed_timing(pairs, args.repeats)))
    print("\n".join(matchup_timing(pairs, args.attendees, args.repeats)))
    print()
    print("\n".join(quality_table(pairs)))


if __name__ == "__main__":
    main()
