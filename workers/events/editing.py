"""Creating and changing events, and finding them by code."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, orm, select

from models import Event, Question, Round
from workers.events import event_hosts
from workers.texts.gsm import MAX_SEGMENTS, segments

ORG_QUESTION = "Where do you work or study? We seat colleagues apart."
CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,20}$")
# "apart": people with the same answer sit apart; "spread": mix answers across tables.
ROLES = ("apart", "spread")
TABLE_LINE = re.compile(r"^(?P<label>[^:=]+?)\s*[:=]\s*(?P<capacity>\d+)$")
MAX_QUESTIONS, MAX_CHOICES = 8, 10
MAX_INTROS = 5  # introductions per person and side an event may ask for
MAX_RETENTION_DAYS = 365


class EventError(ValueError):
    """An event cannot be created or found as asked."""


@dataclass
class QuestionSpec:
    """One question as the host wrote it; an existing question keeps its id (and answers)."""

    text: str
    choices: list[str] = field(default_factory=list)
    role: str = "spread"
    id: int | None = None


def parse_question(spec: str) -> tuple[str, list[str]]:
    """Split "Age range?|Under 25|25-39" into the question and its choices."""
    text, *choices = (part.strip() for part in spec.split("|"))
    if not text:
        raise EventError(f"question has no text: {spec!r}")
    return text, [c for c in choices if c]


def parse_choices(text: str) -> list[str]:
    """Split choices written one per line or separated by |."""
    return [part.strip() for part in re.split(r"[|\r\n]", text) if part.strip()]


def parse_tables(text: str) -> list[dict[str, Any]] | None:
    """Read "label: capacity" lines into the event's tables; None when there are none."""
    tables: list[dict[str, Any]] = []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        match = TABLE_LINE.match(line)
        if match is None:
            raise EventError(f'write each table as "label: seats", e.g. "7: 6", not "{line}"')
        label, capacity = match["label"].strip(), int(match["capacity"])
        if len(label) > 20:
            raise EventError(f'the table label "{label}" is too long (20 characters at most)')
        if not 2 <= capacity <= 50:
            raise EventError(f"table {label} must seat between 2 and 50 people")
        if any(t["label"].casefold() == label.casefold() for t in tables):
            raise EventError(f"table {label} is listed twice")
        tables.append({"label": label, "capacity": capacity})
    return tables or None


def format_tables(tables: Sequence[dict[str, Any]] | None) -> str:
    """Write the event's tables back as "label: capacity" lines."""
    return "\n".join(f"{t['label']}: {t['capacity']}" for t in tables or ())


def check_question(spec: QuestionSpec) -> None:
    """Refuse a question the sign-up conversation could not ask."""
    if not spec.text.strip():
        raise EventError("a question has choices but no text")
    if len(spec.text) > 300:
        raise EventError("a question can be 300 characters at most")
    if len(spec.choices) == 1:
        raise EventError(f'"{spec.text}" has one choice: give two or more, or none')
    if len(spec.choices) > MAX_CHOICES or any(len(c) > 40 for c in spec.choices):
        raise EventError(f'"{spec.text}" can have {MAX_CHOICES} choices of 40 characters at most')
    if spec.role not in ROLES:
        raise EventError(f"a question's role must be one of {', '.join(ROLES)}")


def _check(name: str, code: str, table_size: int, rounds: int) -> str:
    """Check the basic settings; return the code upper-cased."""
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        raise EventError("the code must be 2 to 20 letters or digits, e.g. FOLK")
    if not name.strip():
        raise EventError("the event needs a name")
    if len(name.strip()) > 80:
        raise EventError("the name can be 80 characters at most")
    if not 2 <= table_size <= 12:
        raise EventError("table size must be between 2 and 12")
    if not 1 <= rounds <= 10:
        raise EventError("rounds must be between 1 and 10")
    return code


def _check_code_free(session: orm.Session, code: str, event_id: int | None = None) -> None:
    taken = select(Event.id).where(func.upper(Event.code) == code, Event.id != (event_id or -1))
    if session.scalar(taken) is not None:
        raise EventError(f"an event with code {code} already exists")


