"""The wall view, for the room's projector or TV: /wall/<token>, with no sign-in.

The token (workers.events.wall) is the only key: an unknown or revoked token answers 404,
and a token opens its own event's wall and nothing else.
"""

from flask import Blueprint, abort, current_app, render_template
from markupsafe import Markup

from models import Event, Session, utcnow
from service.qr import qr_svg
from workers.events import wall

bp = Blueprint("wall", __name__, url_prefix="/wall")


@bp.get("/<token>")
def screen(token: str) -> str:
    """The whole wall page; its screen refreshes itself."""
    return _render(token, "wall/wall.html")


@bp.get("/<token>/screen")
def live(token: str) -> str:
    """The wall's screen alone, for htmx to swap in."""
    return _render(token, "wall/_screen.html")


@bp.after_request
def not_kept(response):
    """The token is a key: browsers and proxies keep no copy of its pages; search engines
    do not list them."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _render(token: str, template: str) -> str:
    with Session() as session:
        event = wall.event_by_token(session, token)
        if event is None:
            abort(404)
        shown = wall.wall(session, event, number_for(event), utcnow())
    return render_template(template, wall=shown, token=token, qr=join_qr(shown))


def number_for(event: Event) -> str | None:
    """The number people text for this event: its own, else the service's; None if neither
    is known (rehearsal, or a Twilio messaging service with no number set)."""
    return event.phone_number or current_app.config.get("TWILIO_FROM_NUMBER") or None


def join_qr(shown: wall.Wall) -> Markup | None:
    """The QR code that opens a text to the event's number with its code typed in."""
    if shown.number is None:
        return None
    return qr_svg(wall.sms_uri(shown.number, shown.code), f"Text {shown.code} to {shown.number}")
