"""Hosts: the people who run events from the admin pages.

- `accounts`: `create_host`, `host_by_email`, `authenticate` (Argon2id).
- `throttle`: `attempt`, `succeeded`: failed sign-ins counted per email and per address.
"""
