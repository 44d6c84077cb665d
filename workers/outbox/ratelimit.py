"""A texts-per-second ceiling shared by every worker, kept in Redis.

A sender's throughput is a hard limit at the carrier, over any one-second window, not an
average: a limit counted per calendar second let a burst at the end of one second and
another at the start of the next hand Twilio nearly twice the limit within one second. So
the limit slides: each text takes a slot, stamped with Redis's clock (one clock for every
worker on every machine), and a slot is granted only while fewer than the limit were
granted in the window before it. Each text takes its slot just before its request to
Twilio, so the requests keep the grants' spacing; the window is a little longer than a
second (MARGIN_SECONDS) so that a request that reaches Twilio up to that much later than
its grant (a busy machine, the network) still cannot crowd a second. The price: a steady
stream runs at limit / (1 + MARGIN_SECONDS), 40 a second set is about 33 sent.
"""

import math
import time
import uuid

from redis import Redis

KEY = "tablemates:sent-window"
MARGIN_SECONDS = 0.2

# KEYS[1]: the sorted set of grants (member: a token, score: the grant's time in seconds).
# ARGV: the window in seconds, the limit, this grant's token. Returns 0 when granted, or the
# milliseconds until the oldest grant leaves the window.
TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) * 1000))
"""


def window(per_second: float) -> tuple[float, int]:
    """The sliding window (seconds) and how many texts it may hold, for a rate: 30/s is 30
    in 1.2 s; 0.5/s (one text every two seconds) is 1 in 2.2 s."""
    limit = max(1, math.floor(per_second))
    return limit / per_second + MARGIN_SECONDS, limit


def wait_for_slot(connection: Redis, per_second: float) -> None:
    """Block until this process may hand one more text to the provider."""
    seconds, limit = window(per_second)
    take = connection.register_script(TAKE_SLOT)
    token = uuid.uuid4().hex
    while True:
        wait_ms = int(take(keys=[KEY], args=[seconds, limit, token]))
        if wait_ms == 0:
            return
        time.sleep(wait_ms / 1000)
