"""One event's live dashboard: sign-ups, roster, rounds, delivery, table cards, broadcast.
The introductions after the event have their own page (service.admin.introductions)."""

import hashlib

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
from sqlalchemy import orm, select

from models import Event, Round, Session
from service.admin.access import hosted_event
from service.admin.outbox_queue import REDIS_DOWN, queue_texts
from service.auth import current_host, login_required
from workers.events import broadcast, event_log, event_status, exports
from workers.events.broadcast import BroadcastError
from workers.intros import sending
from workers.rounds import starting
from workers.settings.config import redis_url
from workers.texts.cost import Estimate

bp = Blueprint("dashboard", __name__, url_prefix="/admin/events")
MAX_ROUND_MINUTES = 240
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
    with Session() as session:
        ev = hosted_event(session, code)
        status = event_status.event_status(session, ev)
        intros = sending.progress(session, ev.id)
    return render_template(
        "admin/dashboard.html", s=status, intros=intros, version=_version(status, intros)
    )


@bp.get("/<code>/live")
@login_required
def live(code: str) -> Response | str:
    """The live part alone, for htmx to swap in; 204 (nothing to swap) when it is the
    version the page already shows, so what the host opened stays as it is."""
    with Session() as session:
        ev = hosted_event(session, code)
        status = event_status.event_status(session, ev)
        intros = sending.progress(session, ev.id)
    version = _version(status, intros)
    if request.args.get("v") == version:
        return Response(status=204)
    return render_template("admin/_live.html", s=status, intros=intros, version=version)


def _version(status: event_status.Status, intros: object) -> str:
    """A digest of everything the live part shows (not the forms' tokens, which change)."""
    rnd = status.round
    shown = (
        status.sign_ups,
        rnd and (rnd.id, rnd.number, rnd.status, rnd.note),
        status.delivery,
        status.sit_outs,
        status.roster,
        status.minutes_left,
        status.event.round_minutes,
        status.event.rounds,
        intros,
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


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


@bp.post("/<code>/round-length")
@login_required
def round_length(code: str) -> Response:
    """The host's round length, for the round clock here and on the wall; empty: no clock."""
    typed = request.form.get("minutes", "").strip()
    with Session() as session:
        ev = hosted_event(session, code)
        fine = typed.isascii() and typed.isdecimal() and len(typed) <= 3
        if typed and not (fine and 1 <= int(typed) <= MAX_ROUND_MINUTES):
            flash(f"Round length: a number of minutes from 1 to {MAX_ROUND_MINUTES}.", "error")
            return redirect(url_for("dashboard.event", code=ev.code))
        ev.round_minutes = int(typed) if typed else None
        host = current_host()
        detail = f"{typed} minutes" if typed else "no clock"
        event_log.record(session, ev.id, host.email if host else "?", "round_length", detail)
        session.commit()
    flash(f"Rounds last {typed} minutes." if typed else "No round clock.", "ok")
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
def send_broadcast(code: str) -> Response | str:
    """A short text to everyone present: first shown with how many texts and segments it
    makes and what that costs; sent when the host confirms those same numbers."""
    body = request.form.get("body", "")
    with Session() as session:
        ev = hosted_event(session, code)
        try:
            shown = broadcast.cost(session, ev, body, current_app.config["SMS_PRICE_PER_SEGMENT"])
        except BroadcastError as error:
            return _confirm(ev, body, error=str(error))
        if request.form.get("confirmed") != _figures(shown, body):
            changed = "confirmed" in request.form  # people came or went since it was shown
            return _confirm(ev, body, shown, changed=changed)
        ids = broadcast.broadcast(session, ev, body)
        session.commit()
    flash(_queued(ids, f"Sending your text to {len(ids)} people."))
    return redirect(url_for("dashboard.event", code=ev.code))


def _figures(shown: Estimate, body: str) -> str:
    """What the host confirms: the numbers, and the text they were counted for."""
    text = hashlib.sha256(" ".join(body.split()).encode()).hexdigest()[:12]
    return f"{shown.texts}:{shown.segments}:{text}"


def _confirm(
    ev: Event, body: str, shown: Estimate | None = None, error: str = "", changed: bool = False
) -> str:
    """The broadcast's confirmation (or why it cannot go), the text kept to edit."""
    return render_template(
        "admin/broadcast.html",
        event=ev,
        body=body,
        shown=shown,
        figures=_figures(shown, body) if shown else "",
        error=error,
        changed=changed,
    )


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
    return done if queue_texts(ids) else f"{done} {REDIS_DOWN}"
