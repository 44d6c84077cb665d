"""Benchmark the learn/teach matcher and the match-up job: speed and dev-set quality.

Run: .venv/bin/python bench/matching/run.py [--attendees 1000] [--repeats 5]

- Embedding one answer, as when its SMS arrives: a few hundred distinct realistic answers,
  one `embed` call each on a warm model; the cold first call in a fresh process separately.
- The match-up job from stored vectors: a SQLite file migrated to head, `--attendees`
  people with varied answers whose vectors are stored as
  `workers.intros.introductions.vectors` stores them (not timed: that happens as texts
  arrive), then `workers.intros.introductions.choose` (the job's selection: load, score,
  assign) timed in a new session per repeat. Baseline in the same
  run: the cold path, where no vectors were stored and the job embeds every answer itself.
- Quality (`--quality-only` for this part alone): on the untouched check part
  (tests/data/matching_check.csv), the development set and the tuning part, the plain
  MiniLM int8 model on the raw text, the matcher as shipped before issue 16, the new one
  and its lexical fallback, in one run: top-1, ROC-AUC, hard-negative AUC, noisy-SMS
  top-1, and the median ms to embed one phrase (the first 300 learn phrases of the first
  set, one at a time); a difflib baseline.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import delete, func, select

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import models  # noqa: E402
from models import AnswerVector, Attendee, Event, Match, Session  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from workers import matching  # noqa: E402
from workers.intros import introductions  # noqa: E402
from workers.intros.assignment import match_pairs  # noqa: E402
from workers.matching import quality  # noqa: E402
from workers.people.simulated_people import TOPICS  # noqa: E402

DATA = ROOT / "tests" / "data"
DEV_SET = DATA / "matching_dev.csv"
# The check part is only ever reported, never tuned on (tests/data/README.md).
SETS = ("check", "dev", "tune")
LEARN_WRAPPERS = ("", "", "", "i'd love to learn ", "want to learn ", "how to do ", "lrn ")
TEACH_WRAPPERS = ("", "", "", "I can teach u ", "happy to show people ", "i'm good at ")
ENDINGS = ("", "", "", "!", " lol", " pls", " :)")


def difflib_scores(learn, teach):
    """The lexical baseline: difflib's ratio on lowercased answers."""
    return np.array(
        [
            [difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() for b in teach]
            for a in learn
        ]
    ).reshape(len(learn), len(teach))


# The matcher as shipped before issue 16 (MiniLM + n-gram blend, its own cleaning), read
# from git so the comparison runs in one process.
BEFORE = "331f820"


