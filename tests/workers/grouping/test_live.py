"""Seating a late arrival in the running round."""

import pytest

from workers.grouping import Person, seat_late_arrival


def table(*ids, org=None):
    return [Person(i, apart=frozenset({org}) if org else frozenset()) for i in ids]


def test_takes_the_smallest_table_without_a_colleague_or_old_tablemate():
    tables = [table("a", "b", "c"), table("d", "e", org="org:x"), table("f", "g")]
    late = Person("z", apart=frozenset({"org:x"}))
    history = [[["z", "f", "a"], ["b", "c", "d", "e", "g"]]]
    assert (
        seat_late_arrival(late, tables, history, table_size=3) is None
    )  # f, d-e, a: all ruled out
    assert seat_late_arrival(late, tables, [], table_size=3) == 2
    assert seat_late_arrival(Person("y"), tables, history, table_size=3) == 1


def test_respects_capacities_and_even_sizes():
    tables = [table("a", "b"), table("c", "d", "e"), table("f", "g")]
    assert seat_late_arrival(Person("z"), tables, capacities=[2, 4, 3]) == 2
    assert seat_late_arrival(Person("z"), tables, capacities=[2, 4, 2]) == 1
    assert seat_late_arrival(Person("z"), tables, capacities=[2, 3, 2]) is None


def test_prefers_the_table_that_lacks_their_attribute():
    young = [Person(i, attributes={"age": "young"}) for i in "ab"]
    old = [Person(i, attributes={"age": "old"}) for i in "cd"]
    late = Person("z", attributes={"age": "young"})
    assert seat_late_arrival(late, [young, old], table_size=4) == 1


@pytest.mark.parametrize("n", [1000])
def test_large_room(n):
    tables = [table(*(f"p{t}-{k}" for k in range(5))) for t in range(n // 5)]
    tables[-1].pop()
    history = [[[p.id for p in t] for t in tables]]
    assert seat_late_arrival(Person("z"), tables, history, table_size=5) == n // 5 - 1


def test_prefers_a_table_with_a_complementary_partner():
    tables = [table("a", "b"), table("c", "d"), table("e", "f", org="org:x")]
    late = Person("z", apart=frozenset({"org:x"}))
    assert seat_late_arrival(late, tables, table_size=4) == 0
    assert seat_late_arrival(late, tables, table_size=4, pairs=[("d", "z")]) == 1
    assert seat_late_arrival(late, tables, table_size=4, pairs=[("z", "c")]) == 1
    # A partner at a table the rules rule out does not draw them there.
    assert seat_late_arrival(late, tables, table_size=4, pairs=[("z", "e")]) == 0
    history = [[["z", "d"]]]
    assert seat_late_arrival(late, tables, history, table_size=4, pairs=[("d", "z")]) == 0
