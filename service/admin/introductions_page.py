"""Finish: the learn/teach introductions after the event, shown before they go out, then
sent now or at a time the host picks."""

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
from service.auth import login_required
from workers.intros import sending
from workers.settings.config import redis_url

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
        rows = sending.match_rows(session, ev)
        names = dict(session.execute(select(Attendee.id, Attendee.name).where(
            Attendee.event_id == ev.id)).all())  # fmt: skip
        progress = sending.progress(session, ev.id)
    return render_template(
        "admin/matches.html", event=ev, rows=rows, names=names, progress=progress
    )


@bp.post("/<code>/matches")
@login_required
def send_matches(code: str) -> Response:
    """Send the introductions now, or schedule them ("when" is the host's local time)."""
    with Session() as session:
        ev = hosted_event(session, code)
    try:
        when = _when(request.form.get("when", ""), request.form.get("offset", "0"))
        run = sending.schedule(ev.id, when, redis_url(current_app.config))
    except (ValueError, sending.MatchError) as error:
        flash(f"Not sent: {error}.", "error")
        return redirect(url_for("introductions.match_ups", code=ev.code))
    if when is None:
        flash("The introductions are being texted now.", "ok")
    else:
        flash(f"The introductions go out at {run.send_at:%Y-%m-%d %H:%M} UTC.", "ok")
    return redirect(url_for("dashboard.event", code=ev.code))


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
