"""Rounds: starting one, seating everyone present, and seating late arrivals.

- `starting`: `start_round(event_id, redis_url, number=None)` (idempotent by intent: one
  round per number), `progress`, `outbox_counts`.
- `seating`: the RQ job `plan(round_id)` (seat everyone with `workers.grouping` and write
  their texts to the outbox), `seat_late`, `running_round`, `table_now`, `table_label`,
  `present`.
- `clock`: the round clock, `ends_at(started_at, minutes)` and `minutes_left(...)`.

The table text itself is composed in `workers.texts.round_text`.
"""
