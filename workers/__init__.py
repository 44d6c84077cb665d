"""The domain: everything that decides and does, and the RQ jobs. No Flask here.

One folder per product concept:

- `events/`: an event, who runs it, what its dashboard shows, exports, broadcasts;
- `hosts/`: host accounts and the sign-in throttle;
- `rounds/`: starting a round, seating everyone, seating late arrivals;
- `grouping/`: the pure seating engine (tables of strangers, well mixed);
- `intros/`: learn/teach introductions after the event, and double opt-in offers;
- `matching/`: scoring a "learn" answer against a "teach" answer;
- `outbox/`: every text we send: queued once, handed to Twilio exactly once, reports;
- `texts/`: the copy of every text and its GSM-7/UCS-2 arithmetic (pure);
- `people/`: phone numbers, opt-outs, simulated attendees;
- `retention/`: erasing people, purging events whose retention has passed;
- `settings/`: configuration from the environment, and logging;
- `runtime/`: Redis, the RQ queue and the worker process (`python -m workers`).
"""
