"""Events: creating and changing one, who runs it, what its dashboard shows, its exports.

- `editing`: `create_event`, `update_event`, `set_open`, `event_by_code` (the one lookup
  by code), `parse_tables`, `parse_question`; `EventError` for what a host must fix.
- `event_hosts`: the owner and co-hosts: `hosted_by`, `role`, `invite`, `remove`,
  `adopt_ownerless`.
- `event_status`: read models for the dashboard: `event_status`, `preview`, `delivery`,
  `retry_failed`, `table_cards`.
- `exports`: `attendee_rows`, `table_rows`, `message_rows`, `render` (CSV with formulas
  defused, or JSON).
- `broadcast`: `cost` then `broadcast(session, event, body)`, a short text to everyone
  present; `BroadcastError` says why one cannot go (GSM-7 or UCS-2 length).
- `event_log`: `record`, `lines`: what hosts changed at an event, who and when.
- `archive`: `archive`, `unarchive`, `delete` (the retention purge, at once): each logged.
"""
