"""Fixing people on the night, from the dashboard: rename, mark left or back, add a
walk-in by name; and the event log of every such change (who, when)."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from models import Attendee, Session
from service.admin.access import hosted_event
from service.admin.outbox_queue import queue_texts
from service.auth import current_host, login_required
from workers.events import event_log, event_status
from workers.people import host_changes
from workers.people.host_changes import ChangeError, Seated

bp = Blueprint("people", __name__, url_prefix="/admin/events")
LARGEST_ID = 2**31 - 1  # beyond any row, and beyond what PostgreSQL's integer can hold


@bp.post("/<code>/people/<int:person>/name")
@login_required
def rename(code: str, person: int) -> Response:
    """The name tablemates see, fixed ("hello" -> "Ravi")."""
    with Session() as session:
        ev = hosted_event(session, code)
        _check(session, ev, person)
        try:
            host_changes.rename(session, ev, person, request.form.get("name", ""), _host())
        except ChangeError as error:
            flash(f"Not renamed: {error}", "error")
            return _back_to(ev.code)
        session.commit()
    flash("Renamed: tablemates see the new name from the next text on.", "ok")
    return _back_to(ev.code)


@bp.post("/<code>/people/<int:person>/left")
@login_required
def left(code: str, person: int) -> Response:
    """Gone home, or never came: left out of the next rounds."""
    with Session() as session:
        ev = hosted_event(session, code)
        who = _check(session, ev, person)
        host_changes.mark_left(session, ev, person, _host())
        session.commit()
        name = who.name or "This person"
    flash(f"{name} is marked as left: not seated in the next rounds.", "ok")
    return _back_to(ev.code)


@bp.post("/<code>/people/<int:person>/back")
@login_required
def back(code: str, person: int) -> Response:
    """Here again: seated in the next rounds, and now if a round is running."""
    with Session() as session:
        ev = hosted_event(session, code)
        who = _check(session, ev, person)
        seated = host_changes.mark_back(session, ev, person, _host())
        session.commit()
        name = who.name or "This person"
    flash(_where(name, seated, "is back"), "ok")
    return _back_to(ev.code)


@bp.route("/<code>/people/new", methods=["GET", "POST"])
@login_required
def walk_in(code: str) -> Response | str:
    """Add someone by name who has no phone or won't text."""
    with Session() as session:
        ev = hosted_event(session, code)
        questions = event_status.question_texts(session, ev.id)
        choices = {q.id: q.choices for q in ev.questions}
        if request.method == "GET":
            return render_template(
                "admin/walk_in.html", event=ev, questions=questions, choices=choices, form={}
            )
        answers = {qid: request.form.get(f"q{qid}", "") for qid in questions}
        try:
            who, seated = host_changes.add_walk_in(
                session,
                ev,
                request.form.get("name", ""),
                _host(),
                intro=request.form.get("intro", ""),
                learn=request.form.get("learn", ""),
                teach=request.form.get("teach", ""),
                answers=answers,
            )
        except ChangeError as error:
            flash(f"Not added: {error}", "error")
            return render_template(
                "admin/walk_in.html",
                event=ev,
                questions=questions,
                choices=choices,
                form=request.form,
            )
        session.commit()
        name = who.name or ""
    flash(_where(name, seated, "is in"), "ok")
    return _back_to(ev.code)


@bp.get("/<code>/log")
@login_required
def log(code: str) -> str:
    """What the hosts changed at this event, newest first."""
    with Session() as session:
        ev = hosted_event(session, code)
        lines = event_log.lines(session, ev.id, limit=200)
        ids = {line.attendee_id for line in lines if line.attendee_id}
        names = dict(
            session.execute(select(Attendee.id, Attendee.name).where(Attendee.id.in_(ids))).all()
        )
    return render_template("admin/log.html", event=ev, lines=lines, names=names)


def _check(session, ev, person: int) -> Attendee:
    """The person, if they are at this event; 404 otherwise, as for another host's event."""
    if not 1 <= person <= LARGEST_ID:
        abort(404)
    try:
        return host_changes.person(session, ev, person)
    except ChangeError:
        abort(404)


def _host() -> str:
    host = current_host()
    return host.email if host else "?"


def _where(name: str, seated: Seated | None, news: str) -> str:
    """What the host needs to know next: where to send them."""
    if seated is None:
        return f"{name} {news}: seated from the next round."
    if seated.being_seated:
        return (
            f"{name} {news}: round {seated.being_seated} is being seated right now; "
            "their table shows in the roster in a moment."
        )
    queue_texts(seated.text_ids)  # with Redis down, the sweeper sends it
    if seated.label is None:
        return f"{name} {news}, but every table is full this round: seated first next round."
    texted = " (texted)" if seated.text_ids else ""
    return f"{name} {news}: send them to table {seated.label}{texted}."


def _back_to(code: str) -> Response:
    return redirect(url_for("dashboard.event", code=code) + "#roster")
