"""Sign-in throttling: 5 failures for one email or one client IP within 15 minutes block both.

The failures are rows in the database, not Redis keys: the host must be able to sign in
while Redis is down (sign-up by text keeps working then, and so should the admin pages),
and a database the app cannot reach means no sign-in anyway. Rows older than the window
are pruned whenever a failure is written, so the table stays small.

Blocking by email lets someone who knows a host's email keep them out for 15 minutes at a
time; blocking by IP alone would let one address try every email. We accept the first.
The client IP is the connection's, or the one ProxyFix takes from X-Forwarded-For when
TRUSTED_PROXIES says proxies stand in front.

Counting is atomic without locks: each attempt writes its row and commits *before* it
counts. The k-th attempt to commit then sees at least k rows, so of any number of attempts
at once at most MAX_FAILURES get through to the password check.
"""

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import LoginFailure, normalise_email, utcnow

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def attempt(session: Session, email: str, ip: str) -> LoginFailure | None:
    """Count a sign-in attempt (committed at once, as a failure until it succeeds); return
    it, or None when this email or this IP is over MAX_FAILURES within the window."""
    now = utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
    row = LoginFailure(email=normalise_email(email)[:254], ip=ip[:64], failed_at=now)
    session.add(row)
    session.commit()
    recent = LoginFailure.failed_at > now - WINDOW
    for column, value in ((LoginFailure.email, row.email), (LoginFailure.ip, row.ip)):
        count = session.scalar(select(func.count(LoginFailure.id)).where(recent, column == value))
        if count > MAX_FAILURES:
            return None
    return row


def succeeded(session: Session, row: LoginFailure) -> None:
    """The attempt signed in: forget it and the email's failures; the caller commits."""
    session.execute(
        delete(LoginFailure).where((LoginFailure.id == row.id) | (LoginFailure.email == row.email))
    )
