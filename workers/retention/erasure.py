"""Erasing people: the one function that DELETE, the retention purge and `event purge` use.

A person is erased from every row that carries their number or their name:
- their sign-up, answers, answer vectors, seats, offers, the match-ups they are in
  (whose learn/teach are their words), and the event log's lines about them (a rename
  names them);
- every text from them or to them at that event, and their texts that belong to no event
  (STOP, texts while nothing was open) unless they are signed up at an event that still
  holds personal data;
- a round's note that names them (who arrived or left since the preview);
- other people's texts that name them (a round text "You're with Ana, ..."; an
  introduction with their number and their intro): their name, number and intro are
  replaced there, so the other person's record stays readable.

Kept: `opt_out` (a STOP is honoured forever, as carriers require; nothing links it to an
event) and the MessageSid of texts still needed to recognise Twilio's retries (the caller
records the DELETE text itself with its number blanked).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, or_, orm, select, update

from models import (
    Answer,
    AnswerVector,
    Attendee,
    Event,
    EventLog,
    InboundMessage,
    Match,
    MatchOffer,
    OutboundMessage,
    Round,
    Seat,
)
from workers.texts.display_names import display_name, fold
from workers.texts.match_text import readable

attendee, inbound, outbound = (
    Attendee.__table__,
    InboundMessage.__table__,
    OutboundMessage.__table__,
)
NAME_ERASED = "someone"
NUMBER_ERASED = "(number erased)"
WORDS_ERASED = "(erased)"
SHORTEST_NAME = 2  # a one-letter "name" is not looked for in other people's texts


@dataclass(frozen=True)
class PersonErased:
    """What identifies someone in a text: every form their name and number take there."""

    names: tuple[str, ...]
    numbers: tuple[str, ...]
    # Their intro as they typed it. Not their learn/teach: "python" in someone else's text
    # names nobody, and erasing it would garble everyone's introductions.
    words: tuple[str, ...]

    @classmethod
    def of(
        cls,
        name: str | None,
        phone: str,
        intro: str | None = None,
    ) -> "PersonErased":
        names = {name or "", display_name(name or ""), fold(display_name(name or ""))}
        numbers = {phone, readable(phone)}
        words = {" ".join(intro.split())} if intro and len(intro.strip()) > 2 else set()
        return cls(
            names=tuple(sorted((n for n in names if len(n) >= SHORTEST_NAME), key=len)[::-1]),
            numbers=tuple(sorted((n for n in numbers if n), key=len)[::-1]),
            words=tuple(sorted(words, key=len)[::-1]),
        )


def redact(text: str, person: PersonErased) -> str:
    """The text with the person's intro line, intro, number and name taken out."""
    for name in person.names:
        # An introduction's line with their intro: ' Ana says: "..."' goes whole.
        text = re.sub(rf' {re.escape(name)} says: "[^"]*"', "", text)
    for words in person.words:
        text = re.sub(re.escape(" ".join(words.split())), WORDS_ERASED, text, flags=re.I)
    for number in person.numbers:
        text = text.replace(number, NUMBER_ERASED)
    for name in person.names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME_ERASED, text)
    return text


def mentions(text: str, person: PersonErased) -> bool:
    return redact(text, person) != text


def erase_people(session: orm.Session, attendee_ids: Iterable[int]) -> None:
    """Erase these sign-ups and every trace of them (see the module's docstring). The
    caller commits."""
    ids = list(attendee_ids)
    if not ids:
        return
    people = session.execute(
        select(
            attendee.c.id,
            attendee.c.event_id,
            attendee.c.phone,
            attendee.c.name,
            attendee.c.intro,
        ).where(attendee.c.id.in_(ids))
    ).all()
    if not people:
        return
    phones = {p.phone for p in people}
    # A number still signed up at another event that holds personal data keeps its texts
    # that belong to no event until that event is erased too.
    elsewhere = set(
        session.scalars(
            select(attendee.c.phone)
            .join(Event.__table__, Event.id == attendee.c.event_id)
            .where(
                attendee.c.phone.in_(phones),
                attendee.c.id.not_in(ids),
                Event.purged_at.is_(None),
            )
        )
    )
    stray = phones - elsewhere
    phones_at: dict[int, set[str]] = {}
    for p in people:
        phones_at.setdefault(p.event_id, set()).add(p.phone)
    own_texts_in = or_(
        inbound.c.attendee_id.in_(ids),
        *(
            (inbound.c.event_id == event_id) & inbound.c.from_number.in_(numbers)
            for event_id, numbers in phones_at.items()
        ),
        inbound.c.event_id.is_(None) & inbound.c.from_number.in_(stray),
    )
    own_texts_out = or_(
        outbound.c.attendee_id.in_(ids),
        *(
            (outbound.c.event_id == event_id) & outbound.c.to_number.in_(numbers)
            for event_id, numbers in phones_at.items()
        ),
    )
    session.execute(delete(inbound).where(own_texts_in))
    session.execute(delete(outbound).where(own_texts_out))
    _redact_others(session, people, _former_names(session, ids))
    in_matches = or_(Match.learner_id.in_(ids), Match.teacher_id.in_(ids))
    matches = select(Match.id).where(in_matches)
    session.execute(delete(MatchOffer.__table__).where(MatchOffer.match_id.in_(matches)))
    session.execute(delete(MatchOffer.__table__).where(MatchOffer.attendee_id.in_(ids)))
    session.execute(delete(Match.__table__).where(in_matches))
    for table in (AnswerVector.__table__, Answer.__table__, Seat.__table__, EventLog.__table__):
        session.execute(delete(table).where(table.c.attendee_id.in_(ids)))
    session.execute(delete(attendee).where(attendee.c.id.in_(ids)))


def _former_names(session: orm.Session, ids: list[int]) -> dict[int, list[str]]:
    """Names a host replaced (the event log keeps each one): others were told them."""
    former: dict[int, list[str]] = {}
    for attendee_id, name in session.execute(
        select(EventLog.attendee_id, EventLog.detail).where(
            EventLog.attendee_id.in_(ids), EventLog.action == "rename"
        )
    ):
        former.setdefault(attendee_id, []).append(name)
    return former


def _redact_others(session: orm.Session, people: list, former: dict[int, list[str]]) -> None:
    """Other people's texts at the same events that name one of these people, by their
    name now or one they had before the host fixed it."""
    by_event: dict[int, list[PersonErased]] = {}
    for p in people:
        for name in (p.name, *former.get(p.id, [])):
            by_event.setdefault(p.event_id, []).append(PersonErased.of(name, p.phone, p.intro))
    for event_id, persons in by_event.items():
        rounds = Round.__table__  # a round's note names who arrived or left since its preview
        for table, column in (
            (outbound, outbound.c.body),
            (inbound, inbound.c.reply),
            (rounds, rounds.c.note),
        ):
            rows = session.execute(
                select(table.c.id, column).where(table.c.event_id == event_id, column != "")
            ).all()
            for row_id, text in rows:
                if text is None:
                    continue
                redacted = text
                for person in persons:
                    redacted = redact(redacted, person)
                if redacted != text:
                    session.execute(
                        update(table).where(table.c.id == row_id).values({column.name: redacted})
                    )
