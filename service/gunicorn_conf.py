"""gunicorn's settings for the web process (the Procfile runs `gunicorn -c
python:service.gunicorn_conf 'service:create_app()'`).

Threaded workers: a client that sends its request slowly (a bad connection, or an attacker
trickling a forged webhook a byte a second) holds one thread, not a whole worker, so a real
text from Twilio, which gives up after 15 s, is answered by another thread. With sync
workers two such clients held both workers and a real text waited 30 s.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "8"))
# A worker whose main loop stalls this long is restarted (threads keep it beating).
timeout = 30
# One request per connection, as the sync workers did: behind a platform's router the
# client's keep-alive ends at the router, and a closed connection never has a body that
# the app refused (413) left to drain.
keepalive = 0
accesslog = "-"
