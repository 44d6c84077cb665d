"""Twilio's delivery reports: a text's status only ever moves forward."""

from sqlalchemy import select
from sqlalchemy.orm import Session as SessionType

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
    us is stored): it is kept, and applied when the sid is recorded (apply_early_reports).
    """
    if not sid or status not in ORDER:
        return False
    code = int(error_code) if error_code and error_code.isdigit() else None
    with Session() as session:
        message = session.scalar(
            select(OutboundMessage).where(OutboundMessage.twilio_sid == sid).with_for_update()
        )
        if message is None:
            session.add(StatusReport(twilio_sid=sid, status=status, error_code=code))
            session.commit()
            return False
        changed = _apply(message, status, code)
        session.commit()
        return changed


def apply_early_reports(session: SessionType, message: OutboundMessage) -> None:
    """Apply reports that arrived before this message's sid was recorded; the caller commits."""
    reports = session.scalars(
        select(StatusReport).where(StatusReport.twilio_sid == message.twilio_sid)
    ).all()
    for report in reports:
        _apply(message, report.status, report.error_code)
        session.delete(report)


def _apply(message: OutboundMessage, status: str, code: int | None) -> bool:
    if not moves_forward(message.status, status):
        return False
    message.status = status
    if code is not None:
        message.error_code = code
    return True
