"""Host accounts, and the failed sign-ins that throttle guessing."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, validates

from models.base import Base, utcnow


def normalise_email(email: str) -> str:
    """Return an email address as we store and look it up: trimmed, lower-cased."""
    return email.strip().lower()


def looks_like_email(email: str) -> bool:
    """Whether a normalised address has the shape of one: name@domain.tld, no spaces."""
    local, _, domain = email.partition("@")
    spaced = any(c.isspace() for c in email)
    return bool(local) and "." in domain and len(email) <= 254 and not spaced


class Host(Base):
    """Someone who runs events from the admin pages."""

    __tablename__ = "host"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # An Argon2id PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Stored in the session cookie at sign-in; signing out moves it on, so a copy of a cookie
    # (another browser, a stolen one) stops working at once rather than after 12 hours.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    @validates("email")
    def _lower_case(self, _key: str, email: str) -> str:
        return normalise_email(email)


class LoginFailure(Base):
    """One failed sign-in; rows older than the throttling window are pruned."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
