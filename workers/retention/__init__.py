"""Retention: erasing people, and events whose retention has passed.

- `erasure`: `erase_people(session, ids)`: the one erasure (DELETE, purge, `event purge`).
- `purge`: `purge(session, event_id)`, `erase_stray_texts`: an event's personal data
  erased, anonymous counts kept.
- `expiry`: `due`, `purge_due`: which events are due, run by the worker's sweeper.
"""
