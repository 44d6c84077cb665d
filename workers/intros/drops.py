"""Before the introductions go out, the host drops a pair they should not get (and may undo).

A drop is a Match row with status "dropped": the assignment still counts the pair, so its
two places stay empty rather than go to a weaker introduction; `refill` turns the event's
drops into "replaced", and the next best introductions take those places. The rows stay
after sending, so the page and the export show what was dropped.
"""

from sqlalchemy import delete, orm, select, update

from models import Event, Match, MatchRun
from workers.events import event_log
from workers.intros import introductions


class DropRefused(RuntimeError):
    """The pair cannot be dropped (or restored) now; the message says why, in one line."""


def drop(
    session: orm.Session, event: Event, pair: tuple[int, int], host: str, floor: float
) -> None:
    """Keep this planned introduction from going out (both directions of a mutual pair)."""
    _not_sent(session, event)
    learner_id, teacher_id = pair
    planned = [
        p
        for p in introductions.choose(session, event, floor=floor)
        if {p.learner.id, p.teacher.id} == {learner_id, teacher_id}
    ]
    if not planned:
        raise DropRefused("that introduction is no longer planned")
    intro = planned[0]
    session.add(
        Match(event_id=event.id, learner_id=intro.learner.id, teacher_id=intro.teacher.id,
              learn=intro.learner.learn or "", teach=intro.teacher.teach or "",
              score=intro.score, mutual=intro.mutual, status="dropped")
    )  # fmt: skip
    event_log.record(session, event.id, host, "intro_dropped", _names(intro), intro.learner.id)


def undo(session: orm.Session, event: Event, pair: tuple[int, int], host: str) -> None:
    """Plan the pair again (it goes out if the assignment still chooses it)."""
    _not_sent(session, event)
    dropped = _pair(event, *pair) & Match.status.in_(introductions.DROPPED)
    row = session.scalar(select(Match).where(dropped))
    if row is None:
        raise DropRefused("that introduction was not dropped")
    session.execute(delete(Match).where(dropped))
    event_log.record(session, event.id, host, "intro_restored",
                     f"{row.learn} / {row.teach}", row.learner_id)  # fmt: skip


def refill(session: orm.Session, event: Event, host: str) -> int:
    """Let the next best introductions take the dropped pairs' places; return how many."""
    _not_sent(session, event)
    count = session.execute(
        update(Match)
        .where(Match.event_id == event.id, Match.status == "dropped")
        .values(status="replaced")
    ).rowcount
    if count:
        event_log.record(session, event.id, host, "intro_refill", f"{count} dropped")
    return count


def _not_sent(session: orm.Session, event: Event) -> None:
    run = session.get(MatchRun, event.id)
    if run is not None and run.sent_at is not None:
        raise DropRefused("the introductions were already sent")


def _pair(event: Event, a: int, b: int):
    both = (a, b)
    return (Match.event_id == event.id) & Match.learner_id.in_(both) & Match.teacher_id.in_(both)


def _names(intro: introductions.Planned) -> str:
    return f"{intro.learner.name or '?'} / {intro.teacher.name or '?'}: {intro.learner.learn or ''}"
