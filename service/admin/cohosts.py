"""An event's hosts: the owner invites co-hosts by email and takes them off again."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from models import Session
from service.admin.access import hosted_event
from service.auth import current_host, login_required
from workers.events import event_hosts
from workers.events.event_hosts import CoHostError, Role

bp = Blueprint("cohosts", __name__, url_prefix="/admin/events")


@bp.get("/<code>/hosts")
@login_required
def hosts(code: str) -> str:
    """Who runs the event; the owner's forms to invite and remove co-hosts."""
    with Session() as session:
        event = hosted_event(session, code)
        owner = event_hosts.owner_email(session, event)
        invited = event_hosts.cohosts(session, event)
        is_owner = event_hosts.role(session, event, current_host()) is Role.OWNER
    return render_template(
        "admin/hosts.html", event=event, owner=owner, cohosts=invited, is_owner=is_owner
    )


@bp.post("/<code>/hosts")
@login_required
def invite(code: str) -> Response:
    """Invite a co-host by email: they see the event once signed in with that email."""
    with Session() as session:
        event = hosted_event(session, code, owner_only=True)
        try:
            email = request.form.get("email", "")
            email = event_hosts.invite(session, event, email, current_host())
        except CoHostError as error:
            flash(f"Not invited: {error}.", "error")
        else:
            session.commit()
            flash(f"{email} can now run {event.name} when signed in with that email.", "ok")
    return redirect(url_for("cohosts.hosts", code=event.code))


@bp.post("/<code>/hosts/remove")
@login_required
def remove(code: str) -> Response:
    """Take a co-host off the event: the next page they open answers 404."""
    with Session() as session:
        event = hosted_event(session, code, owner_only=True)
        email = request.form.get("email", "")
        if event_hosts.remove(session, event, email):
            session.commit()
            flash(f"{email.strip().lower()} no longer runs {event.name}.", "ok")
    return redirect(url_for("cohosts.hosts", code=event.code))
