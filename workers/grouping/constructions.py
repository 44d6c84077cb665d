"""Schedules built directly: transversal designs (also refilled), cyclic rounds, Latin squares."""

import random
from collections.abc import Callable
from functools import lru_cache
from itertools import combinations

Schedule = list[list[list[int]]]


def construct(tables: int, size: int, rounds: int) -> Schedule | None:
    """Return `rounds` repeat-free rounds of `tables` tables of `size` (ids 0..n-1), or None."""
    if rounds < 1 or size < 2 or tables < 1:
        return None
    if rounds == 1:
        return [[list(range(t * size, t * size + size)) for t in range(tables)]]
    found = (
        _transversal(tables, size, rounds)
        or _refilled(tables, size, rounds)
        or _cyclic(tables, size, rounds)
    )
    return [[list(t) for t in rnd] for rnd in found] if found else None


def _smallest_prime_factor(n: int) -> int:
    return next((p for p in range(2, int(n**0.5) + 1) if n % p == 0), n)


def _prime_power(q: int) -> tuple[int, int] | None:
    """Return (p, k) with p**k == q for a prime p, else None."""
    if q < 2:
        return None
    p = _smallest_prime_factor(q)
    k, rest = 0, q
    while rest % p == 0:
        rest //= p
        k += 1
    return (p, k) if rest == 1 else None


