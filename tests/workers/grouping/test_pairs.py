"""Pairs glued before the search: together once, one per table and person in a round,
spread over the rounds, never where the pair alone breaks the mix."""

import numpy as np

from workers.grouping import Person, plan_rounds
from workers.grouping.mix import spreads
from workers.grouping.pairs import GLUE_UP_TO, glue_pairs, worth_gluing
from workers.grouping.search import Search


def partners_of(n, pairs):
    partners = np.zeros((n, n), dtype=np.int8)
    for a, b in pairs:
        partners[a, b] = partners[b, a] = 1
    return partners


def start(rounds, n, tables):
    return np.array([[(p + r) % tables for p in range(n)] for r in range(rounds)])


def test_each_pair_sits_together_once_one_to_a_table_spread_over_the_rounds():
    n, tables, rounds = 20, 4, 3
    pairs = [(0, 1), (0, 2), (0, 3), (4, 9), (5, 10), (6, 11), (7, 12)]
    seats = start(rounds, n, tables)
    glued = glue_pairs(seats, partners_of(n, pairs), [], [5] * tables)
    for a, b in pairs:
        assert any(seats[r, a] == seats[r, b] and glued[r, a] and glued[r, b] for r in range(3))
    for r in range(rounds):
        assert np.bincount(seats[r], minlength=tables).tolist() == [5] * tables  # sizes kept
        held = np.bincount(seats[r][glued[r]], minlength=tables)
        assert set(held.tolist()) <= {0, 2}  # at most one pair a table
    assert sorted(glued.sum(1) // 2) == [2, 2, 3]  # 7 pairs over 3 rounds
    assert glued[:, 0].sum() == 3  # person 0's three pairs: one a round


def test_frozen_rounds_are_left_as_built():
    n, tables = 10, 2
    seats = start(2, n, tables)
    before = seats[0].copy()
    glued = glue_pairs(seats, partners_of(n, [(0, 1), (2, 3)]), [], [5, 5], frozen=1)
    assert (seats[0] == before).all() and not glued[0].any()
    assert seats[1, 0] == seats[1, 1] and seats[1, 2] == seats[1, 3]


def test_a_pair_that_alone_breaks_the_mix_is_not_glued():
    # Two of the ten are 60+: each table's share is one, so the two never share a table.
    ages = ["60+", "60+"] + ["30s"] * 8
    targets = spreads({"age": ages}, [5, 5])
    seats = start(1, 10, 2)
    assert not glue_pairs(seats, partners_of(10, [(0, 1)]), targets, [5, 5]).any()
    people = [Person(str(i), attributes={"age": age}) for i, age in enumerate(ages)]
    plan = plan_rounds(people, rounds=1, table_size=5, seed=0, pairs=[("0", "1")])
    assert plan.metrics["mix"]["age"] == 1.0 and plan.metrics["pairs_met"] == 0


def test_small_rooms_with_some_pairs_are_glued():
    assert worth_gluing(partners_of(30, [(0, 1)]))
    assert not worth_gluing(partners_of(30, []))
    assert not worth_gluing(partners_of(GLUE_UP_TO + 1, [(0, 1)]))
    everyone = [(a, b) for a in range(10) for b in range(a + 1, 10)]  # 45 pairs for 10 people
    assert not worth_gluing(partners_of(10, everyone))


def test_the_search_keeps_glued_people_in_their_seats():
    n, tables, rounds = 30, 6, 3
    targets = spreads({"age": ["ab"[i % 3 == 0] for i in range(n)]}, [5] * tables)
    seats = start(rounds, n, tables)  # full of repeats for the search to undo
    glued = glue_pairs(seats, partners_of(n, [(k, k + 10) for k in range(10)]), targets, [5] * 6)
    held = np.where(glued, seats, -1)
    base = np.zeros((n, n), dtype=np.int64)
    search = Search(base, [5] * tables, seats, targets, np.zeros(n, dtype=np.int64),
                    np.random.default_rng(0), 0, glued)  # fmt: skip
    search.improve(5000)
    assert search.hard_cost() == 0  # the others moved
    assert (np.where(glued, search.seats, -1) == held).all()  # the glued did not


def test_a_pair_never_breaks_a_hard_rule():
    # Two tables of two: seating the pair together would leave the colleagues together.
    people = [Person("0", apart=frozenset({"org:0"})), Person("1", apart=frozenset({"org:0"}))]
    people += [Person("2"), Person("3")]
    plan = plan_rounds(people, rounds=1, table_size=2, seed=0, pairs=[("2", "3")])
    assert plan.metrics["apart_violations"] == 0 and plan.metrics["pairs_met"] == 0
