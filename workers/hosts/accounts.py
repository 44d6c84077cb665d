"""Host accounts: create one, check a password (Argon2id via argon2-cffi).

The first account takes the events that have no owner yet (workers.events.event_hosts)."""

import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Host, looks_like_email, normalise_email
from workers.events import event_hosts

MIN_PASSWORD_LENGTH = 12
# argon2-cffi's defaults are RFC 9106's low-memory profile (Argon2id, 64 MiB, t=3, p=4),
# stronger than OWASP's minimum (19 MiB, t=2, p=1). Raising them later rehashes at login.
HASHER = PasswordHasher()


class HostError(Exception):
    """A host account cannot be created as asked."""


def create_host(session: Session, email: str, password: str) -> Host:
    """Add a host account with a hashed password; the caller commits."""
    email = normalise_email(email)
    if not looks_like_email(email):
        raise HostError(f"{email!r} does not look like an email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise HostError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if host_by_email(session, email) is not None:
        raise HostError(f"a host with email {email} already exists")
    host = Host(email=email, password_hash=HASHER.hash(password))
    session.add(host)
    try:
        session.flush()
    except IntegrityError:  # the same email added at the same moment elsewhere
        session.rollback()
        raise HostError(f"a host with email {email} already exists") from None
    event_hosts.adopt_ownerless(session, host)
    return host


def host_by_email(session: Session, email: str) -> Host | None:
    """Return the host with this email (any case), or None."""
    return session.scalars(select(Host).where(Host.email == normalise_email(email))).first()


def authenticate(session: Session, email: str, password: str) -> Host | None:
    """Return the host if the password is theirs, else None; the caller commits a rehash.

    An unknown email costs one verification too (against a dummy hash), so the answer's
    timing does not tell which emails have accounts.
    """
    host = host_by_email(session, email)
    if host is None:
        _verify(_dummy_hash(), password)
        return None
    if not _verify(host.password_hash, password):
        return None
    if HASHER.check_needs_rehash(host.password_hash):
        host.password_hash = HASHER.hash(password)
    return host


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password with the current parameters, made once per process."""
    return HASHER.hash(secrets.token_hex(16))
