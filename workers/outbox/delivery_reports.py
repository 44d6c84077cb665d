"""Twilio's delivery reports: a text's status only ever moves forward."""

from sqlalchemy import orm, select

from models import OutboundMessage, Session, StatusReport

# Twilio's words in the order a text goes through them; the last ones are final.
ORDER = {
    "pending": 0, "unknown": 0, "accepted": 1, "scheduled": 1, "queued": 1, "sending": 2,
    "sent": 3, "delivered": 4, "undelivered": 4, "failed": 4, "read": 5,
}  # fmt: skip


def moves_forward(current: str, new: str) -> bool:
    """Say whether a report may replace the status we have (never backwards, never sideways)."""
    return new in ORDER and ORDER[new] > ORDER.get(current, 0)


def record_status(sid: str, status: str, error_code: str | None = None) -> bool:
    """Apply one status report; return whether it changed anything.

    A report can beat our own record of the sid (Twilio calls back before its answer to
    us is stored): it is kept, and settled by whichever side commits last (settle_reports).
    """
    sid = sid.replace("\x00", "")[:64]  # PostgreSQL text cannot hold NUL; a SID is 34 long
    if not sid or status not in ORDER:
        return False
    code = int(error_code) if error_code and error_code.isascii() and error_code.isdigit() else None
    with Session() as session:
        message = _by_sid(session, sid)
        if message is not None:
            changed = _apply(message, status, code)
            session.commit()
            return changed
        session.add(StatusReport(twilio_sid=sid, status=status, error_code=code))
        session.commit()
    return settle_reports(sid)


def settle_reports(sid: str) -> bool:
    """Apply the reports kept for a sid, once a message carries it; return whether any did."""
    with Session() as session:
        message = _by_sid(session, sid)
        if message is None:
            return False
        reports = session.scalars(select(StatusReport).where(StatusReport.twilio_sid == sid)).all()
        changed = [_apply(message, r.status, r.error_code) for r in reports]
        for report in reports:
            session.delete(report)
        session.commit()
        return any(changed)


def _by_sid(session: orm.Session, sid: str) -> OutboundMessage | None:
    # The row lock makes a report and the hand-off that records the sid take turns.
    return session.scalar(
        select(OutboundMessage).where(OutboundMessage.twilio_sid == sid).with_for_update()
    )


def _apply(message: OutboundMessage, status: str, code: int | None) -> bool:
    if not moves_forward(message.status, status):
        return False
    message.status = status
    if code is not None:
        message.error_code = code
    return True
