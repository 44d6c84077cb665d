"""Table sizes: as even as possible, from a size target or physical capacities."""

from collections.abc import Sequence
from math import ceil


def table_sizes(
    n_people: int, table_size: int | None = None, capacities: Sequence[int] | None = None
) -> list[int]:
    """Return how many people sit at each table; aligned with `capacities` when given."""
    if capacities is not None:
        return _fill_capacities(n_people, list(capacities), table_size)
    if table_size is None or table_size < 2:
        raise ValueError("table_size must be at least 2 (or give capacities)")
    if n_people == 0:
        return []
    n_tables = ceil(n_people / table_size)
    if table_size == 2 and n_people % 2:
        n_tables -= 1  # tables of 2 with an odd count: one table of 3, never a table of 1
    return _even(n_people, max(n_tables, 1))


def _even(n_people: int, n_tables: int) -> list[int]:
    q, r = divmod(n_people, n_tables)
    return [q + 1] * r + [q] * (n_tables - r)


def _fill_capacities(n_people: int, caps: list[int], table_size: int | None) -> list[int]:
    if any(c < 0 for c in caps):
        raise ValueError("capacities must not be negative")
    if sum(caps) < n_people:
        raise ValueError(f"{n_people} people but only {sum(caps)} seats")
    # Use every listed table unless that leaves tables of one (or exceeds the size target).
    order = sorted((i for i, c in enumerate(caps) if c > 0), key=lambda i: -caps[i])
    wanted = max(1, n_people // 2)
    if table_size:
        wanted = max(1, ceil(n_people / table_size))
    while len(order) > 1 and sum(caps[i] for i in order) >= n_people and len(order) > wanted:
        if sum(caps[i] for i in order[:-1]) < n_people:
            break
        order.pop()
    sizes = [0] * len(caps)
    remaining = n_people
    # Water-filling: the smallest tables first, each takes its fair share of what is left.
    for k, i in enumerate(sorted(order, key=lambda i: caps[i])):
        sizes[i] = min(caps[i], remaining // (len(order) - k))
        remaining -= sizes[i]
    return sizes