@lru_cache(maxsize=16)
def _field(q: int) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]] | None:
    """Return the addition and multiplication tables of GF(q) (elements 0..q-1), or None."""
    pk = _prime_power(q)
    if pk is None or q > 128:
        return None
    p, k = pk

    def digits(a: int) -> list[int]:
        return [(a // p**i) % p for i in range(k)]

    def number(ds: list[int]) -> int:
        return sum(d * p**i for i, d in enumerate(ds))

    add = tuple(
        tuple(
            number([(x + y) % p for x, y in zip(digits(a), digits(b), strict=True)])
            for b in range(q)
        )
        for a in range(q)
    )
    # Try monic polynomials x^k + c(x) until multiplication modulo it has no zero divisors.
    for c in range(q):
        low = digits(c)
        table = []
        for a in range(q):
            da = digits(a)
            row = []
            for b in range(q):
                prod = [0] * (2 * k - 1)
                for i, x in enumerate(da):
                    for j, y in enumerate(digits(b)):
                        prod[i + j] = (prod[i + j] + x * y) % p
                for top in range(2 * k - 2, k - 1, -1):  # x^k = -c(x)
                    f, prod[top] = prod[top], 0
                    for i in range(k):
                        prod[top - k + i] = (prod[top - k + i] - f * low[i]) % p
                row.append(number(prod[:k]))
            table.append(tuple(row))
        if all(table[a][b] for a in range(1, q) for b in range(1, q)):
            return add, tuple(table)
    return None


@lru_cache(maxsize=64)
def _transversal(g: int, s: int, rounds: int, missing: int = 0) -> tuple | None:
    # Person (i, x) sits at table m*i + x (over GF(g)) in round m; two people in different rows
    # meet exactly once over all g rounds and two in one row never. Leaving `missing` people
    # out of the last row leaves one table in each of `missing` tables a seat short.
    field = _field(g) if _prime_power(g) else None
    if field is None or s > g or rounds > g + (g == s and not missing):
        return None
    add, mul = field
    keep = [(i, x) for i in range(s) for x in range(g) if i < s - 1 or x < g - missing]
    label = {point: k for k, point in enumerate(keep)}
    schedule = []
    for m in range(min(rounds, g)):
        tables = [[] for _ in range(g)]
        for i, x in keep:
            tables[add[mul[m][i]][x]].append(label[(i, x)])
        schedule.append(tuple(tuple(t) for t in tables))
    if rounds > g:  # g == s: the rows themselves are one more round
        schedule.append(tuple(tuple(range(i * g, i * g + g)) for i in range(s)))
    return tuple(schedule)


def design_rounds(tables: int, size: int, short: int = 0) -> int:
    """Return how many rounds the transversal design gives (0: none for these tables)."""
    if _prime_power(tables) is None or tables > 128 or size > tables or short >= tables:
        return 0
    return tables + (tables == size and not short)


def construct_uneven(tables: int, size: int, short: int, rounds: int) -> Schedule | None:
    """Return `rounds` repeat-free rounds of `tables` tables, `short` of them one seat short."""
    if short == 0:
        return construct(tables, size, rounds)
    found = _transversal(tables, size, rounds, short) if 0 < short < tables else None
    return [[list(t) for t in rnd] for rnd in found] if found else None


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


def construct_past_free(tables: int, size: int, rounds: int) -> Schedule | None:
    """Return `rounds` rounds past the repeat-free limit with the fewest repeats known, or None."""
    if (tables, size, rounds) == (6, 6, 4):
        return [[list(t) for t in rnd] for rnd in _officers()]
    return None


@lru_cache(maxsize=1)
def _officers() -> tuple:
    # Rows, columns and symbols of a Latin square of order 6 are 3 repeat-free rounds; a 4th
    # round's repeat-free tables are its transversals, and no square has more than 4 disjoint
    # ones. A square with 4, plus the 12 cells left split into 2 tables of one repeat each,
    # gives 2 repeats: the fewest possible (Euler's 36 officers).
    rng = random.Random(0)
    while True:
        square = _latin_square(6, rng)
        fourth = _near_mate(square)
        if fourth is not None:
            break
    rows = [[6 * r + c for c in range(6)] for r in range(6)]
    columns = [[6 * r + c for r in range(6)] for c in range(6)]
    cells = [(r, c) for r in range(6) for c in range(6)]
    symbols = [[6 * r + c for r, c in cells if square[r][c] == v] for v in range(6)]
    tables = [[6 * r + c for r, c in enumerate(perm)] for perm in fourth]
    return tuple(tuple(tuple(t) for t in rnd) for rnd in (rows, columns, symbols, tables))


def _latin_square(n: int, rng: random.Random) -> list[list[int]]:
    rows: list[list[int]] = []
    while len(rows) < n:
        row = rng.sample(range(n), n)
        if all(row[c] != other[c] for other in rows for c in range(n)):
            rows.append(row)
        elif rng.random() < 0.01:
            rows = []  # a dead end: no row fits under these ones often enough
    return rows


def _near_mate(square: list[list[int]]) -> list[tuple[int, ...]] | None:
    """Return 6 disjoint permutations (row -> column): 4 transversals, 2 with one repeat each."""
    n = len(square)

    def repeats(perm: tuple[int, ...]) -> int:
        return n - len({square[r][c] for r, c in enumerate(perm)})

    for four in combinations(_transversals(square), 4):
        if any(a[r] == b[r] for a, b in combinations(four, 2) for r in range(n)):
            continue
        left = [sorted(set(range(n)) - {p[r] for p in four}) for r in range(n)]
        for pick in range(2**n):
            one = tuple(left[r][(pick >> r) & 1] for r in range(n))
            other = tuple(left[r][1 - ((pick >> r) & 1)] for r in range(n))
            if len(set(one)) == n and repeats(one) == 1 and repeats(other) == 1:
                return [*four, one, other]
    return None


def _transversals(square: list[list[int]]) -> list[tuple[int, ...]]:
    n, found = len(square), []

    def extend(perm: tuple[int, ...], symbols: frozenset) -> None:
        if len(perm) == n:
            found.append(perm)
            return
        for c in range(n):
            v = square[len(perm)][c]
            if c not in perm and v not in symbols:
                extend((*perm, c), symbols | {v})

    extend((), frozenset())
    return found


@lru_cache(maxsize=1)
def _refilled_32() -> tuple | None:
    # 8 tables of 4 for 10 rounds, the social golfer problem's 8-4-10. Rows 0, 1, 2, 4 of a
    # transversal design over GF(8) give 8 rounds (person (i, x) sits at table m*row_i + x in
    # round m); keep the 5 with m not in {1, 2, 4} and refill the other 3 rounds' pairs plus
    # the same-row pairs with 5 rounds that a shift x -> x + c leaves unchanged, so the search
    # is over a few hundred orbits of tables. (These rows and slopes were picked by trying
    # small choices; an exact cover finds the refill for them.)
    add, mul = _field(8)
    rows, dropped = (0, 1, 2, 4), {1, 2, 4}
    kept = []
    for m in (m for m in range(8) if m not in dropped):
        tables = [[] for _ in range(8)]
        for i, a in enumerate(rows):
            for x in range(8):
                tables[add[mul[m][a]][x]].append(8 * i + x)
        kept.append(tuple(tuple(t) for t in tables))
    met = {pair for rnd in kept for t in rnd for pair in combinations(t, 2)}
    refill = _refill(met, 32, 10 - len(kept), lambda p, c: p - p % 8 + add[p % 8][c], 8)
    return (*kept, *refill) if refill is not None else None


def _refilled(tables: int, size: int, rounds: int) -> tuple | None:
    # Only 8 tables of 4 past the 8 rounds of the design over GF(8) so far.
    if (tables, size) != (8, 4) or not 8 < rounds <= 10:
        return None
    found = _refilled_32()
    return found[:rounds] if found else None


def _refill(
    met: set, n: int, rounds: int, shift: Callable[[int, int], int], shifts: int
) -> list | None:
    """Return rounds of 4-person tables made of whole shift orbits, meeting no pair twice."""
    new = {
        p: {q for q in range(n) if q != p and (min(p, q), max(p, q)) not in met} for p in range(n)
    }
    orbits = {}
    for a in range(n):
        later = sorted(q for q in new[a] if q > a)
        for b, c, d in combinations(later, 3):
            if c in new[b] and d in new[b] and d in new[c]:
                orbit = {tuple(sorted(shift(p, k) for p in (a, b, c, d))) for k in range(shifts)}
                if len({p for t in orbit for p in t}) == 4 * len(orbit):  # disjoint tables
                    orbits[min(orbit)] = sorted(orbit)
    options = {
        (r, key): [("seat", r, p) for t in orbit for p in t]
        + [("pair", q) for t in orbit for q in combinations(t, 2)]
        for r in range(rounds)
        for key, orbit in orbits.items()
    }
    seats = {("seat", r, p) for r in range(rounds) for p in range(n)}
    chosen = _exact_cover(options, seats)
    if chosen is None:
        return None
    return [tuple(t for (r2, key) in chosen if r2 == r for t in orbits[key]) for r in range(rounds)]


def _exact_cover(options: dict, primary: set) -> list | None:
    """Return option keys covering each primary item once and other items at most once."""
    holders: dict = {item: set() for item in primary}
    for key, items in options.items():
        for item in items:
            holders.setdefault(item, set()).add(key)
    chosen: list = []

    def take(key) -> list:
        removed = []
        for item in options[key]:
            for other in holders[item]:
                for item2 in options[other]:
                    if item2 != item:
                        holders[item2].discard(other)
            removed.append(holders.pop(item))
        return removed

    def give_back(key, removed: list) -> None:
        for item in reversed(options[key]):
            holders[item] = removed.pop()
            for other in holders[item]:
                for item2 in options[other]:
                    if item2 != item:
                        holders[item2].add(other)

    def search() -> bool:
        open_items = [item for item in holders if item in primary]
        if not open_items:
            return True
        item = min(open_items, key=lambda it: (len(holders[it]), it))
        for key in sorted(holders[item]):
            chosen.append(key)
            removed = take(key)
            if search():
                return True
            give_back(key, removed)
            chosen.pop()
        return False

    return chosen if search() else None
