"""People as numbers: phone numbers, opt-outs, and simulated attendees for rehearsals.

- `phones`: `to_e164`, `region_of`, `mask`, `last_four`, `is_simulated`.
- `optouts`: `set_opted_out`: one opt-out record per number (STOP, or Twilio's 21610).
- `simulated_people`: `simulated_people`, `sign_up_texts` for the simulator and
  `tablemates simulate`.
"""
