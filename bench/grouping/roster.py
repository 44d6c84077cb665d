"""Synthetic event rosters for the grouping benchmarks."""

import numpy as np

from workers.grouping import Person


def event_roster(n: int, seed: int, largest_org: int = 40) -> list[Person]:
    """Return n people: Zipf-like organisations (2-40) over 30%, 10% companions, 3 skewed mixes."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    apart: list[set[str]] = [set() for _ in range(n)]
    pos, org, in_orgs = 0, 0, int(0.3 * n)
    while pos < in_orgs:
        size = int(min(largest_org, max(2, rng.zipf(1.6))))
        for p in order[pos : min(pos + size, in_orgs)]:
            apart[p].add(f"org:{org}")
        pos, org = pos + size, org + 1
    companions = order[in_orgs : in_orgs + int(0.1 * n)]
    for i in range(0, len(companions) - 1, 2):
        apart[companions[i]].add(f"came:{i}")
        apart[companions[i + 1]].add(f"came:{i}")
    columns = {
        "age": (["18-24", "25-34", "35-44", "45-59", "60+"], [0.15, 0.4, 0.25, 0.15, 0.05]),
        "field": ([f"f{i}" for i in range(8)], [0.3, 0.2, 0.15, 0.1, 0.1, 0.08, 0.05, 0.02]),
        "newcomer": (["yes", "no"], [0.3, 0.7]),
    }
    drawn = {k: rng.choice(vals, size=n, p=probs) for k, (vals, probs) in columns.items()}
    return [
        Person(
            id=f"p{i}",
            apart=frozenset(apart[i]),
            attributes={k: str(v[i]) for k, v in drawn.items()},
            known=int(rng.poisson(3)),
        )
        for i in range(n)
    ]


def learn_teach_pairs(people: list[Person], topics: int, seed: int) -> list[tuple[str, str]]:
    """Return (learner, teacher) pairs: each person learns one topic and teaches another."""
    rng = np.random.default_rng(seed + 10_000)
    learn = rng.integers(topics, size=len(people))
    teach = (learn + rng.integers(1, topics, size=len(people))) % topics
    teachers: dict[int, list[Person]] = {}
    for p, topic in zip(people, teach, strict=True):
        teachers.setdefault(int(topic), []).append(p)
    return [
        (p.id, t.id)
        for p, topic in zip(people, learn, strict=True)
        for t in teachers.get(int(topic), [])
        if not p.apart & t.apart
    ]


def some_pairs(people: list[Person], count: int, seed: int) -> list[tuple[str, str]]:
    """Return `count` distinct random (learner, teacher) pairs; one person may be in several."""
    rng = np.random.default_rng(seed + 20_000)
    found: dict[frozenset[str], tuple[str, str]] = {}
    while len(found) < count:
        a, b = (people[int(i)] for i in rng.choice(len(people), size=2, replace=False))
        if not a.apart & b.apart:
            found.setdefault(frozenset((a.id, b.id)), (a.id, b.id))
    return list(found.values())
