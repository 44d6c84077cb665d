"""One event's live dashboard: sign-ups, roster, rounds, delivery, table cards, broadcast."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/admin/events")
