"""The shared texts-per-second limit, kept in Redis."""

import threading
from collections import Counter

from workers.ratelimit import wait_for_slot


def test_no_second_hands_off_more_than_the_limit_across_threads(redis):
    seconds = []
    lock = threading.Lock()

    def sender():
        for _ in range(8):
            granted = wait_for_slot(redis, 10)
            with lock:
                seconds.append(granted)

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    per_second = Counter(seconds)
    assert len(seconds) == 24
    assert max(per_second.values()) <= 10
    assert len(per_second) >= 3  # 24 texts at 10 a second span at least three seconds
