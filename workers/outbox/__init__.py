"""The outbox: every text the service sends, queued once and handed to Twilio exactly once.

- `writer`: `add_texts(session, texts)` with `Text` and the `Kind` enum: the one writer.
- `delivery`: `enqueue(ids)`, the RQ job `deliver(ids)`, `sweep` (texts never handed off).
- `ratelimit`: `wait_for_slot`, one texts-per-second ceiling shared by every worker.
- `twilio_seam`: `make_client`, `send`, `find_sent`: the one module that imports Twilio.
- `delivery_reports`: `record_status`, `settle_reports`: a status only moves forward.
"""
