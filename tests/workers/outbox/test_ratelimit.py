"""The shared texts-per-second limit, kept in Redis."""

import threading
import time

import pytest

from tests.helpers import busiest_window
from workers.outbox.ratelimit import MARGIN_SECONDS, wait_for_slot, window


def test_no_one_second_window_hands_off_more_than_the_limit_across_threads(redis):
    granted: list[float] = []
    lock = threading.Lock()

    def sender():
        for _ in range(10):
            wait_for_slot(redis, 10)
            with lock:
                granted.append(time.monotonic())

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(granted) == 40
    assert busiest_window(granted) <= 10
    # 40 texts at 10 per window: at least three full windows.
    assert max(granted) - min(granted) >= 3 * (1 + MARGIN_SECONDS) - 0.2


def test_a_burst_across_a_second_boundary_is_still_within_the_limit(redis):
    # The calendar-second counter let 10 at x.99 and 10 more at (x+1).01.
    while time.time() % 1 < 0.9:
        time.sleep(0.01)
    granted = []
    for _ in range(20):
        wait_for_slot(redis, 10)
        granted.append(time.monotonic())
    assert busiest_window(granted) <= 10


@pytest.mark.parametrize(
    ("rate", "seconds", "limit"), [(30, 1 + MARGIN_SECONDS, 30), (0.5, 2 + MARGIN_SECONDS, 1)]
)
def test_the_window_for_a_rate(rate, seconds, limit):
    assert window(rate) == (pytest.approx(seconds), limit)
