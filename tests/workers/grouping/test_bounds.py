"""Feasibility bounds and table sizes: fast, exact on the classic cases, host-readable."""

import pytest

from workers.grouping import feasibility, table_sizes


@pytest.mark.parametrize(
    ("tables", "size", "rounds", "bound", "lower", "words"),
    [
        (5, 3, 7, 7, 0, None),
        (8, 4, 10, 10, 0, None),
        (8, 4, 11, 10, 32, "each person meets 3 new people per round"),
        (6, 6, 4, 3, 2, "36 officers"),
        (6, 6, 5, 3, 2, "36 officers"),
        (6, 6, 3, 3, 0, None),
        (4, 5, 2, 1, 4, "only 4 tables"),
        (10, 10, 11, 9, 1, "order 10"),
        (14, 14, 15, 13, 1, "Bruck-Ryser"),
        (7, 7, 8, 8, 0, None),
    ],
)
def test_golfer_bounds(tables, size, rounds, bound, lower, words):
    result = feasibility([size] * tables, rounds)  # its speed: bench/grouping/golfers.py
    assert result.repeat_free_rounds == bound
    assert result.repeat_lower_bound == lower
    if words is None:
        assert result.reason is None
    else:
        assert words in result.reason
        assert result.reason.startswith(f"At most {bound} round")
        assert result.reason.endswith(".") and result.reason.count(". ") == 0


def test_history_and_apart_groups_lower_the_bound():
    # Person 0 already met or must avoid 6 of the 8 others: one more table of 3 at most.
    result = feasibility([3, 3, 3], 2, blocked_degree=[6] + [1] * 8, blocked_pairs=7)
    assert result.repeat_free_rounds == 1
    assert "already met or must avoid 6 of the 8 others" in result.reason


def test_a_big_group_cannot_be_kept_apart():
    result = feasibility([4] * 3, 1, largest_apart=("org:acme", 4), blocked_pairs=6)
    assert (
        result.reason == "The 4 people marked 'org:acme' cannot all be kept apart at only 3 tables."
    )


def test_history_tables_larger_than_the_table_count():
    result = feasibility([5, 5], 1, largest_clique=3, blocked_pairs=3)
    assert result.repeat_free_rounds == 0
    assert "3 people who already sat together cannot be split over 2 tables" in result.reason


@pytest.mark.parametrize(
    ("n", "size", "expected"),
    [
        (0, 4, []),
        (1, 4, [1]),
        (12, 4, [4, 4, 4]),
        (13, 4, [4, 3, 3, 3]),
        (23, 5, [5, 5, 5, 4, 4]),
        (7, 2, [3, 2, 2]),
        (5, 6, [5]),
    ],
)
def test_table_sizes_from_a_target(n, size, expected):
    assert table_sizes(n, size) == expected


@pytest.mark.parametrize(
    ("n", "caps", "expected"),
    [
        (20, [4, 4, 8, 8], [4, 4, 6, 6]),
        (22, [8, 8, 8], [7, 7, 8]),
        (6, [6, 6, 6, 6, 6], [2, 2, 2, 0, 0]),
        (10, [10, 2], [8, 2]),
    ],
)
def test_table_sizes_from_capacities(n, caps, expected):
    assert table_sizes(n, capacities=caps) == expected


def test_table_sizes_rejects_too_few_seats():
    with pytest.raises(ValueError, match="only 8 seats"):
        table_sizes(9, capacities=[4, 4])
    with pytest.raises(ValueError, match="at least 2"):
        table_sizes(9, 1)


def test_a_round_after_others_that_cannot_avoid_repeats_says_so_plainly():
    # Eight people at two tables, after a round: four who sat together must meet again.
    result = feasibility([4, 4], 1, blocked_degree=[3] * 8, blocked_pairs=12, largest_clique=4)
    assert result.repeat_free_rounds == 0
    assert result.reason.startswith("Some repeat meetings cannot be avoided this round: ")
    assert "0 rounds" not in result.reason
