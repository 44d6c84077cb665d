"""Introductions after the event: who meets whom to learn and teach, and how they agree.

- `sending`: `schedule(event_id, at, redis_url)` (now or at a time), `progress`,
  `match_rows` (with each introduction's status), `overview` (the host's page: rows, cost
  of the texts, the pairs just below the floor).
- `drops`: the host drops a planned pair before sending, undoes it, or lets others take
  the dropped pairs' places.
- `introductions`: the RQ jobs `embed_answers(attendee_id)` (a learn/teach answer's
  vector, after the text) and `send(event_id, token)` (choose and text the
  introductions, or offers when the event asks for double opt-in); `choose`, `eligible`,
  `outgoing` (the exact texts a run writes), `near_misses`.
- `reembedding`: the RQ job `reembed_stale` (vectors stored by an earlier matcher version,
  made again in batches) and `queue_if_stale`, which a starting worker calls.
- `assignment`: `match_pairs`, a greedy max-weight b-matching over match scores (pure).
- `offers`: `answer(...)`, a "YES 1"/"NO 1" to an offer, and the introduction it makes.

Scoring lives in `workers.matching`; the texts' copy in `workers.texts.match_text`.
"""
