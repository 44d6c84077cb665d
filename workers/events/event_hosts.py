"""Who runs an event: its owner, and the co-hosts the owner invites by email.

Nobody else reaches the event: the admin pages answer 404 for it as if it did not exist
(`service.admin.access`), its code is not in their list, the simulator does not offer it.
An event without an owner (created before any host existed) goes to the first host.
"""

from enum import Enum

from sqlalchemy import ColumnElement, exists, func, or_, orm, select, update

from models import CoHost, Event, Host, looks_like_email, normalise_email

MAX_COHOSTS = 20


class Role(Enum):
    OWNER = "owner"
    COHOST = "co-host"


class CoHostError(Exception):
    """An invitation that cannot be made as asked; the message is for the host."""


def hosted_by(host: Host) -> ColumnElement[bool]:
    """A condition on Event: the host owns it or was invited to it."""
    invited = exists().where(CoHost.event_id == Event.id, CoHost.email == host.email)
    return or_(Event.owner_id == host.id, invited)


def role(session: orm.Session, event: Event, host: Host) -> Role | None:
    """The host's part in the event, or None when it is not theirs."""
    if event.owner_id is not None and event.owner_id == host.id:
        return Role.OWNER
    invited = session.scalar(
        select(CoHost.id).where(CoHost.event_id == event.id, CoHost.email == host.email)
    )
    return Role.COHOST if invited is not None else None


def cohosts(session: orm.Session, event: Event) -> list[str]:
    """The invited emails, in the order they were invited."""
    query = select(CoHost.email).where(CoHost.event_id == event.id).order_by(CoHost.id)
    return list(session.scalars(query))


def owner_email(session: orm.Session, event: Event) -> str | None:
    return session.scalar(select(Host.email).where(Host.id == event.owner_id))


def invite(session: orm.Session, event: Event, email: str, by: Host) -> str:
    """Let the host with this email (now or once their account exists) run the event;
    return the email as stored. The caller commits."""
    email = normalise_email(email)
    if not looks_like_email(email):
        raise CoHostError("that does not look like an email address")
    if email == owner_email(session, event):
        raise CoHostError(f"{email} owns this event already")
    present = cohosts(session, event)
    if email in present:
        raise CoHostError(f"{email} is a co-host already")
    if len(present) >= MAX_COHOSTS:
        raise CoHostError(f"an event can have {MAX_COHOSTS} co-hosts at most")
    session.add(CoHost(event_id=event.id, email=email, invited_by=by.id))
    return email


def remove(session: orm.Session, event: Event, email: str) -> bool:
    """Take a co-host off the event; return whether they were on it. The caller commits."""
    row = session.scalar(
        select(CoHost).where(CoHost.event_id == event.id, CoHost.email == normalise_email(email))
    )
    if row is None:
        return False
    session.delete(row)
    return True


def first_host_id(session: orm.Session) -> int | None:
    """The host added first: the owner of events made where no owner was named."""
    return session.scalar(select(func.min(Host.id)))


def adopt_ownerless(session: orm.Session, host: Host) -> int:
    """Give events that have no owner to this host when it is the first; return how many."""
    if first_host_id(session) != host.id:
        return 0
    done = session.execute(update(Event).where(Event.owner_id.is_(None)).values(owner_id=host.id))
    return done.rowcount
