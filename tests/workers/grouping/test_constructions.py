"""Constructions: finite-field transversal designs (also a seat short), stored schedules."""

from collections import Counter
from itertools import combinations

import pytest

from workers.grouping import Person, plan_rounds, table_sizes
from workers.grouping.constructions import construct, construct_past_free, construct_uneven


def check(schedule, sizes):
    n = sum(sizes)
    pairs = Counter()
    for rnd in schedule:
        assert sorted(p for t in rnd for p in t) == list(range(n))
        assert sorted(len(t) for t in rnd) == sorted(sizes)
        for t in rnd:
            pairs.update(combinations(sorted(t), 2))
    assert max(pairs.values(), default=1) == 1


@pytest.mark.parametrize(
    ("tables", "size", "rounds"), [(4, 4, 5), (8, 4, 8), (9, 6, 9), (8, 8, 9), (16, 4, 16)]
)
def test_prime_power_transversal_designs(tables, size, rounds):
    check(construct(tables, size, rounds), [size] * tables)


@pytest.mark.parametrize("rounds", [9, 10])
def test_thirty_two_people_at_tables_of_four_for_ten_rounds(rounds):
    # The social golfer problem's 8-4-10: a design over GF(8) with 3 rounds refilled.
    check(construct(8, 4, rounds), [4] * 8)


@pytest.mark.parametrize(
    ("tables", "size", "short", "rounds"),
    [(7, 6, 5, 7), (17, 6, 3, 17), (8, 5, 3, 8), (9, 6, 4, 9), (13, 4, 2, 13), (25, 4, 1, 25)],
)
def test_designs_with_tables_a_seat_short(tables, size, short, rounds):
    sizes = [size] * (tables - short) + [size - 1] * short
    check(construct_uneven(tables, size, short, rounds), sizes)


def test_one_round_more_than_the_design_has_is_refused():
    assert construct_uneven(7, 6, 5, 8) is None


@pytest.mark.parametrize(("n", "size", "rounds"), [(37, 6, 7), (50, 6, 9), (37, 5, 8), (50, 4, 13)])
def test_small_rooms_with_uneven_tables_reach_the_design(n, size, rounds):
    people = [Person(f"p{i}") for i in range(n)]
    plan = plan_rounds(people, rounds=rounds, table_size=size, seed=2)
    assert plan.metrics["repeat_pairs"] == 0
    sizes = sorted(table_sizes(n, size))
    for rnd in plan.rounds:
        assert sorted(len(t) for t in rnd) == sizes
        assert sorted(x for t in rnd for x in t) == sorted(p.id for p in people)


def test_six_tables_of_six_for_four_rounds_repeat_twice():
    # Euler's 36 officers: 3 repeat-free rounds at most, and a 4th adds at least 2 repeats.
    schedule = construct_past_free(6, 6, 4)
    pairs = Counter()
    repeats = 0
    for rnd in schedule:
        assert sorted(p for t in rnd for p in t) == list(range(36))
        assert [len(t) for t in rnd] == [6] * 6
        for t in rnd:
            for pair in combinations(sorted(t), 2):
                repeats += pairs[pair] > 0
                pairs[pair] += 1
    assert repeats == 2
    assert max(pairs.values()) == 2