def matcher_before():
    """The pre-issue-16 `workers.matching` as a module, or None without git."""
    shown = subprocess.run(
        ["git", "show", f"{BEFORE}:workers/matching/__init__.py"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if shown.returncode:
        return None
    module = types.ModuleType("matching_before")
    exec(compile(shown.stdout, "matching_before", "exec"), module.__dict__)
    module._tokenizer_path = matching._tokenizer_path
    return module


class Scorer:
    """Embed each phrase once (cached), then score stored vectors, as the service does."""

    def __init__(self, embed: Callable, similarity: Callable) -> None:
        self.embed, self.similarity, self.cache = embed, similarity, {}

    def vectors(self, texts) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            self.cache.update(zip(batch, self.embed(batch), strict=True))
        return np.stack([self.cache[t] for t in texts])

    def __call__(self, learn, teach) -> np.ndarray:
        return self.similarity(self.vectors(learn), self.vectors(teach))

    def ms_per_phrase(self, texts) -> tuple[float, float]:
        """Median wall and CPU ms to embed one phrase on its own, as when its text arrives
        (CPU time says more on a busy machine)."""
        wall, cpu = [], []
        for text in texts:
            started, started_cpu = time.perf_counter(), time.process_time()
            self.embed([text])
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        return statistics.median(wall), statistics.median(cpu)


def scorers() -> dict[str, Scorer]:
    encoder = matching._encoder()
    rows = {
        "plain MiniLM int8 (raw text, cosine)": Scorer(
            lambda texts: encoder.encode(list(texts)), lambda a, b: a @ b.T
        ),
    }
    before = matcher_before()
    if before is not None:
        rows["before: MiniLM + n-gram blend (shipped)"] = Scorer(
            before.embed_many, before.similarity_from_vectors
        )
    rows[f"new: {matching.VECTOR_VERSION}"] = Scorer(
        matching.embed_many, matching.similarity_from_vectors
    )
    rows["new, lexical fallback (no model)"] = Scorer(
        lambda texts: matching.embed_many(texts, lexical=True), matching.similarity_from_vectors
    )
    return rows


def quality_table(sets: dict[str, list]) -> list[str]:
    """Each scorer on each labelled set: top-1, ROC-AUC, hard AUC, noisy top-1, ms."""
    rows = scorers()
    timing_phrases = sorted({p.learn for p in next(iter(sets.values()))})[:300]
    lines = [
        "| set | scorer | top-1 | ROC-AUC | AUC hard negatives | noisy-SMS top-1 "
        "| ms/phrase (CPU ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, scorer in rows.items():
        wall, cpu = scorer.ms_per_phrase(timing_phrases)
        for label, pairs in sets.items():
            r = quality.evaluate(scorer, pairs)
            lines.append(
                f"| {label} | {name} | {r['top1']:.3f} | {r['roc_auc']:.3f} | "
                f"{r['hard_auc']:.3f} | {r['noisy_top1']:.3f} | {wall:.2f} ({cpu:.2f}) |"
            )
    for label, pairs in sets.items():
        base = quality.evaluate(difflib_scores, pairs)
        lines.append(
            f"| {label} | difflib ratio (baseline) | {base['top1']:.3f} | {base['roc_auc']:.3f} "
            f"| {base['hard_auc']:.3f} | {base['noisy_top1']:.3f} | |"
        )
    lines.append("")
    for label, pairs in sets.items():
        r = quality.evaluate(difflib_scores, pairs)
        noisy = len({p.learn for p in pairs if p.kind == "noisy"})
        lines.append(
            f"{label}: {int(r['pairs'])} labelled pairs, {int(r['learners'])} learner phrases "
            f"({noisy} noisy) ranked against {int(r['teach_phrases'])} teach phrases."
        )
    return lines


def _typo(word: str, rng: random.Random) -> str:
    """Drop, double or swap one letter, as texters do."""
    i = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("drop", "double", "swap"))
    if slip == "drop":
        return word[:i] + word[i + 1 :]
    if slip == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def texted(phrase: str, wrappers: tuple[str, ...], rng: random.Random) -> str:
    """Say a skill the way people text it: wrappers, typos, odd case, endings."""
    words = phrase.split()
    if rng.random() < 0.2:
        k = rng.randrange(len(words))
        if len(words[k]) >= 5:
            words[k] = _typo(words[k], rng)
    text = rng.choice(wrappers) + " ".join(words) + rng.choice(ENDINGS)
    return text.lower() if rng.random() < 0.4 else text


def people_answers(pairs, count: int, seed: int) -> list[tuple[str, str]]:
    """(learn, teach) answers for count people: dev-set and rehearsal phrases, popular
    skills more common (Zipf-like), 5% skipping one of the two questions."""
    rng = random.Random(seed)
    learns = sorted({p.learn for p in pairs} | {t[0] for t in TOPICS})
    teaches = sorted({p.teach for p in pairs} | {t[1] for t in TOPICS})
    rng.shuffle(learns)
    rng.shuffle(teaches)
    learn_weights = [1 / (r + 1) ** 0.7 for r in range(len(learns))]
    teach_weights = [1 / (r + 1) ** 0.7 for r in range(len(teaches))]
    answers = []
    for _ in range(count):
        learn = texted(rng.choices(learns, learn_weights)[0], LEARN_WRAPPERS, rng)
        teach = texted(rng.choices(teaches, teach_weights)[0], TEACH_WRAPPERS, rng)
        skip = rng.random()
        answers.append(("" if skip < 0.025 else learn, "" if 0.025 <= skip < 0.05 else teach))
    return answers


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


COLD = """
import json, time
started = time.perf_counter()
from workers import matching
imported = time.perf_counter()
matching.embed("i'd love to learn how to bake sourdough")
first = time.perf_counter()
matching.embed("I can teach u guitar")
second = time.perf_counter()
print(json.dumps([imported - started, first - imported, second - first]))
"""


def cold_embed(runs: int = 3) -> list[float]:
    """Median (import s, first embed s, second embed s) over fresh processes."""
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return [statistics.median(column) for column in zip(*results, strict=True)]


def embed_timing(pairs, count: int) -> list[str]:
    """Time one `embed` per distinct new answer on a warm model, as each SMS arrives."""
    imported, first, second = cold_embed()
    matching.embed("warm up: the model and word list are loaded")
    answers = list(dict.fromkeys(a for pair in people_answers(pairs, count, seed=60) for a in pair))
    answers = [a for a in answers if a][:count]
    times, cpu = [], []
    for answer in answers:
        started, started_cpu = time.perf_counter(), time.process_time()
        matching.embed(answer)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return [
        f"- embedding one answer, warm ({len(times)} distinct answers, one call each): "
        f"p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
        f"max {max(times):.1f} ms (budget 20 ms); CPU time p50 {statistics.median(cpu):.1f} ms, "
        f"p95 {percentile(cpu, 0.95):.1f} ms",
        f"- cold, in a fresh process (median of 3): first embed {first * 1000:.0f} ms (loads and "
        f"checks the model, loads the word list), second {second * 1000:.1f} ms; "
        f"importing workers.matching {imported:.2f} s",
    ]


def seed_database(url: str, pairs, count: int) -> int:
    """Create an event of count consenting people with answers; return its id."""
    upgrade(url)
    answers = people_answers(pairs, count, seed=6)
    with Session() as session:
        before = Event(name="Last month", code="BENCH0")
        event = Event(name="Tablemates night", code="BENCH1")
        session.add_all([before, event])
        session.flush()
        people = [
            Attendee(event_id=event.id, phone=f"+1416555{i:04d}", name=f"Person {i}",
                     learn=learn, teach=teach, consent=True, status="complete", step="done")
            for i, (learn, teach) in enumerate(answers)
        ]  # fmt: skip
        # 100 of them met at an earlier event: the job must not introduce them again.
        earlier = [
            Attendee(event_id=before.id, phone=p.phone, name=p.name, consent=True,
                     status="complete", step="done")
            for p in people[:100]
        ]  # fmt: skip
        session.add_all(people + earlier)
        session.flush()
        session.add_all(
            Match(event_id=before.id, learner_id=a.id, teacher_id=b.id, learn="x", teach="y",
                  score=0.5)
            for a, b in zip(earlier[0::2], earlier[1::2], strict=True)
        )  # fmt: skip
        session.commit()
        return event.id


def store_vectors(event_id: int) -> float:
    """Embed and store everyone's answers as the arriving texts would; return seconds."""
    with Session() as session:
        event = session.get_one(Event, event_id)
        started = time.perf_counter()
        introductions.vectors(session, introductions.eligible(session, event.id))
        session.commit()
        return time.perf_counter() - started


def timed(fn: Callable[[], object], repeats: int) -> tuple[list[float], object]:
    """Wall seconds of each call (CPU seconds appended to `cpu_seconds`), last result."""
    times, result = [], None
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - started_cpu)
    return times, result


cpu_seconds: list[float] = []


def choose_once(event_id: int) -> list[introductions.Planned]:
    """Run the job's selection in a new session, as the job does."""
    with Session() as session:
        return introductions.choose(session, session.get_one(Event, event_id))


def choose_cold(event_id: int) -> tuple[float, list[introductions.Planned]]:
    """The baseline: the same selection with no stored vectors (then rolled back)."""
    with Session() as session:
        event = session.get_one(Event, event_id)
        session.execute(delete(AnswerVector))
        matching._correct.cache_clear()  # a fresh worker has corrected no words yet
        started = time.perf_counter()
        planned = introductions.choose(session, event)
        session.flush()  # writes the vectors it made, as the job would
        seconds = time.perf_counter() - started
        session.rollback()
    return seconds, planned


def stages(event_id: int, repeats: int) -> dict[str, float]:
    """Median seconds of each step of `choose`, run the same way, in a new session each."""
    marks: dict[str, list[float]] = {}
    for _ in range(repeats):
        with Session() as session:
            t0 = time.perf_counter()
            people = introductions.eligible(session, event_id)
            t1 = time.perf_counter()
            found = introductions.vectors(session, people)
            t2 = time.perf_counter()
            introduced = introductions._introduced(session, people)
            t3 = time.perf_counter()
        for name, seconds in (("eligible", t1 - t0), ("vectors", t2 - t1),
                              ("introduced", t3 - t2)):  # fmt: skip
            marks.setdefault(name, []).append(seconds)
    assert len(found) >= len(people) and introduced
    return {name: statistics.median(values) for name, values in marks.items()}


def stored_arrays(event_id: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Everyone's ids and stored learn and teach vectors, as `choose` builds them."""
    with Session() as session:
        people = introductions.eligible(session, event_id)
        found = introductions.vectors(session, people)
    zero = np.zeros(matching.VECTOR_DIM, dtype=np.float32)
    learn = np.stack([found.get((p.id, "learn"), zero) for p in people])
    teach = np.stack([found.get((p.id, "teach"), zero) for p in people])
    return [str(p.id) for p in people], learn, teach


def job_timing(pairs, attendees: int, repeats: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = models.configure(url)
        event_id = seed_database(url, pairs, attendees)
        storing = store_vectors(event_id)
        with Session() as session:
            stored = session.scalar(select(func.count()).select_from(AnswerVector))
        choose_once(event_id)  # warm: imports, statement compilation, page cache
        cpu_seconds.clear()
        job, planned = timed(lambda: choose_once(event_id), repeats)
        job_cpu = statistics.median(cpu_seconds)
        parts = stages(event_id, repeats)
        ids, learn, teach = stored_arrays(event_id)
        scoring, scores = timed(lambda: matching.similarity_from_vectors(learn, teach), repeats)
        scores = scores.astype(np.float64)
        assigning, _ = timed(lambda: match_pairs(ids, scores, max_intros=2), repeats)
        cold = [choose_cold(event_id) for _ in range(max(2, repeats // 2))]
        engine.dispose()
    cold_seconds, cold_planned = [c[0] for c in cold], cold[-1][1]
    assert len(cold_planned) == len(planned)
    job_s, cold_s = statistics.median(job), statistics.median(cold_seconds)
    mutual = sum(p.mutual for p in planned) // 2
    learners = {p.learner.id for p in planned}
    return [
        "- the match-up job's selection, `workers.intros.introductions.choose`, "
        f"{attendees} consenting attendees, {stored} stored vectors, "
        f"SQLite file (median of {repeats}): "
        f"{job_s:.2f} s, max {max(job):.2f} s (budget 2 s); CPU time {job_cpu:.2f} s",
        f"  - of which: eligible people {parts['eligible']:.3f} s, loading stored vectors "
        f"{parts['vectors']:.3f} s, earlier intros {parts['introduced']:.3f} s",
        f"  - pure parts: `similarity_from_vectors` {len(ids)}x{len(ids)} "
        f"{statistics.median(scoring):.3f} s, `assignment.match_pairs` "
        f"{statistics.median(assigning):.3f} s",
        f"- baseline, the cold path (no stored vectors: `choose` embeds all "
        f"{stored} answers itself, median of {len(cold_seconds)}): {cold_s:.2f} s; "
        f"stored vectors are {cold_s / job_s:.0f}x faster",
        f"- (storing them in one batch beforehand took {storing:.2f} s; in service each "
        f"is embedded when its text arrives)",
        f"- result: {len(planned)} intros, {mutual} mutual pairs, {len(learners)} learners "
        f"introduced, mean score {np.mean([p.score for p in planned]):.2f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attendees", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--answers", type=int, default=400, help="for the embedding timing")
    parser.add_argument("--quality-only", action="store_true", help="skip the timings")
    parser.add_argument("--sets", default=",".join(SETS), help="labelled sets to report")
    args = parser.parse_args()
    pairs = quality.load_pairs(DEV_SET)
    load = os.getloadavg()[0]
    print(
        f"machine: {len(os.sched_getaffinity(0))} cores, {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    started = time.perf_counter()
    backend = matching.backend()  # loads the model and checks its sha256
    loaded = time.perf_counter() - started
    print(f"matcher backend: {backend} ({matching.VECTOR_VERSION}), loaded in {loaded:.2f} s\n")
    if not args.quality_only:
        print("\n".join(embed_timing(pairs, args.answers)))
        print("\n".join(job_timing(pairs, args.attendees, args.repeats)))
        print(f"- load average (1 min) before/after: {load:.1f}/{os.getloadavg()[0]:.1f}")
        print()
    names = args.sets.split(",")
    sets = {name: quality.load_pairs(DATA / f"matching_{name}.csv") for name in names}
    print("\n".join(quality_table(sets)))


if __name__ == "__main__":
    main()
