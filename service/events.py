"""Creating events and finding them by code."""

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session as SessionType

from models import Event, Question

ORG_QUESTION = "Where do you work or study? We seat colleagues apart."
CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,20}$")


class EventError(ValueError):
    """An event cannot be created or found as asked."""


def parse_question(spec: str) -> tuple[str, list[str]]:
    """Split "Age range?|Under 25|25-39" into the question and its choices."""
    text, *choices = (part.strip() for part in spec.split("|"))
    if not text:
        raise EventError(f"question has no text: {spec!r}")
    return text, [c for c in choices if c]


def create_event(
    session: SessionType,
    name: str,
    code: str,
    *,
    table_size: int = 5,
    rounds: int = 3,
    org_question: bool = True,
    questions: Sequence[str] = (),
    phone_number: str | None = None,
) -> Event:
    """Add an event open for sign-up; the caller commits."""
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        raise EventError("the code must be 2 to 20 letters or digits, e.g. FOLK")
    if not name.strip():
        raise EventError("the event needs a name")
    if not 2 <= table_size <= 12:
        raise EventError("table size must be between 2 and 12")
    if not 1 <= rounds <= 10:
        raise EventError("rounds must be between 1 and 10")
    if session.scalar(select(Event.id).where(func.upper(Event.code) == code)) is not None:
        raise EventError(f"an event with code {code} already exists")
    event = Event(
        name=name.strip(),
        code=code,
        table_size=table_size,
        rounds=rounds,
        phone_number=phone_number,
    )
    specs = [(ORG_QUESTION, [], "apart")] if org_question else []
    specs += [(*parse_question(spec), "spread") for spec in questions]
    for position, (text, choices, role) in enumerate(specs):
        event.questions.append(Question(position=position, text=text, choices=choices, role=role))
    session.add(event)
    return event


def event_by_code(session: SessionType, code: str) -> Event:
    """Find an event by its code, in any case."""
    event = session.scalar(select(Event).where(func.upper(Event.code) == code.strip().upper()))
    if event is None:
        raise EventError(f"no event with code {code.strip().upper()}")
    return event
