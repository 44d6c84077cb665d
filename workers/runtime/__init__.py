"""Running the jobs: Redis, the RQ queue and the worker process.

- `queues`: `connect`, `queue`, `commit_then_enqueue` (commit, then enqueue; undo when
  Redis is lost in between), `QueueUnreachable`.
- `process`: `run`: the worker (`python -m workers`), the outbox sweeper and the
  scheduler, stopping soon after SIGTERM.
- `moved_jobs`: `requeue_moved`: jobs queued under a path a deploy moved.
- `embedded_redis`: `EmbeddedRedis` for a laptop with no Redis server.
"""
