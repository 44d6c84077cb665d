"""Sign-in throttling: 5 failures for one email or one client IP within 15 minutes block both.

The failures are rows in the database, not Redis keys: the host must be able to sign in
while Redis is down (sign-up by text keeps working then, and so should the admin pages),
and a database the app cannot reach means no sign-in anyway. Rows older than the window
are pruned whenever a failure is written, so the table stays small.

Blocking by email lets someone who knows a host's email keep them out for 15 minutes at a
time; blocking by IP alone would let one address try every email. We accept the first.
The client IP is the one ProxyFix takes from X-Forwarded-For (the app expects one proxy).
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import LoginFailure, normalise_email, utcnow

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def blocked(session: Session, email: str, ip: str, now: datetime | None = None) -> bool:
    """True when this email or this IP has failed MAX_FAILURES times within the window."""
    since = (now or utcnow()) - WINDOW
    recent = LoginFailure.failed_at > since
    for column, value in ((LoginFailure.email, normalise_email(email)), (LoginFailure.ip, ip)):
        count = session.scalar(select(func.count(LoginFailure.id)).where(recent, column == value))
        if count >= MAX_FAILURES:
            return True
    return False


def record_failure(session: Session, email: str, ip: str) -> None:
    """Count a failed sign-in and forget those older than the window; the caller commits."""
    now = utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
    session.add(LoginFailure(email=normalise_email(email)[:254], ip=ip[:64], failed_at=now))


def clear(session: Session, email: str) -> None:
    """Forget an email's failures after it signed in; the caller commits."""
    session.execute(delete(LoginFailure).where(LoginFailure.email == normalise_email(email)))
