"""Plan rounds: bounds first, then a construction or greedy start, then tabu search."""

from collections.abc import Callable, Collection, Sequence

import numpy as np

from workers.grouping.bounds import Bounds, feasibility
from workers.grouping.constructions import construct_past_free, construct_uneven, design_rounds
from workers.grouping.greedy import greedy_round
from workers.grouping.metrics import measure
from workers.grouping.mix import known_levels, spreads
from workers.grouping.model import Person, Plan
from workers.grouping.pairs import glue_pairs, worth_gluing
from workers.grouping.search import Search
from workers.grouping.tables import table_sizes

History = Sequence[Sequence[Sequence[str]]]


def plan_round(
    people: Sequence[Person],
    history: History = (),
    *,
    table_size: int | None = None,
    capacities: Sequence[int] | None = None,
    seed: int = 0,
    pairs: Collection[tuple[str, str]] = (),
) -> Plan:
    """Plan the next round from what happened so far."""
    return plan_rounds(
        people,
        history,
        rounds=1,
        table_size=table_size,
        capacities=capacities,
        seed=seed,
        pairs=pairs,
    )


def plan_rounds(
    people: Sequence[Person],
    history: History = (),
    *,
    rounds: int,
    table_size: int | None = None,
    capacities: Sequence[int] | None = None,
    seed: int = 0,
    effort: float = 1.0,
    construct_first: bool = True,
    progress: Callable[[float], None] | None = None,
    pairs: Collection[tuple[str, str]] = (),
) -> Plan:
    """Plan `rounds` more rounds jointly; deterministic for a seed."""
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids):
        raise ValueError("people must have distinct ids")
    n = len(ids)
    sizes = table_sizes(n, table_size, capacities)
    met, apart, clique, small_before = _past(people, history, sizes)
    partners = _partners(ids, pairs, apart)
    bounds = _bounds(people, sizes, rounds, met, apart, clique)
    columns = _columns(people)
    targets = spreads(columns, sizes)
    if n == 0 or rounds < 1:
        empty = [[[] for _ in sizes] for _ in range(max(rounds, 0))]
        return Plan(empty, {"repeat_pairs": 0}, bounds.reason)
    # A keep-apart pair weighs like this many earlier meetings: more than any swap can repair.
    weight = 2 * max(sizes) * (rounds + int(met.max(initial=0)) + 2)
    base = met + weight * apart
    unmet = partners * (met == 0)  # pairs seated together before are not sought again
    # Where repeats or colleagues together cannot all be avoided (the bounds say why), every
    # seat is needed for the fewest: no glue.
    glue = worth_gluing(unmet) and bounds.reason is None
    setting = (base, sizes, rounds, bounds, targets, small_before, seed, construct_first)
    # Without glue, the greedy start draws pairs together where it can (large rooms).
    search = _search(*setting, effort, progress, unmet, glue)
    if glue and search.hard_cost() > 0:
        # Pairs never break a hard rule: where the glued seats leave a repeat or colleagues
        # together (a room too tight around them), the plan without glue is taken if the
        # rules fare better there.
        free = _search(*setting, effort, progress, unmet, False)
        search = free if free.hard_cost() < search.hard_cost() else search
    metrics = measure(search.seats, sizes, met, apart, targets, partners)
    metrics["repeat_free_rounds_bound"] = bounds.repeat_free_rounds
    metrics["repeat_lower_bound"] = bounds.repeat_lower_bound
    metrics["infeasible_reason"] = bounds.reason
    plan = [[[] for _ in sizes] for _ in range(rounds)]
    for r, row in enumerate(search.seats):
        for p, t in enumerate(row):
            plan[r][t].append(ids[p])
    return Plan(plan, metrics, bounds.reason)


def _search(
    base: np.ndarray,
    sizes: Sequence[int],
    rounds: int,
    bounds: Bounds,
    targets: list,
    small_before: np.ndarray,
    seed: int,
    construct_first: bool,
    effort: float,
    progress: Callable[[float], None] | None,
    unmet: np.ndarray,
    glue: bool,
) -> Search:
    """Start the rounds, glue the pairs if asked (else let them pull the greedy start), and
    run the search; return it."""
    n = len(base)
    rng = np.random.default_rng(seed)
    pull = np.zeros_like(unmet) if glue else unmet
    seats, frozen = _start(
        base, sizes, rounds, bounds, targets, small_before, rng, construct_first, pull
    )
    glued = glue_pairs(seats, unmet, targets, sizes, frozen) if glue else None
    search = Search(base, sizes, seats, targets, small_before, rng, frozen, glued)
    budget = int(effort * (3000 + 10 * n * rounds))
    search.improve(
        budget, bounds.repeat_lower_bound, patience=int(effort * (300 + n)), progress=progress
    )
    return search


