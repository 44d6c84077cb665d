"""Opt-outs belong to a number, not a sign-up: STOP from the person, or 21610 from Twilio.

The opt_out table is the one record; `Attendee.opted_out` reads it."""

from collections.abc import Iterable

from sqlalchemy import delete, insert, orm, select

from models import OptOut, utcnow

opt_out = OptOut.__table__


def set_opted_out(session: orm.Session, phones: Iterable[str], opted_out: bool) -> None:
    """Record STOP (or START) for numbers, across every event they signed up for."""
    phones = set(phones)
    if not phones:
        return
    if opted_out:
        known = set(session.scalars(select(opt_out.c.phone).where(opt_out.c.phone.in_(phones))))
        new = [{"phone": phone, "created_at": utcnow()} for phone in phones - known]
        if new:
            session.execute(insert(opt_out), new)
    else:
        session.execute(delete(opt_out).where(opt_out.c.phone.in_(phones)))
