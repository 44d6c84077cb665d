"""After the event: store answer vectors as they arrive, then choose and text introductions.

`embed_answers` is the RQ job a learn or teach answer queues; `send` is the job that
the host's "Finish" (or `tablemates matches send`) queues, now or at a time.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from sqlalchemy import orm, select
from sqlalchemy.orm import aliased

from models import (
    AnswerVector,
    Attendee,
    Event,
    Match,
    MatchOffer,
    MatchRun,
    OptOut,
    Session,
    utcnow,
)
from workers import matching
from workers.intros import assignment
from workers.outbox import delivery
from workers.outbox.writer import Kind, Text, add_texts
from workers.texts import replies
from workers.texts.match_text import match_text, no_match_text, offer_text

SIDES = ("learn", "teach")
OFFER_LIFETIME = timedelta(hours=replies.OFFER_HOURS)


@dataclass(frozen=True)
class Planned:
    """One introduction as it will be (or was) sent."""

    learner: Attendee
    teacher: Attendee
    score: float
    mutual: bool


def embed_answers(attendee_id: int) -> None:
    """RQ job: store the vectors of one person's learn and teach answers."""
    with Session() as session:
        attendee = session.get(Attendee, attendee_id)
        if attendee is not None:
            vectors(session, [attendee])
            session.commit()


def vectors(session: orm.Session, people: Sequence[Attendee]) -> dict[tuple[int, str], np.ndarray]:
    """Each person's learn and teach vectors, embedding (and storing) any missing or stale."""
    stored = {
        (v.attendee_id, v.kind): v
        for v in session.scalars(
            select(AnswerVector).where(AnswerVector.attendee_id.in_([p.id for p in people]))
        )
    }
    result: dict[tuple[int, str], np.ndarray] = {}
    missing: list[tuple[int, str, str]] = []
    for person in people:
        for kind in SIDES:
            text = getattr(person, kind) or ""
            if not text:
                continue
            row = stored.get((person.id, kind))
            if row is not None and row.text == text and row.version == matching.VECTOR_VERSION:
                result[(person.id, kind)] = np.frombuffer(row.vector, dtype=np.float32)
            else:
                missing.append((person.id, kind, text))
    if missing:
        fresh = matching.embed_many([text for _, _, text in missing])
        for (person_id, kind, text), vector in zip(missing, fresh, strict=True):
            result[(person_id, kind)] = vector
            session.merge(
                AnswerVector(attendee_id=person_id, kind=kind, text=text,
                             version=matching.VECTOR_VERSION, vector=vector.tobytes())
            )  # fmt: skip
    return result


def eligible(session: orm.Session, event_id: int) -> list[Attendee]:
    """People who said yes to intros, did not opt out, and said what to learn or teach."""
    return list(
        session.scalars(
            select(Attendee)
            .where(
                Attendee.event_id == event_id,
                Attendee.consent.is_(True),
                ~Attendee.opted_out,
                Attendee.phone.not_in(select(OptOut.phone)),
                (Attendee.learn.is_not(None) & (Attendee.learn != ""))
                | (Attendee.teach.is_not(None) & (Attendee.teach != "")),
            )
            .order_by(Attendee.id)
        )
    )


def choose(session: orm.Session, event: Event, max_intros: int | None = None) -> list[Planned]:
    """The introductions to make: one matrix product over stored vectors, then the
    assignment (mutual pairs first, a threshold, at most max_intros each way, spread)."""
    people = eligible(session, event.id)
    if len(people) < 2:
        return []
    found = vectors(session, people)
    n = len(people)
    learn = np.zeros((n, matching.VECTOR_DIM), dtype=np.float32)
    teach = np.zeros((n, matching.VECTOR_DIM), dtype=np.float32)
    has_learn = np.zeros(n, dtype=bool)
    has_teach = np.zeros(n, dtype=bool)
    for i, person in enumerate(people):
        if (person.id, "learn") in found:
            learn[i], has_learn[i] = found[(person.id, "learn")], True
        if (person.id, "teach") in found:
            teach[i], has_teach[i] = found[(person.id, "teach")], True
    scores = matching.similarity_from_vectors(learn, teach).astype(np.float64)
    scores[~has_learn, :] = np.nan
    scores[:, ~has_teach] = np.nan
    ids = [str(p.id) for p in people]
    intros = assignment.match_pairs(
        ids,
        scores,
        max_intros=event.max_intros if max_intros is None else max_intros,
        introduced=_introduced(session, people),
    )
    by_id = {str(p.id): p for p in people}
    return [Planned(by_id[i.learner_id], by_id[i.teacher_id], i.score, i.mutual) for i in intros]


def _introduced(session: orm.Session, people: Sequence[Attendee]) -> list[tuple[str, str]]:
    """Pairs among these people who were introduced before, at any event (by number)."""
    phones = {p.phone: str(p.id) for p in people}
    learner, teacher = aliased(Attendee), aliased(Attendee)
    rows = session.execute(
        select(learner.phone, teacher.phone)
        .select_from(Match)
        .join(learner, learner.id == Match.learner_id)
        .join(teacher, teacher.id == Match.teacher_id)
        .where(learner.phone.in_(phones), teacher.phone.in_(phones))
    )
    return [(phones[a], phones[b]) for a, b in rows]