def _past(
    people: Sequence[Person], history: History, sizes: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    n = len(people)
    index = {p.id: i for i, p in enumerate(people)}
    met = np.zeros((n, n), dtype=np.int64)
    small = np.zeros(n, dtype=np.int64)
    clique = 0
    for rnd in history:
        biggest = max((len(t) for t in rnd), default=0)
        for table in rnd:
            here = [index[x] for x in table if x in index]
            clique = max(clique, len(here))
            met[np.ix_(here, here)] += 1
            if len(table) < biggest:
                small[here] += 1
    np.fill_diagonal(met, 0)
    keys: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        for key in p.apart:
            keys.setdefault(key, []).append(i)
    apart = np.zeros((n, n), dtype=bool)
    for members in keys.values():
        apart[np.ix_(members, members)] = True
    np.fill_diagonal(apart, False)
    return met, apart, clique, small


def _partners(ids: list[str], pairs: Collection[tuple[str, str]], apart: np.ndarray) -> np.ndarray:
    """Return partners[a, b] = 1 for each pair given of two people here who may sit together."""
    index = {x: i for i, x in enumerate(ids)}
    partners = np.zeros((len(ids), len(ids)), dtype=np.int8)
    for learner, teacher in pairs:
        a, b = index.get(learner), index.get(teacher)
        if a is not None and b is not None and a != b and not apart[a, b]:
            partners[a, b] = partners[b, a] = 1
    return partners


def _bounds(
    people: Sequence[Person],
    sizes: Sequence[int],
    rounds: int,
    met: np.ndarray,
    apart: np.ndarray,
    clique: int,
) -> Bounds:
    blocked = (met > 0) | apart
    groups: dict[str, int] = {}
    for p in people:
        for key in p.apart:
            groups[key] = groups.get(key, 0) + 1
    largest = max(groups.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return feasibility(
        sizes,
        rounds,
        blocked_degree=blocked.sum(1).tolist(),
        blocked_pairs=int(blocked.sum()) // 2,
        largest_clique=clique,
        largest_apart=largest,
    )


def _columns(people: Sequence[Person]) -> dict[str, list[str]]:
    names = sorted({k for p in people for k in p.attributes})
    columns = {k: [p.attributes.get(k, "") for p in people] for k in names}
    if any(p.known is not None for p in people):
        columns["known"] = known_levels([p.known for p in people])
    return columns


def _start(
    base: np.ndarray,
    sizes: Sequence[int],
    rounds: int,
    bounds: Bounds,
    targets: list,
    small: np.ndarray,
    rng: np.random.Generator,
    construct_first: bool,
    partners: np.ndarray,
) -> tuple[np.ndarray, int]:
    n = len(base)
    used = [z for z in sizes if z > 0]
    seats: list[np.ndarray] = []
    frozen = 0
    tight = rounds * (used[0] - 1) * 3 >= n - 1
    even = max(used) - min(used) <= 1
    if construct_first and not base.any() and even and tight and n <= 256:
        free = min(rounds, bounds.repeat_free_rounds)
        short = len(used) * max(used) - n  # tables one seat short of the largest
        # No construction for all repeat-free rounds? Build fewer and search the rest.
        design = design_rounds(len(used), max(used), short)
        counts = [*range(free, max(free - 3, 0), -1), min(free, design)]
        past = construct_past_free(len(used), max(used), rounds) if not short else None
        if past is not None:
            seats, counts = _relabel(past, sizes, n, rng), []
        for count in sorted(set(counts), reverse=True):
            built = construct_uneven(len(used), max(used), short, count) if count else None
            if built is not None:
                seats = _relabel(built, sizes, n, rng)
                frozen = count if count < rounds else 0
                break
    meet, small = base.copy(), small.copy()
    pull = partners if partners.any() else None
    is_small = np.asarray(sizes) < max(used)
    for row in seats:
        meet += row[:, None] == row[None, :]
    while len(seats) < rounds:
        row = greedy_round(meet, sizes, targets, small, rng, pull)
        together = row[:, None] == row[None, :]
        np.fill_diagonal(together, False)
        meet += together
        small += is_small[row]
        seats.append(row)
    return np.array(seats, dtype=np.int64), frozen


def _relabel(
    built: list[list[list[int]]], sizes: Sequence[int], n: int, rng: np.random.Generator
) -> list[np.ndarray]:
    # People are renamed at random; each built table goes to a random slot of its own size.
    person = rng.permutation(n)
    result = []
    for rnd in built:
        row = np.empty(n, dtype=np.int64)
        slots: dict[int, list[int]] = {}
        for t in rng.permutation(len(sizes)):
            if sizes[t] > 0:
                slots.setdefault(sizes[t], []).append(int(t))
        for members in rnd:
            row[person[members]] = slots[len(members)].pop()
        result.append(row)
    return result
