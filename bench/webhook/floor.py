"""A reference, not the product: a sign-up step's database round trips and nothing else.

The same statements per text as the real step (BEGIN; read the open events with this
number's sign-up, locked; write the sign-up; record the text with its reply; COMMIT), as
raw DBAPI calls on two small tables of its own, with no ORM, no signature check and no
conversation. It shows how much of a step the database itself costs under the same
gunicorn settings.
"""

import contextlib
import os
import sqlite3
import threading

from flask import Flask, Response, request

TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hi!</Message></Response>'
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS floor_text (id {serial} PRIMARY KEY, sid TEXT UNIQUE,"
    " body TEXT, reply TEXT)",
    "CREATE TABLE IF NOT EXISTS floor_person (id {serial} PRIMARY KEY, phone TEXT UNIQUE,"
    " steps INTEGER DEFAULT 0)",
)


class Floor:
    """One thread's connection and the step's statements in its driver's parameter style."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite"):
            self.db = sqlite3.connect(url.split("///", 1)[1], isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.begin, self.mark, self.lock, serial = "BEGIN IMMEDIATE", "?", "", "INTEGER"
        else:
            import psycopg

            self.db = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
            self.begin, self.mark, self.lock, serial = "BEGIN", "%s", " FOR UPDATE", "SERIAL"
        for statement in SCHEMA:
            with contextlib.suppress(Exception):  # the other worker made it at the same moment
                self.db.execute(statement.format(serial=serial))

    def step(self, sid: str, phone: str, body: str) -> None:
        m, run = self.mark, self.db.execute
        run(self.begin)
        rows = run(
            "SELECT event.id, event.name, event.code, person.id, person.steps FROM event"
            f" LEFT JOIN (SELECT id, steps FROM floor_person WHERE phone = {m}{self.lock})"
            " AS person ON true WHERE event.is_open",
            (phone,),
        ).fetchall()
        person = rows[0][3] if rows else None
        if person is None:
            run(f"INSERT INTO floor_person (phone) VALUES ({m})", (phone,))
        else:
            run(f"UPDATE floor_person SET steps = steps + 1 WHERE id = {m}", (person,))
        run(f"INSERT INTO floor_text (sid, body, reply) VALUES ({m}, {m}, 'Hi!')", (sid, body))
        run("COMMIT")


def create_app() -> Flask:
    """Build the reference app (one connection per worker thread, made on first use: a
    threaded worker's requests must not share one connection's transaction)."""
    app = Flask(__name__)
    local = threading.local()

    @app.post("/sms")
    def sms() -> Response:
        if not hasattr(local, "floor"):
            local.floor = Floor(os.environ["DATABASE_URL"])
        form = request.form
        local.floor.step(form["MessageSid"], form["From"], form["Body"])
        return Response(TWIML, mimetype="text/xml")

    return app
