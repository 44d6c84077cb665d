"""The wall view's link (make, copy, revoke) and the door poster, for a signed-in host."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from sqlalchemy import orm

from models import Session
from service.admin.access import hosted_event
from service.auth import current_host, login_required
from service.wall_view import join_qr, number_for
from workers.events import event_log, wall

bp = Blueprint("wall_admin", __name__, url_prefix="/admin/events")


@bp.get("/<code>/wall")
@login_required
def link(code: str) -> str:
    """The wall view's link, if there is one, with buttons to make a new one or revoke it."""
    with Session() as session:
        event = hosted_event(session, code)
        token = event.wall_token
    # The address as the host reached this page (behind a proxy, as ProxyFix read it).
    url = request.host_url.rstrip("/") + url_for("wall.screen", token=token) if token else None
    return render_template("admin/wall.html", event=event, url=url)


@bp.post("/<code>/wall")
@login_required
def make(code: str) -> Response:
    """Make a new wall link; the old one, if any, answers 404 from now on."""
    with Session() as session:
        event = hosted_event(session, code)
        replaced = event.wall_token is not None
        wall.new_token(event)
        detail = "made a new wall link" if replaced else "made the wall link"
        _log(session, event.id, "wall_link", detail)
        session.commit()
    if replaced:
        flash("A new wall link: the old one no longer works.", "ok")
    else:
        flash("The wall link is ready.", "ok")
    return redirect(url_for("wall_admin.link", code=code))


@bp.post("/<code>/wall/revoke")
@login_required
def revoke(code: str) -> Response:
    """Revoke the wall link: it answers 404 at once, and a wall showing it goes blank."""
    with Session() as session:
        event = hosted_event(session, code)
        if event.wall_token is not None:
            wall.revoke(event)
            _log(session, event.id, "wall_revoked", "revoked the wall link")
            session.commit()
    flash("The wall link is revoked: it no longer works.", "ok")
    return redirect(url_for("wall_admin.link", code=code))


@bp.get("/<code>/poster")
@login_required
def poster(code: str) -> str:
    """The door poster: the event's name, code, number and QR code, on one printed page."""
    with Session() as session:
        event = hosted_event(session, code)
        shown = wall.Wall(name=event.name, code=event.code, number=number_for(event))
    return render_template("admin/poster.html", event=event, wall=shown, qr=join_qr(shown))


def _log(session: orm.Session, event_id: int, action: str, detail: str) -> None:
    host = current_host()
    event_log.record(session, event_id, host.email if host else "", action, detail)
