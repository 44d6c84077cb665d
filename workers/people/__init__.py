"""People as numbers: phone numbers, opt-outs, simulated attendees for rehearsals, and
what a host fixes about people on the night.

- `phones`: `to_e164`, `region_of`, `mask`, `last_four`, `is_simulated`.
- `optouts`: `set_opted_out`: one opt-out record per number (STOP, or Twilio's 21610).
- `host_changes`: `rename`, `mark_left`, `mark_back`, `add_walk_in` (no phone), each
  written to the event log.
- `simulated_people`: `simulated_people`, `sign_up_texts` for the simulator and
  `tablemates simulate`.
"""
