"""The one way an admin page finds its event: by code, and only if the signed-in host runs it.

Another host's event answers 404, exactly as an event that does not exist, so a code or id
tells a stranger nothing. Pages only the owner may use (co-hosts) answer 403 to a co-host.
"""

from flask import abort
from sqlalchemy import orm

from models import Event
from service.auth import current_host
from workers.events import editing, event_hosts
from workers.events.event_hosts import Role


def hosted_event(session: orm.Session, code: str, *, owner_only: bool = False) -> Event:
    """The event with this code if the signed-in host runs it; else abort with 404."""
    try:
        event = editing.event_by_code(session, code)
    except editing.EventError:
        abort(404)
    host = current_host()
    part = None if host is None else event_hosts.role(session, event, host)
    if part is None:
        abort(404)
    if owner_only and part is not Role.OWNER:
        abort(403)
    return event
