from datetime import UTC, datetime, timedelta

import pytest

from workers.rounds.clock import ends_at, minutes_left

START = datetime(2026, 12, 5, 19, 0, tzinfo=UTC)


def test_a_round_ends_its_length_after_it_started():
    assert ends_at(START, 12) == datetime(2026, 12, 5, 19, 12, tzinfo=UTC)


@pytest.mark.parametrize("minutes", [None, 0, -5])
def test_no_length_means_no_clock(minutes):
    assert ends_at(START, minutes) is None
    assert minutes_left(START, minutes, START) is None


@pytest.mark.parametrize(
    ("elapsed", "left"),
    [
        (timedelta(0), 10),
        (timedelta(seconds=1), 10),  # 9 min 59 s left: rounded up
        (timedelta(seconds=59), 10),
        (timedelta(minutes=1), 9),
        (timedelta(minutes=9, seconds=30), 1),  # 30 s left still shows a minute
        (timedelta(minutes=10), 0),
        (timedelta(minutes=25), 0),  # over: never negative
        (timedelta(minutes=-2), 12),  # a clock behind the database's still counts sensibly
    ],
)
def test_minutes_left_round_up_and_stop_at_zero(elapsed, left):
    assert minutes_left(START, 10, START + elapsed) == left


def test_naive_times_as_sqlite_returns_them_work_alike():
    naive = START.replace(tzinfo=None)
    assert minutes_left(naive, 10, naive + timedelta(minutes=4)) == 6
