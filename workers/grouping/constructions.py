"""Repeat-free schedules built directly: transversal designs and cyclically developed rounds."""

import random
from functools import lru_cache

Schedule = list[list[list[int]]]


def construct(tables: int, size: int, rounds: int) -> Schedule | None:
    """Return `rounds` repeat-free rounds of `tables` tables of `size` (ids 0..n-1), or None."""
    if rounds < 1 or size < 2 or tables < 1:
        return None
    if rounds == 1:
        return [[list(range(t * size, t * size + size)) for t in range(tables)]]
    found = _transversal(tables, size, rounds) or _cyclic(tables, size, rounds)
    return [[list(t) for t in rnd] for rnd in found] if found else None


def _smallest_prime_factor(n: int) -> int:
    return next((p for p in range(2, int(n**0.5) + 1) if n % p == 0), n)


@lru_cache(maxsize=64)
def _transversal(g: int, s: int, rounds: int) -> tuple | None:
    # Person (i, x) sits at table (m*i + x) mod g in round m; two people in different rows meet
    # at most once when every difference of slopes and of rows is invertible mod g.
    p = _smallest_prime_factor(g)
    if s > p or rounds > p + (g == s):
        return None
    schedule = []
    for m in range(min(rounds, p)):
        tables = [[] for _ in range(g)]
        for i in range(s):
            for x in range(g):
                tables[(m * i + x) % g].append(i * g + x)
        schedule.append(tuple(tuple(t) for t in tables))
    if rounds > p:  # g == s: the rows themselves are one more round
        schedule.append(tuple(tuple(range(i * g, i * g + g)) for i in range(s)))
    return tuple(schedule)


@lru_cache(maxsize=64)
def _cyclic(g: int, s: int, rounds: int, budget: int = 100_000, tries: int = 3) -> tuple | None:
    # Points are k classes of Z_n plus `fixed` points; m base rounds are searched for whose n
    # translates (x -> x + t) never seat a pair twice, i.e. every difference is used once.
    n_people = g * s
    for m in range(1, rounds + 1):
        for n in range(-(-rounds // m), n_people + 1):
            for fixed in range(g + 1):
                k, rest = divmod(n_people - fixed, n)
                if rest or k < 1 or (fixed and k < m * (s - 1)):
                    continue
                if not _enough_differences(g, s, n, k, fixed, m):
                    continue
                tries -= 1
                if tries < 0:
                    return None
                bases = _search_bases(g, s, n, k, fixed, m, budget)
                if bases is not None:
                    developed = [_develop(b, n, k, t) for b in bases for t in range(n)]
                    return tuple(developed[:rounds])
    return None


def _enough_differences(g: int, s: int, n: int, k: int, fixed: int, m: int) -> bool:
    pure = k * ((n - 1) // 2)
    mixed = k * (k - 1) // 2 * n
    return pure + mixed + m * fixed * (s - 1) >= m * g * s * (s - 1) // 2


def _develop(base: list[list[int]], n: int, k: int, t: int) -> tuple:
    finite = k * n

    def shift(p: int) -> int:
        return p if p >= finite else (p // n) * n + (p % n + t) % n

    return tuple(tuple(shift(p) for p in block) for block in base)


def _pair_key(p: int, q: int, n: int) -> tuple:
    (a, x), (b, y) = divmod(p, n), divmod(q, n)
    if a == b:
        d = (y - x) % n
        return (a, a, min(d, n - d))
    if a > b:
        a, b, x, y = b, a, y, x
    return (a, b, (y - x) % n)


def _search_bases(g: int, s: int, n: int, k: int, fixed: int, m: int, budget: int):
    rng = random.Random(0)
    attempts = 50  # many short attempts: a lucky start beats a long hunt
    for _attempt in range(attempts):
        found = _attempt_bases(g, s, n, k, fixed, m, budget // attempts, rng)
        if found is not None:
            return found
    return None


def _attempt_bases(g, s, n, k, fixed, m, budget, rng):
    finite = k * n
    blocks = [[finite + j] if j < fixed else [] for _ in range(m) for j in range(g)]
    used: set = set()
    free = [set(range(finite)) for _ in range(m)]
    fixed_classes = [set() for _ in range(fixed)]
    nodes = 0

    def fill(bi: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > budget:
            return False
        if bi == len(blocks):
            return True
        block, r = blocks[bi], bi // g
        if len(block) == s:
            return fill(bi + 1)
        if not block:
            options = [min(free[r])]  # the lowest free point starts the block: no symmetric twins
        else:
            low = max((p for p in block if p < finite), default=-1)
            options = [p for p in free[r] if p > low]
            rng.shuffle(options)
        seen = fixed_classes[block[0] - finite] if block and block[0] >= finite else None
        for p in options:
            keys = _new_keys(block, p, n, finite)
            if keys is None or used & keys or (seen is not None and p // n in seen):
                continue
            block.append(p)
            free[r].discard(p)
            used.update(keys)
            if seen is not None:
                seen.add(p // n)
            if fill(bi):
                return True
            if seen is not None:
                seen.discard(p // n)
            used.difference_update(keys)
            free[r].add(p)
            block.pop()
        return False

    return [blocks[r * g : (r + 1) * g] for r in range(m)] if fill(0) else None


def _new_keys(block: list[int], p: int, n: int, finite: int) -> set | None:
    keys = set()
    for q in block:
        if q >= finite:
            continue
        key = _pair_key(q, p, n)
        if key[0] == key[1] and (key[2] == 0 or 2 * key[2] == n):
            return None  # same point, or a half-turn difference that would meet twice
        if key in keys:
            return None
        keys.add(key)
    return keys
