"""Double opt-in: record an answer to an offer ("YES 1", read by service/sms), and introduce
when both said yes."""

from sqlalchemy import orm, select, update

from models import Attendee, Event, Match, MatchOffer, as_utc, utcnow
from workers.outbox.writer import Kind, Text, add_texts
from workers.texts import replies
from workers.texts.gsm import fill
from workers.texts.match_text import match_text


def answer(
    session: orm.Session, attendee_id: int, reply: tuple[bool, int]
) -> tuple[str, list[int]] | None:
    """Handle a reply to an offer, as the interpreter read it; None when this attendee has no
    offers at all (the conversation goes on).

    Returns the reply and the outbox rows to send (the other side's introduction, once
    both said yes). The match row is locked, so two yeses at once still introduce them.
    """
    yes, number = reply
    attendee = session.get_one(Attendee, attendee_id)
    offer = session.scalar(
        select(MatchOffer).where(MatchOffer.attendee_id == attendee.id, MatchOffer.number == number)
    )
    if offer is None:
        has_offers = session.scalar(
            select(MatchOffer.id).where(MatchOffer.attendee_id == attendee.id).limit(1)
        )
        return (fill(replies.OFFER_UNKNOWN, n=str(number)), []) if has_offers else None
    match = session.scalar(select(Match).where(Match.id == offer.match_id).with_for_update())
    session.refresh(offer)
    other_id = match.teacher_id if match.learner_id == attendee.id else match.learner_id
    other = session.get(Attendee, other_id) if other_id is not None else None
    name = (other.name if other else None) or "them"
    if offer.answer is not None:
        return fill(replies.OFFER_ALREADY, n=str(number)), []
    if utcnow() > as_utc(offer.expires_at):
        return replies.OFFER_EXPIRED, []
    offer.answer, offer.answered_at = ("yes" if yes else "no"), utcnow()
    pair = _pair(match)
    if not yes:
        session.execute(update(Match).where(pair).values(status="declined"))
        return fill(replies.OFFER_DECLINED, name=name), []
    theirs = session.scalar(
        select(MatchOffer.answer).where(
            MatchOffer.match_id == match.id, MatchOffer.attendee_id == other_id
        )
    )
    if theirs != "yes" or other is None:
        return fill(replies.OFFER_WAITING, name=name), []
    session.execute(update(Match).where(pair).values(status="sent"))
    event = session.get_one(Event, match.event_id)
    mine, yours = _introductions(event, match, attendee, other)
    ids = add_texts(session, [Text(Kind.MATCH, other.phone, yours, event.id, other.id)])
    return mine, ids


def _pair(match: Match):
    """Both rows of the pair (a mutual pair has one row each way)."""
    ids = (match.learner_id, match.teacher_id)
    return (
        (Match.event_id == match.event_id) & Match.learner_id.in_(ids) & Match.teacher_id.in_(ids)
    )


def _introductions(event: Event, match: Match, me: Attendee, other: Attendee) -> tuple[str, str]:
    """The two introduction texts, mine and the other side's, once both said yes."""
    learner, teacher = (me, other) if match.learner_id == me.id else (other, me)
    if match.mutual:
        texts = [
            match_text("mutual", event=event.name, name=b.name or "", learn=b.learn or "",
                       teach=b.teach or "", phone=b.phone, intro=b.intro or "")
            for b in (other, me)
        ]  # fmt: skip
        return texts[0], texts[1]
    to_learner = match_text("learner", event=event.name, name=teacher.name or "",
                            learn=learner.learn or "", teach=teacher.teach or "",
                            phone=teacher.phone, intro=teacher.intro or "")  # fmt: skip
    to_teacher = match_text("teacher", event=event.name, name=learner.name or "",
                            learn=learner.learn or "", teach=teacher.teach or "",
                            phone=learner.phone, intro=learner.intro or "")  # fmt: skip
    return (to_learner, to_teacher) if me is learner else (to_teacher, to_learner)
