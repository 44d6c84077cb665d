"""Seat a late arrival in the running round without breaking a hard rule."""

from collections.abc import Collection, Sequence

from workers.grouping.model import Person


def seat_late_arrival(
    person: Person,
    tables: Sequence[Sequence[Person]],
    history: Sequence[Sequence[Sequence[str]]] = (),
    *,
    capacities: Sequence[int] | None = None,
    table_size: int | None = None,
    pairs: Collection[tuple[str, str]] = (),
) -> int | None:
    """Return the table index for a late arrival, or None when no table can take them.

    Among the tables that break no hard rule, one holding a complementary partner (a pair in
    `pairs`, learner or teacher) comes first; then the one that shares fewest attributes.
    """
    met = {pid for rnd in history for table in rnd if person.id in table for pid in table}
    partners = {b if a == person.id else a for a, b in pairs if person.id in (a, b)}
    caps = list(capacities) if capacities is not None else [_cap(table_size)] * len(tables)
    room = [i for i, t in enumerate(tables) if len(t) < caps[i]]
    if not room:
        return None
    filled = [len(tables[i]) for i in room if tables[i]]
    smallest = min(filled, default=0)
    best, best_score = None, None
    for i in room:
        table = tables[i]
        if len(table) != smallest:
            continue  # sizes must stay within one of each other
        if any(p.id in met or p.apart & person.apart for p in table):
            continue
        alike = sum(p.attributes.get(k) == v for p in table for k, v in person.attributes.items())
        score = (-sum(p.id in partners for p in table), alike)
        if best_score is None or score < best_score:
            best, best_score = i, score
    return best


def _cap(table_size: int | None) -> int:
    # With only a size target a table may grow by one, as when the head count is uneven.
    return table_size + 1 if table_size else 10**9
