"""One event's live dashboard: sign-ups, roster, rounds, delivery, table cards, broadcast.
The introductions after the event have their own page (service.admin.introductions)."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from redis.exceptions import RedisError
from sqlalchemy import orm, select

from models import Event, Round, Session
from service.admin.access import hosted_event
from service.auth import login_required
from workers.events import event_status, exports
from workers.events.broadcast import BroadcastError, broadcast
from workers.intros import sending
from workers.outbox import delivery
from workers.rounds import starting
from workers.settings.config import redis_url

bp = Blueprint("dashboard", __name__, url_prefix="/admin/events")
EXPORTS = {
    "attendees": exports.attendee_rows,
    "tables": exports.table_rows,
    "matches": sending.match_rows,
    "messages": exports.message_rows,
}


@bp.get("/<code>/")
@login_required
def event(code: str) -> str:
    """The dashboard: its live part refreshes itself every few seconds."""
    return _with_status(code, "admin/dashboard.html")


@bp.get("/<code>/live")
@login_required
def live(code: str) -> str:
    """The live part alone, for htmx to swap in."""
    return _with_status(code, "admin/_live.html")


def _with_status(code: str, template: str) -> str:
    with Session() as session:
        ev = hosted_event(session, code)
        status = event_status.event_status(session, ev)
        intros = sending.progress(session, ev.id)
    return render_template(template, s=status, intros=intros)


@bp.get("/<code>/rounds/next")
@login_required
def preview(code: str) -> str:
    """The next round's tables, their quality and their cost, before anything is sent; the
    plan shown is stored, and Send seats it."""
    price = float(current_app.config["SMS_PRICE_PER_SEGMENT"])
    with Session() as session:
        ev = hosted_event(session, code)
        plan = event_status.preview(session, ev, price)
        session.commit()
    return render_template("admin/preview.html", event=ev, p=plan, price=price)


@bp.post("/<code>/rounds")
@login_required
def start(code: str) -> Response:
    """Send: seat the plan the preview showed (the same guard as the CLI: never two at once)."""
    with Session() as session:
        ev = hosted_event(session, code)
    meant = request.form.get("round", type=int)  # the round the page showed
    if meant is None or not 1 <= meant <= ev.rounds:
        flash("Not started: reload the page and press Send again.", "error")
        return redirect(url_for("dashboard.event", code=ev.code))
    plan = request.form.get("plan") or None  # the stored plan the page showed
    try:
        rnd = starting.start_round(ev.id, redis_url(current_app.config), meant, plan)
    except starting.PlanReplaced:
        flash(
            "Not sent: the plan changed since you saw it (people came or left, and it was "
            "previewed again). This is the plan now: check it and press Send.",
            "error",
        )
        return redirect(url_for("dashboard.preview", code=ev.code))
    except starting.RoundError as error:
        flash(f"Not started: {error}.", "error")
    else:
        note = f" {rnd.note}" if rnd.note else ""
        flash(f"Round {rnd.number} started: tables are being texted.{note}", "ok")
    return redirect(url_for("dashboard.event", code=ev.code))


@bp.post("/<code>/rounds/<int:number>/retry")
@login_required
def retry(code: str, number: int) -> Response:
    """Put the round's failed texts back in the outbox and send them again."""
    with Session() as session:
        ev = hosted_event(session, code)
        rnd = _round(session, ev, number)
        ids = event_status.retry_failed(session, rnd.id)
        session.commit()
    flash(_queued(ids, f"{len(ids)} failed text(s) of round {number} are being sent again."))
    return redirect(url_for("dashboard.event", code=ev.code))


@bp.get("/<code>/rounds/<int:number>/cards")
@login_required
def cards(code: str, number: int) -> str:
    """One card per table, in large type, to print and put on the tables."""
    with Session() as session:
        ev = hosted_event(session, code)
        rnd = _round(session, ev, number)
        tables = event_status.table_cards(session, rnd.id)
    return render_template("admin/cards.html", event=ev, number=number, tables=tables)


@bp.post("/<code>/broadcast")
@login_required
def send_broadcast(code: str) -> Response:
    """A short text to everyone present."""
    with Session() as session:
        ev = hosted_event(session, code)
        try:
            ids = broadcast(session, ev, request.form.get("body", ""))
        except BroadcastError as error:
            flash(str(error), "error")
            return redirect(url_for("dashboard.event", code=ev.code))
        session.commit()
    flash(_queued(ids, f"Sending your text to {len(ids)} people."))
    return redirect(url_for("dashboard.event", code=ev.code))


@bp.get("/<code>/export/<kind>.csv")
@login_required
def download(code: str, kind: str) -> Response:
    """The roster, the tables or the messages as CSV."""
    if kind not in EXPORTS:
        abort(404)
    with Session() as session:
        ev = hosted_event(session, code)
        text = exports.render(EXPORTS[kind](session, ev), "csv")
    filename = f"{ev.code.lower()}-{kind}.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _round(session: orm.Session, ev: Event, number: int) -> Round:
    if not 1 <= number <= ev.rounds:  # and never a 20-digit number sent to the database
        abort(404)
    rnd = session.scalar(select(Round).where(Round.event_id == ev.id, Round.number == number))
    if rnd is None:
        abort(404)
    return rnd


def _queued(ids: list[int], done: str) -> str:
    """Queue texts; with Redis down they wait in the outbox, and the host is told so."""
    try:
        delivery.enqueue(ids, redis_url(current_app.config))
    except RedisError:
        return f"{done} Redis is down: they go out as soon as it is back."
    return done
