"""After the event: store answer vectors as they arrive, then choose and text introductions.

`embed_answers` is the RQ job a learn or teach answer queues; `send` is the job that
the host's "Finish" (or `tablemates matches send`) queues, now or at a time.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from sqlalchemy import orm, select
from sqlalchemy.exc import IntegrityError
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
from workers.settings.config import intro_score_floor
from workers.texts import replies
from workers.texts.match_text import match_text, no_match_text, offer_text

SIDES = ("learn", "teach")
OFFER_LIFETIME = timedelta(hours=replies.OFFER_HOURS)
# A pair the host dropped before sending: "dropped" keeps its two places empty, "replaced"
# lets the next best introductions take them (the host asked). Neither was introduced.
DROPPED = ("dropped", "replaced")
NEAR_MISSES = 5  # pairs just below the floor, shown to the host


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
            # The embed job (or the host's page) may store the same answer's vector at the
            # same moment: one savepoint each, and a twin already stored is as good.
            try:
                with session.begin_nested():
                    session.merge(
                        AnswerVector(attendee_id=person_id, kind=kind, text=text,
                                     version=matching.VECTOR_VERSION, vector=vector.tobytes())
                    )  # fmt: skip
            except IntegrityError:
                continue
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


def choose(
    session: orm.Session, event: Event, max_intros: int | None = None, floor: float | None = None
) -> list[Planned]:
    """The introductions to make: one matrix product over stored vectors, then the
    assignment (mutual pairs first, no score below the floor, at most max_intros per
    person, spread), less the pairs the host dropped."""
    people = eligible(session, event.id)
    if len(people) < 2:
        return []
    scores = _scores(session, people)
    ids = [str(p.id) for p in people]
    dropped = dropped_pairs(session, event.id)
    # A "replaced" pair is left out of the assignment, so others take its places.
    refill = [tuple(map(str, pair)) for pair, how in dropped.items() if how == "replaced"]
    intros = assignment.match_pairs(
        ids,
        scores,
        max_intros=event.max_intros if max_intros is None else max_intros,
        threshold=intro_score_floor() if floor is None else floor,
        introduced=_introduced(session, people) + refill,
    )
    by_id = {str(p.id): p for p in people}
    return [
        Planned(by_id[i.learner_id], by_id[i.teacher_id], i.score, i.mutual)
        for i in intros
        if frozenset((int(i.learner_id), int(i.teacher_id))) not in dropped
    ]


def near_misses(
    session: orm.Session, event: Event, floor: float, count: int = NEAR_MISSES
) -> list[Planned]:
    """The best few learn/teach pairs scoring just below the floor: what it leaves out."""
    people = eligible(session, event.id)
    if len(people) < 2:
        return []
    scores = _scores(session, people)
    np.fill_diagonal(scores, np.nan)
    below = np.where(np.nan_to_num(scores, nan=np.inf) < floor, scores, -np.inf)
    best = np.argsort(-below, axis=None)[:count]
    n = len(people)
    return [
        Planned(people[k // n], people[k % n], float(below.flat[k]), False)
        for k in best.tolist()
        if np.isfinite(below.flat[k])
    ]


def dropped_pairs(session: orm.Session, event_id: int) -> dict[frozenset[int], str]:
    """The pairs the host dropped before sending, each with its status (see DROPPED)."""
    rows = session.execute(
        select(Match.learner_id, Match.teacher_id, Match.status).where(
            Match.event_id == event_id, Match.status.in_(DROPPED)
        )
    )
    return {frozenset((a, b)): status for a, b, status in rows}


def _scores(session: orm.Session, people: Sequence[Attendee]) -> np.ndarray:
    """Learner x teacher scores among these people from their stored vectors (NaN: no
    answer on that side)."""
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
    return scores


def _introduced(session: orm.Session, people: Sequence[Attendee]) -> list[tuple[str, str]]:
    """Pairs among these people who were introduced before, at any event (by number)."""
    phones = {p.phone: str(p.id) for p in people}
    learner, teacher = aliased(Attendee), aliased(Attendee)
    rows = session.execute(
        select(learner.phone, teacher.phone)
        .select_from(Match)
        .join(learner, learner.id == Match.learner_id)
        .join(teacher, teacher.id == Match.teacher_id)
        .where(learner.phone.in_(phones), teacher.phone.in_(phones), Match.status.not_in(DROPPED))
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


def outgoing(session: orm.Session, event: Event, planned: Sequence[Planned]) -> list[Text]:
    """The texts that sending these introductions writes, exactly: one per side of each
    introduction (with double opt-in, the offer "Reply YES 1 ..."), then the kind note
    for consenting people told of none."""
    texts: list[Text] = []
    for intro, me, other, side, number in _sides(planned):
        if event.double_opt_in:
            body = offer_text(side, event=event.name, n=number, name=other.name or "",
                              learn=other.learn or "", teach=other.teach or "",
                              intro=other.intro or "")  # fmt: skip
            texts.append(_text(event, me, body, kind=Kind.OFFER))
            continue
        mine = other if intro.mutual else intro.learner
        theirs = other if intro.mutual else intro.teacher
        body = match_text(side, event=event.name, name=other.name or "",
                          learn=mine.learn or "", teach=theirs.teach or "",
                          phone=other.phone, intro=other.intro or "")  # fmt: skip
        texts.append(_text(event, me, body))
    told = {text.attendee_id for text in texts}
    for person in eligible(session, event.id):
        if person.id not in told:
            body = no_match_text(event=event.name, name=person.name or "")
            texts.append(_text(event, person, body, kind=Kind.NO_MATCH))
    return texts


def _sides(planned: Sequence[Planned]) -> Iterator[tuple[Planned, Attendee, Attendee, str, int]]:
    """Each introduction's two sides, once per pair (a mutual pair's second row adds
    nothing): (intro, me, the other, my side, my offer number counted per person)."""
    numbers: dict[int, int] = {}
    seen: set[frozenset[int]] = set()
    for intro in planned:
        pair = frozenset((intro.learner.id, intro.teacher.id))
        if pair in seen:
            continue
        seen.add(pair)
        for me, other in ((intro.learner, intro.teacher), (intro.teacher, intro.learner)):
            numbers[me.id] = numbers.get(me.id, 0) + 1
            side = "mutual" if intro.mutual else ("learner" if me is intro.learner else "teacher")
            yield intro, me, other, side, numbers[me.id]


def _write(session: orm.Session, event: Event, planned: Sequence[Planned]) -> list[int]:
    """Store the matches (with double opt-in, "offered", and one offer per side: numbers
    go out only when both say yes, workers.intros.offers) and their texts."""
    status = "offered" if event.double_opt_in else "sent"
    first: dict[frozenset[int], Match] = {}
    for intro in planned:
        learner, teacher = intro.learner, intro.teacher
        match = Match(event_id=event.id, learner_id=learner.id, teacher_id=teacher.id,
                      learn=learner.learn or "", teach=teacher.teach or "", score=intro.score,
                      mutual=intro.mutual, status=status)  # fmt: skip
        session.add(match)
        first.setdefault(frozenset((learner.id, teacher.id)), match)
    if event.double_opt_in:
        session.flush()
        expires = utcnow() + OFFER_LIFETIME
        for intro, me, _, _, number in _sides(planned):
            match = first[frozenset((intro.learner.id, intro.teacher.id))]
            # A mutual pair's offers hang on its first row.
            session.add(MatchOffer(match_id=match.id, attendee_id=me.id, number=number,
                                   expires_at=expires))  # fmt: skip
    return add_texts(session, outgoing(session, event, planned))


def _text(event: Event, person: Attendee, body: str, kind: Kind = Kind.MATCH) -> Text:
    return Text(kind, person.phone, body, event.id, person.id)