def create_event(
    session: orm.Session,
    name: str,
    code: str,
    *,
    table_size: int = 5,
    rounds: int = 3,
    org_question: bool = True,
    questions: Sequence[str] = (),
    phone_number: str | None = None,
    double_opt_in: bool = False,
    max_intros: int = 2,
    owner_id: int | None = None,
) -> Event:
    """Add an event open for sign-up, owned by `owner_id` (by default the first host, or
    nobody until the first host is added); the caller commits."""
    code = _check(name, code, table_size, rounds)
    _check_code_free(session, code)
    event = Event(
        owner_id=owner_id if owner_id is not None else event_hosts.first_host_id(session),
        name=name.strip(),
        code=code,
        table_size=table_size,
        rounds=rounds,
        phone_number=phone_number,
        double_opt_in=double_opt_in,
        max_intros=max_intros,
    )
    specs = [QuestionSpec(ORG_QUESTION, [], "apart")] if org_question else []
    specs += [QuestionSpec(*parse_question(spec), "spread") for spec in questions]
    set_questions(event, specs)
    session.add(event)
    return event


def rounds_held(session: orm.Session, event: Event) -> int:
    """How many rounds of the event have started (0 before the first)."""
    return session.scalar(select(func.count(Round.id)).where(Round.event_id == event.id)) or 0


def question_specs(event: Event) -> list[QuestionSpec]:
    """The event's questions as specs, in order."""
    return [QuestionSpec(q.text, list(q.choices), q.role, q.id) for q in event.questions]


def update_event(
    session: orm.Session,
    event: Event,
    *,
    name: str,
    code: str,
    table_size: int,
    rounds: int,
    phone_number: str | None,
    questions: Sequence[QuestionSpec],
    tables: list[dict[str, Any]] | None,
    consent_text: str | None,
    double_opt_in: bool = False,
    max_intros: int = 2,
    retention_days: int = 30,
) -> Event:
    """Change an event's settings; the caller commits.

    Once a round has started, the table size and the questions are fixed: answers are
    stored per question and seating already used them, so changing them mid-event would
    mix people planned by different rules.
    """
    code = _check(name, code, table_size, rounds)
    _check_code_free(session, code, event.id)
    for spec in questions:
        check_question(spec)
    if consent_text is not None and segments(consent_text) > MAX_SEGMENTS:
        raise EventError(
            "the consent wording must fit two text messages: about 300 plain characters, "
            "fewer with emoji or curly quotes"
        )
    held = rounds_held(session, event)
    if held:
        if table_size != event.table_size:
            raise EventError(f"round {held} has started, so the table size can no longer change")
        if list(questions) != question_specs(event):
            raise EventError(f"round {held} has started, so the questions can no longer change")
        if rounds < held:
            raise EventError(f"{held} rounds have started, so rounds cannot be fewer than {held}")
    event.name, event.code, event.table_size, event.rounds = name.strip(), code, table_size, rounds
    event.phone_number, event.tables, event.consent_text = phone_number, tables, consent_text
    if not 0 <= max_intros <= MAX_INTROS:
        raise EventError(f"introductions per person must be 0 to {MAX_INTROS}")
    if not 1 <= retention_days <= MAX_RETENTION_DAYS:
        raise EventError(f"keep personal data for 1 to {MAX_RETENTION_DAYS} days")
    event.double_opt_in, event.max_intros = double_opt_in, max_intros
    event.retention_days = retention_days
    set_questions(event, questions)
    return event


def set_questions(event: Event, specs: Sequence[QuestionSpec]) -> None:
    """Make the event's questions these, in this order; kept questions keep their answers."""
    if len(specs) > MAX_QUESTIONS:
        raise EventError(f"an event can have {MAX_QUESTIONS} questions at most")
    existing = {q.id: q for q in event.questions if q.id is not None}
    kept = []
    for position, spec in enumerate(specs):
        question = existing.pop(spec.id, None) if spec.id is not None else None
        if question is None:
            question = Question()
        question.position, question.text = position, spec.text.strip()
        question.choices, question.role = list(spec.choices), spec.role
        kept.append(question)
    event.questions = kept  # questions left out are deleted, with their answers


def event_by_code(session: orm.Session, code: str) -> Event:
    """Find an event by its code, in any case."""
    event = session.scalar(select(Event).where(func.upper(Event.code) == code.strip().upper()))
    if event is None:
        raise EventError(f"no event with code {code.strip().upper()}")
    return event


def set_open(session: orm.Session, code: str, is_open: bool) -> Event:
    """Open or close sign-up by text; people already signed up keep their keywords."""
    event = event_by_code(session, code)
    event.is_open = is_open
    return event
