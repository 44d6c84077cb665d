"""The copy of every text we send, and its SMS arithmetic. Pure: strings in, strings out.

- `replies`: every answer to an inbound text, in one place.
- `round_text`: `round_text`, `sit_out_text`: a person's table, within two segments.
- `match_text`: `match_text`, `offer_text`, `no_match_text`: the introductions.
- `display_names`: `display_name`, `first_name`, `fold`: how a name appears to others.
- `gsm`: `is_gsm7`, `segments`, `fill`, `shorten`: GSM-7 or UCS-2, and fitting a budget.
"""
