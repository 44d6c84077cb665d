"""Rows for the exports (CONTRACT.md's shapes), as plain data."""

import csv
import io
import json
import re
from collections.abc import Sequence

from sqlalchemy import orm, select
from sqlalchemy.orm import selectinload

from models import Attendee, Event, OutboundMessage, Round, Seat
from workers.rounds.seating import table_label


def attendee_rows(session: orm.Session, event: Event) -> list[dict[str, object]]:
    """Everyone who signed up for an event, in sign-up order."""
    questions = {q.id: q.text for q in event.questions}
    query = (
        select(Attendee)
        .where(Attendee.event_id == event.id)
        .options(selectinload(Attendee.answers))
        .order_by(Attendee.id)
    )
    return [
        {
            "id": a.id,
            "name": a.name,
            "phone": a.phone,
            "status": a.status,
            "intro": a.intro,
            "learn": a.learn,
            "teach": a.teach,
            "answers": {questions[x.question_id]: x.value for x in a.answers},
            "consent": bool(a.consent),
            "opted_out": a.opted_out,
            "walk_in": a.phone is None,  # added by the host by name, no phone
        }
        for a in session.scalars(query)
    ]


def table_rows(session: orm.Session, event: Event) -> list[dict[str, object]]:
    """Every table of every round: round number, the label texted (the host's label of a
    physical table, else its number), who sat there (ids, and their names in the same
    order, for printed cards)."""
    rounds = {
        rnd.number: rnd for rnd in session.scalars(select(Round).where(Round.event_id == event.id))
    }
    rows = session.execute(
        select(Round.number, Seat.table, Seat.attendee_id, Attendee.name)
        .join(Seat, Seat.round_id == Round.id)
        .join(Attendee, Attendee.id == Seat.attendee_id)
        .where(Round.event_id == event.id, Seat.table.is_not(None))
        .order_by(Round.number, Seat.table, Seat.attendee_id)
    )
    tables: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for number, table, attendee_id, name in rows:
        tables.setdefault((number, table), []).append((attendee_id, name or ""))
    return [
        {
            "round": number,
            "table": table_label(rounds[number], table),
            "attendee_ids": [attendee_id for attendee_id, _ in seated],
            "names": [name for _, name in seated],
        }
        for (number, table), seated in tables.items()
    ]


def message_rows(session: orm.Session, event: Event) -> list[dict[str, object]]:
    """Every text sent for an event, with its delivery status."""
    query = (
        select(OutboundMessage)
        .where(OutboundMessage.event_id == event.id)
        .order_by(OutboundMessage.id)
    )
    return [
        {
            "id": m.id,
            "to": m.to_number,
            "body": m.body,
            "kind": m.kind,
            "status": m.status,
            "twilio_sid": m.twilio_sid,
            "error_code": m.error_code,
        }
        for m in session.scalars(query)
    ]


def render(rows: Sequence[dict[str, object]], fmt: str) -> str:
    """Write rows as JSON, or as CSV with nested dicts spread into their own columns."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    flat = [_flatten(row) for row in rows]
    columns = list(dict.fromkeys(key for row in flat for key in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(map(defuse, columns))  # a host's question is a column's name
    writer.writerows([defuse(row.get(column, "")) for column in columns] for row in flat)
    return out.getvalue()


# What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list, with the
# full-width forms some spreadsheets also take).
FORMULA_START = tuple("=+-@\t\r") + tuple("＝＋－＠")
PHONE_NUMBER = re.compile(r"\+[1-9]\d{6,14}")


def defuse(value: object) -> object:
    """A cell that a spreadsheet would run as a formula, as text: a ' before it. Checked on
    the value as written, after every cleaning, so nothing upstream can undo it; a phone
    number in E.164 (+14165550123) stays as it is."""
    if not isinstance(value, str) or PHONE_NUMBER.fullmatch(value):
        return value
    if value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START):
        return "'" + value
    return value


def _flatten(row: dict[str, object]) -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update({f"{key}: {k}": v for k, v in value.items()})
        elif isinstance(value, list):
            # Names may hold spaces ("Ana María"): a comma tells them apart; ids a space.
            words = all(isinstance(item, str) for item in value)
            flat[key] = (", " if words and value else " ").join(map(str, value))
        else:
            flat[key] = value
    return flat