def send(event_id: int, token: str) -> int:
    """RQ job: choose the introductions and text both sides; return how many texts.

    Runs at most once per event: the run's token must still be the one this job was
    queued with (the host may have rescheduled), and `sent_at` is set in the same
    transaction as the texts.
    """
    with Session() as session:
        run = session.scalar(
            select(MatchRun).where(MatchRun.event_id == event_id).with_for_update()
        )
        if run is None or run.token != token or run.sent_at is not None:
            return 0
        event = session.get_one(Event, event_id)
        ids = _write(session, event, choose(session, event))
        run.sent_at = utcnow()
        session.commit()
    delivery.enqueue(ids)
    return len(ids)


def _write(session: orm.Session, event: Event, planned: Sequence[Planned]) -> list[int]:
    """Store the matches and one text per side; consenting people with none get a kind note."""
    if event.double_opt_in:
        return _offer(session, event, planned)
    texts: list[Text] = []
    matched: set[int] = set()
    sent_mutual: set[tuple[int, int]] = set()
    for intro in planned:
        learner, teacher = intro.learner, intro.teacher
        session.add(
            Match(event_id=event.id, learner_id=learner.id, teacher_id=teacher.id,
                  learn=learner.learn or "", teach=teacher.teach or "", score=intro.score,
                  mutual=intro.mutual, status="sent")
        )  # fmt: skip
        matched.update((learner.id, teacher.id))
        if intro.mutual:
            pair = (min(learner.id, teacher.id), max(learner.id, teacher.id))
            if pair in sent_mutual:
                continue  # the pair's other row: one text each side is enough
            sent_mutual.add(pair)
            for me, other in ((learner, teacher), (teacher, learner)):
                body = match_text("mutual", event=event.name, name=other.name or "",
                                  learn=other.learn or "", teach=other.teach or "",
                                  phone=other.phone, intro=other.intro or "")  # fmt: skip
                texts.append(_text(event, me, body))
            continue
        texts.append(_text(event, learner, match_text(
            "learner", event=event.name, name=teacher.name or "", learn=learner.learn or "",
            teach=teacher.teach or "", phone=teacher.phone,
            intro=teacher.intro or "")))  # fmt: skip
        texts.append(_text(event, teacher, match_text(
            "teacher", event=event.name, name=learner.name or "", learn=learner.learn or "",
            teach=teacher.teach or "", phone=learner.phone,
            intro=learner.intro or "")))  # fmt: skip
    return _send_with_notes(session, event, texts, told=matched)


def _offer(session: orm.Session, event: Event, planned: Sequence[Planned]) -> list[int]:
    """Double opt-in: ask each side first ("Reply YES 1 ..."); numbers go out only when both
    said yes (workers.intros.offers). Consenting people with no match get the kind note."""
    expires = utcnow() + OFFER_LIFETIME
    numbers: dict[int, int] = {}
    texts: list[Text] = []
    offered: set[tuple[int, int]] = set()
    for intro in planned:
        learner, teacher = intro.learner, intro.teacher
        match = Match(event_id=event.id, learner_id=learner.id, teacher_id=teacher.id,
                      learn=learner.learn or "", teach=teacher.teach or "", score=intro.score,
                      mutual=intro.mutual, status="offered")  # fmt: skip
        session.add(match)
        pair = (min(learner.id, teacher.id), max(learner.id, teacher.id))
        if pair in offered:
            continue  # a mutual pair's second row: its offers hang on the first
        offered.add(pair)
        session.flush()
        for me, other in ((learner, teacher), (teacher, learner)):
            numbers[me.id] = numbers.get(me.id, 0) + 1
            session.add(MatchOffer(match_id=match.id, attendee_id=me.id, number=numbers[me.id],
                                   expires_at=expires))  # fmt: skip
            side = "mutual" if intro.mutual else ("learner" if me is learner else "teacher")
            body = offer_text(side, event=event.name, n=numbers[me.id], name=other.name or "",
                              learn=other.learn or "", teach=other.teach or "",
                              intro=other.intro or "")  # fmt: skip
            texts.append(_text(event, me, body, kind=Kind.OFFER))
    return _send_with_notes(session, event, texts, told=set(numbers))


def _send_with_notes(
    session: orm.Session, event: Event, texts: list[Text], told: set[int]
) -> list[int]:
    """Add the kind note for consenting people not told of any match; write the outbox."""
    for person in eligible(session, event.id):
        if person.id not in told:
            body = no_match_text(event=event.name, name=person.name or "")
            texts.append(_text(event, person, body, kind=Kind.NO_MATCH))
    return add_texts(session, texts)


def _text(event: Event, person: Attendee, body: str, kind: Kind = Kind.MATCH) -> Text:
    return Text(kind, person.phone, body, event.id, person.id)
