"""Shared bits of the grouping benchmarks: a naive baseline, stats, RESULTS.md writing."""

import random
import re
from itertools import combinations
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "RESULTS.md"


def naive_plan(ids: list[str], sizes: list[int], rounds: int, seed: int) -> list:
    """Baseline: shuffle, then seat each person at the first table with room and no old mate."""
    rng = random.Random(seed)
    met: set[frozenset] = set()
    plan = []
    for _ in range(rounds):
        order = ids[:]
        rng.shuffle(order)
        tables: list[list[str]] = [[] for _ in sizes]
        for p in order:
            room = [t for t, z in zip(tables, sizes, strict=True) if len(t) < z]
            fresh = [t for t in room if not any(frozenset((p, q)) in met for q in t)]
            (fresh or room)[0].append(p)
        met.update(frozenset(pq) for t in tables for pq in combinations(t, 2))
        plan.append(tables)
    return plan


def repeats(plan: list) -> int:
    """Count meetings of pairs that had already met (earlier in the plan)."""
    seen: set[frozenset] = set()
    count = 0
    for rnd in plan:
        for table in rnd:
            for pq in map(frozenset, combinations(table, 2)):
                count += pq in seen
                seen.add(pq)
    return count


def pct(values: list[float], q: float) -> float:
    """Return the q-quantile (0..1) by the nearest-rank method."""
    ordered = sorted(values)
    rank = -(-q * len(ordered) // 1)  # ceil(q * n): p50 of 10 is the 5th, p95 of 10 the 10th
    return ordered[max(0, min(len(ordered), int(rank)) - 1)]


def write_section(title: str, text: str) -> None:
    """Replace (or add) the '### title' part of the '## Grouping' section of bench/RESULTS.md."""
    doc = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if "## Grouping" not in doc:
        doc = doc.rstrip("\n") + "\n\n## Grouping\n"
    head, _, rest = doc.partition("## Grouping\n")
    section, nxt, after = rest.partition("\n## ")
    block = f"### {title}\n{text.strip()}\n"
    pattern = re.compile(rf"### {re.escape(title)}\n.*?(?=\n### |\Z)", re.S)
    section = (
        pattern.sub(lambda _: block, section)
        if pattern.search(section)
        else (section.rstrip("\n") + "\n\n" + block)
    )
    RESULTS.write_text(
        head + "## Grouping\n" + section.lstrip("\n") + nxt + after, encoding="utf-8"
    )
