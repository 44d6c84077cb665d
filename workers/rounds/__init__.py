"""Rounds: starting one, seating everyone present, and seating late arrivals.

- `starting`: `start_round(event_id, redis_url, number=None, plan=None)` (idempotent by
  intent: one round per number; plan: the digest of the stored plan the host confirmed),
  `progress`, `outbox_counts`.
- `seating`: the RQ job `plan(round_id, stored=None)` (seat the stored plan, or everyone
  with `workers.grouping`, and write their texts to the outbox), `adjust` (a stored plan
  brought up to date for who arrived or left), `compose` (a round's texts), `seat_late`,
  `running_round`, `table_now`, `table_label`, `present`.
- `stored_plan`: the plan the host's preview showed, kept on the event with its digest.
- `clock`: the round clock, `ends_at(started_at, minutes)` and `minutes_left(...)`.
- `learn_teach`: `room_scores(session, people)`: the room's learn/teach vectors, giving
  one table's pairs at or above the introduction floor (`at_table`) and the pairs the
  engine brings together (`best_pairs`).
- `talk_about`: `table_lines(table, pairs)` (pure): each person's learn/teach line.

The table text itself is composed in `workers.texts.round_text`.
"""
