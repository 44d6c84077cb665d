"""Finish: the learn/teach introductions after the event, shown before they go out (each
person's together, with what sending costs; the host drops any pair), then sent, once
confirmed, now or at a time the host picks; afterwards, where each one stands."""

from datetime import UTC, datetime, timedelta

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from models import Attendee, Session
from service.admin.access import hosted_event
from service.auth import current_host, login_required
from workers.intros import drops, sending
from workers.settings.config import redis_url
from workers.texts.replies import OFFER_HOURS

bp = Blueprint("introductions", __name__, url_prefix="/admin/events")
# Introductions go out soon after the event; the browser's UTC offset is within a day.
MAX_SCHEDULE_AHEAD = timedelta(days=90)
MAX_UTC_OFFSET = timedelta(hours=24)


@bp.get("/<code>/matches")
@login_required
def match_ups(code: str) -> str:
    """Finish: the learn/teach introductions as they would go out now (or as sent)."""
    with Session() as session:
        ev = hosted_event(session, code)
        seen = sending.overview(session, ev, _floor(), _price())
        names = dict(session.execute(select(Attendee.id, Attendee.name).where(
            Attendee.event_id == ev.id)).all())  # fmt: skip
        progress = sending.progress(session, ev.id)
    return render_template(
        "admin/matches.html", event=ev, seen=seen, people=by_person(seen.rows, names),
        names=names, progress=progress, floor=_floor(), offer_hours=OFFER_HOURS,
    )  # fmt: skip


@bp.post("/<code>/matches")
@login_required
def send_matches(code: str) -> Response:
    """Send the introductions now, or schedule them ("when" is the host's local time), once
    the host confirmed the number of texts the page showed."""
    with Session() as session:
        ev = hosted_event(session, code)
        seen = sending.overview(session, ev, _floor(), _price())
    back = redirect(url_for("introductions.match_ups", code=ev.code))
    if request.form.get("confirm") != "yes":
        flash("Not sent: tick the box that says how many texts go out, then send.", "error")
        return back
    if seen.estimate and request.form.get("texts") != str(seen.estimate.texts):
        flash("Not sent: the introductions changed since the page was shown (now "
              f"{seen.estimate.describe()}); check them and confirm again.", "error")  # fmt: skip
        return back
    try:
        when = _when(request.form.get("when", ""), request.form.get("offset", "0"))
        run = sending.schedule(ev.id, when, redis_url(current_app.config))
    except (ValueError, sending.MatchError) as error:
        flash(f"Not sent: {error}.", "error")
        return back
    if when is None:
        flash("The introductions are being texted now.", "ok")
    else:
        flash(f"The introductions go out at {run.send_at:%Y-%m-%d %H:%M} UTC.", "ok")
    return redirect(url_for("dashboard.event", code=ev.code))


@bp.post("/<code>/matches/drop")
@login_required
def drop(code: str) -> Response:
    """Keep one planned introduction from going out; its places stay empty."""
    return _change(code, "Dropped: that pair will not be introduced.", lambda session, ev:
                   drops.drop(session, ev, _pair(), _host(), _floor()))  # fmt: skip


@bp.post("/<code>/matches/undo")
@login_required
def undo(code: str) -> Response:
    """Plan a dropped introduction again."""
    return _change(code, "Restored: that pair is planned again.", lambda session, ev:
                   drops.undo(session, ev, _pair(), _host()))  # fmt: skip


@bp.post("/<code>/matches/refill")
@login_required
def refill(code: str) -> Response:
    """Let the next best introductions take the dropped pairs' places."""
    return _change(code, "The dropped pairs' places go to the next best introductions.",
                   lambda session, ev: drops.refill(session, ev, _host()))  # fmt: skip


def by_person(rows: list[dict], names: dict[int, str | None]) -> list[tuple[str, int, list]]:
    """Each person's introductions together (as learner and as teacher), by name."""
    mine: dict[int, list[dict]] = {}
    for row in rows:
        for person in (row["learner_id"], row["teacher_id"]):
            if person is not None:
                mine.setdefault(person, []).append(row)
    people = [(names.get(person) or "(no name)", person, found) for person, found in mine.items()]
    return sorted(people, key=lambda p: (p[0].casefold(), p[1]))


def _change(code: str, done: str, change) -> Response:
    with Session() as session:
        ev = hosted_event(session, code)
        try:
            change(session, ev)
        except (ValueError, drops.DropRefused) as error:
            flash(f"Nothing changed: {error}.", "error")
        else:
            session.commit()
            flash(done, "ok")
    return redirect(url_for("introductions.match_ups", code=code))


def _pair() -> tuple[int, int]:
    try:
        pair = int(request.form["learner"]), int(request.form["teacher"])
    except (KeyError, ValueError):
        pair = (0, 0)
    if not all(0 < person < 2**31 for person in pair):
        raise ValueError("that introduction could not be read")
    return pair


def _host() -> str:
    host = current_host()
    return host.email if host else ""


def _floor() -> float:
    return float(current_app.config["INTRO_SCORE_FLOOR"])


def _price() -> float:
    return float(current_app.config["SMS_PRICE_PER_SEGMENT"])


def _when(local: str, offset_minutes: str) -> datetime | None:
    """A datetime-local field plus the browser's getTimezoneOffset(), as aware UTC."""
    if not local.strip():
        return None
    try:
        naive = datetime.fromisoformat(local.strip())
        offset = timedelta(minutes=int(offset_minutes or 0))
        if abs(offset) > MAX_UTC_OFFSET:
            raise ValueError
        when = (naive + offset).replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        raise ValueError("that time could not be read; use the date and time picker") from None
    now = datetime.now(UTC)
    if when < now - timedelta(minutes=1):
        raise ValueError("that time has passed; leave it empty to send now")
    if when > now + MAX_SCHEDULE_AHEAD:
        raise ValueError(
            f"that is more than {MAX_SCHEDULE_AHEAD.days} days away; pick a sooner time"
        )
    return when
